/**
 * Applies the SQL files of migrations/ in name order, each once, all pending ones in one
 * transaction (a half-applied upgrade never remains), under an advisory lock so that
 * several instances starting together migrate once. A file changed after it was applied
 * is refused by its checksum.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Database } from './db';

/** migrations/ at the project root, found from the sources or from a compiled build. */
export const MIGRATIONS_DIR = findMigrations(__dirname);

function findMigrations(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'migrations');
    if (existsSync(join(candidate, 'eventstore'))) return candidate;
  }
  throw new Error(`no migrations/ folder above ${from}`);
}
const LOCK_KEY = 0x51_11_11; // 'Sijill' migrations

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  // The event store's schema first, then the read models' (projections).
  const folders = ['eventstore', 'projections'];
  return folders.flatMap((folder) =>
    readdirSync(join(dir, folder))
      .filter((f) => f.endsWith('.sql'))
      .sort()
      .map((f) => {
        const sql = readFileSync(join(dir, folder, f), 'utf8');
        return {
          name: `${folder}/${f}`,
          sql,
          checksum: createHash('sha256').update(sql).digest('hex'),
        };
      }),
  );
}

export async function migrate(db: Database, migrations = loadMigrations()): Promise<string[]> {
  const applied: string[] = [];
  await db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await tx.query(`create table if not exists schema_migrations (
      name text primary key, checksum text not null, applied_at timestamptz not null default now())`);
    for (const m of notApplied(migrations, await appliedChecksums(tx))) {
      await tx.exec(m.sql);
      await tx.query('insert into schema_migrations (name, checksum) values ($1, $2)', [
        m.name,
        m.checksum,
      ]);
      applied.push(m.name);
    }
  });
  return applied;
}

/**
 * The migrations not yet applied to `db`, in order (all of them on an empty database); one
 * changed after it was applied is refused, as `migrate` refuses it.
 */
export async function pendingMigrations(
  db: Pick<Database, 'query'>,
  migrations = loadMigrations(),
): Promise<string[]> {
  const [table] = await db.query<{ present: boolean }>(
    `select to_regclass('schema_migrations') is not null as present`,
  );
  const done = table?.present ? await appliedChecksums(db) : new Map<string, string>();
  return notApplied(migrations, done).map((m) => m.name);
}

async function appliedChecksums(db: Pick<Database, 'query'>): Promise<Map<string, string>> {
  const rows = await db.query<{ name: string; checksum: string }>(
    'select name, checksum from schema_migrations',
  );
  return new Map(rows.map((r) => [r.name, r.checksum]));
}

/** `migrations` less those in `done`; throws on one whose file changed since it was applied. */
function notApplied(migrations: readonly Migration[], done: Map<string, string>): Migration[] {
  return migrations.filter((m) => {
    const checksum = done.get(m.name);
    if (checksum !== undefined && checksum !== m.checksum)
      throw new Error(`migration ${m.name} was changed after it was applied`);
    return checksum === undefined;
  });
}
