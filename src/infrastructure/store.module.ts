import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config';
import { EventStore, migrate, openDatabase, pendingMigrations, type Database } from '../eventstore';

export const DATABASE = Symbol('Database');

/**
 * Opens the configured database (PostgreSQL, or embedded PGlite). Migrates it unless told
 * not to: `verify` only reads, and an application role without DDL rights starts with
 * SIJILL_MIGRATE_ON_START=false after an operator ran `sijill migrate`. Not migrated, it
 * must already have every migration of this build, or nothing starts: PostgreSQL would
 * otherwise cast what a newer build writes into an older column without complaint (an
 * array's text into a text column, say). `anySchema`: the caller reads the event log only.
 */
export async function openStoreDatabase(
  options: { migrate?: boolean; anySchema?: boolean } = {},
): Promise<Database> {
  const config = loadConfig();
  let dataDir: string | undefined;
  if (!config.databaseUrl) {
    dataDir = join(config.dataDir, 'pglite');
    mkdirSync(dataDir, { recursive: true });
  }
  const db = await openDatabase({ url: config.databaseUrl, dataDir, poolSize: config.poolSize });
  if (options.migrate ?? config.migrateOnStart) await migrate(db);
  else if (!options.anySchema) await requireCurrentSchema(db);
  return db;
}

async function requireCurrentSchema(db: Database): Promise<void> {
  try {
    const pending = await pendingMigrations(db);
    if (pending.length > 0)
      throw new Error(
        `the database's schema is older than this build: ${pending.join(', ')} not applied; ` +
          'run `npx sijill migrate` first (or start without SIJILL_MIGRATE_ON_START=false)',
      );
  } catch (error) {
    await db.close();
    throw error;
  }
}

@Global()
@Module({
  providers: [
    { provide: DATABASE, useFactory: openStoreDatabase },
    { provide: EventStore, useFactory: (db: Database) => new EventStore(db), inject: [DATABASE] },
  ],
  exports: [DATABASE, EventStore],
})
export class StoreModule implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }
}
