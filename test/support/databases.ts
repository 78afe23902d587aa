/**
 * Test databases. With DATABASE_URL set (CI, the development machine), each test file
 * gets its own database, cloned from a template migrated once per run, so files run in
 * parallel without truncating anything. Without it, the suites that need a PostgreSQL
 * server are reported as skipped, never silently passed.
 */
import pg from 'pg';
import { PostgresDatabase, migrate } from '../../src/eventstore';

/**
 * One template per test run (named by the jest parent's pid, which the global setup
 * passes to the workers), so that two runs on one server never drop each other's.
 */
export function templateDb(): string {
  return process.env.SIJILL_TEST_TEMPLATE ?? `sijill_test_template_${process.pid}`;
}

// Read once: an end-to-end test points the app's DATABASE_URL at its own database.
const SERVER_URL = process.env.DATABASE_URL || undefined;

export function serverUrl(): string | undefined {
  return SERVER_URL;
}

export function urlFor(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates and migrates the template (global setup). */
export async function createTemplate(): Promise<void> {
  const base = serverUrl();
  if (!base) return;
  process.env.SIJILL_TEST_TEMPLATE = templateDb();
  await adminQuery(`drop database if exists ${templateDb()} with (force)`);
  await adminQuery(`create database ${templateDb()}`);
  const db = new PostgresDatabase(urlFor(base, templateDb()), 1);
  try {
    await migrate(db);
  } finally {
    await db.close();
  }
}

let counter = 0;

/** A fresh migrated database for one test file; dropped by `drop()`. */
export async function freshDatabase(poolSize = 10): Promise<{
  url: string;
  db: PostgresDatabase;
  drop: () => Promise<void>;
}> {
  const base = serverUrl();
  if (!base) throw new Error('DATABASE_URL is not set');
  const name = `sijill_test_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  await adminQuery(`create database ${name} template ${templateDb()}`);
  const url = urlFor(base, name);
  const db = new PostgresDatabase(url, poolSize);
  return {
    url,
    db,
    drop: async () => {
      await db.close().catch(() => undefined);
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}
