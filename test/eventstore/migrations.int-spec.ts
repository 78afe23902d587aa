/**
 * A build started without migrating (SIJILL_MIGRATE_ON_START=false, `sijill projections`,
 * `sijill history`) refuses a database that lacks one of its migrations, naming it; `verify`,
 * which reads the event log only, does not, nor does `sijill migrate`, which brings it up to
 * date.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { loadMigrations, migrate, pendingMigrations, PostgresDatabase } from '../../src/eventstore';
import { openStoreDatabase } from '../../src/infrastructure/store.module';
import { adminQuery, serverUrl, urlFor } from '../support/databases';
import { describeWithPostgres } from '../support/describe-with-postgres';

describeWithPostgres('migrations: a build refuses a database whose schema is older', () => {
  const name = `sijill_test_schema_${process.pid}`;
  let url: string;
  let db: PostgresDatabase;
  const all = loadMigrations();
  const last = all.at(-1)!.name;

  beforeAll(async () => {
    await adminQuery(`drop database if exists ${name} with (force)`);
    await adminQuery(`create database ${name}`);
    url = urlFor(serverUrl()!, name);
    db = new PostgresDatabase(url, 2);
  });
  afterAll(async () => {
    await db.close();
    await adminQuery(`drop database if exists ${name} with (force)`);
  });

  /** The store as a command opens it, with DATABASE_URL pointing at this database. */
  const open = async (options: { anySchema?: boolean } = {}) => {
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = url;
    try {
      const store = await openStoreDatabase({ migrate: false, ...options });
      await store.close();
    } finally {
      process.env.DATABASE_URL = saved;
    }
  };

  const sijillMigrate = () =>
    new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        [join(__dirname, '..', '..', 'bin', 'sijill.js'), 'migrate'],
        { env: { ...process.env, DATABASE_URL: url, SIJILL_FROM_SOURCE: '1' }, timeout: 120_000 },
        (error, stdout, stderr) => (error ? reject(new Error(stderr)) : resolve(stdout)),
      ),
    );

  it('lists every migration of an empty database, and refuses to open it', async () => {
    expect(await pendingMigrations(db)).toEqual(all.map((m) => m.name));
    await expect(open()).rejects.toThrow(/schema is older than this build/);
  });

  it('names the one migration missing, refuses to open, and opens once it is applied', async () => {
    await migrate(db, all.slice(0, -1));
    expect(await pendingMigrations(db)).toEqual([last]);
    await expect(open()).rejects.toThrow(`${last} not applied; run \`npx sijill migrate\``);
    // Verifying the hash chain reads the log only: an older schema does not stop it.
    await expect(open({ anySchema: true })).resolves.toBeUndefined();
    // `sijill migrate` opens the older database it is there to bring up to date.
    expect(await sijillMigrate()).toBe(`applied: ${last}\n`);
    expect(await pendingMigrations(db)).toEqual([]);
    await expect(open()).resolves.toBeUndefined();
  });

  it('refuses a migration changed after it was applied', async () => {
    const changed = all.map((m, i) => (i === 0 ? { ...m, checksum: '0'.repeat(64) } : m));
    await expect(pendingMigrations(db, changed)).rejects.toThrow(
      `migration ${all[0]!.name} was changed after it was applied`,
    );
  });
});
