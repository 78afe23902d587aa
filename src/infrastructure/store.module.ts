import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config';
import { EventStore, migrate, openDatabase, type Database } from '../eventstore';

export const DATABASE = Symbol('Database');

/**
 * Opens the configured database (PostgreSQL, or embedded PGlite). Migrates it unless told
 * not to: `verify` only reads, and an application role without DDL rights starts with
 * SIJILL_MIGRATE_ON_START=false after an operator ran `sijill migrate`.
 */
export async function openStoreDatabase(options: { migrate?: boolean } = {}): Promise<Database> {
  const config = loadConfig();
  let dataDir: string | undefined;
  if (!config.databaseUrl) {
    dataDir = join(config.dataDir, 'pglite');
    mkdirSync(dataDir, { recursive: true });
  }
  const db = await openDatabase({ url: config.databaseUrl, dataDir, poolSize: config.poolSize });
  if (options.migrate ?? config.migrateOnStart) await migrate(db);
  return db;
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
