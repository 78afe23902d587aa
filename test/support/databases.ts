/**
 * Test databases. With DATABASE_URL set (CI, the development machine), each test file
 * gets its own database, cloned from a template migrated once per run, so files run in
 * parallel without truncating anything. Without it, the suites that need a PostgreSQL
 * server are reported as skipped, never silently passed.
 */
import pg from 'pg';
import { PostgresDatabase, migrate } from '../../src/eventstore';

export const TEMPLATE_DB = 'sijill_test_template';

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
  await adminQuery(`drop database if exists ${TEMPLATE_DB} with (force)`);
  await adminQuery(`create database ${TEMPLATE_DB}`);
  const db = new PostgresDatabase(urlFor(base, TEMPLATE_DB), 1);
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
  await adminQuery(`create database ${name} template ${TEMPLATE_DB}`);
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
