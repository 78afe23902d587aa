/**
 * `rebuild-ceiling`: how fast PostgreSQL alone can write what a rebuild writes, on the
 * register at DATABASE_URL, whose read models must be up to date (`bench rebuild` first).
 *
 * Every table of the five projections is copied out as COPY text to a temporary file
 * (not timed); then, timed, each is loaded into an empty copy without indexes by
 * `COPY … FROM STDIN` (two tables at a time, as the two cores allow), and its keys and
 * indexes are built afterwards (two at a time, 512 MB to sort each, as a rebuild builds
 * them). No event is read and no projection code runs: this is the database's share of a
 * rebuild on this machine, the ceiling a rebuild cannot pass however fast Node folds the
 * log. The copies are dropped at the end.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { PROJECTIONS } from '../../projections';
import { EventStore, PostgresDatabase } from '../eventstore';
import { buildIn, indexesOf, inParallel, twoAtATime } from '../projection/rebuild';

const SCHEMA = 'sijill_ceiling';

export async function rebuildCeilingBench(url: string) {
  // Plain reads: COPY TO STDOUT reads the socket itself.
  const db = new PostgresDatabase(url, 3, undefined, 'plain');
  const dir = mkdtempSync(join(tmpdir(), 'sijill-ceiling-'));
  const tables = PROJECTIONS.flatMap((p) => p.tables);
  try {
    const events = await new EventStore(db).headPosition();
    const file = (table: string) => join(dir, `${table}.copy`);
    for (const table of tables) {
      const client = await db.pool.connect();
      try {
        await pipeline(
          client.query(copyTo(`copy public.${table} to stdout`)),
          createWriteStream(file(table)),
        );
      } finally {
        client.release();
      }
    }
    const bytes = tables.reduce((sum, t) => sum + statSync(file(t)).size, 0);
    const indexes = await indexesOf(db, tables);
    await db.exec(`drop schema if exists ${SCHEMA} cascade; create schema ${SCHEMA}`);
    for (const table of tables)
      await db.exec(
        `create table ${SCHEMA}.${table} (like public.${table} including defaults including storage)`,
      );
    let rows = 0;
    const started = performance.now();
    await twoAtATime(tables, async (table) => {
      const client = await db.pool.connect();
      try {
        const sink = client.query(copyFrom(`copy ${SCHEMA}.${table} from stdin`));
        const source = createReadStream(file(table));
        await pipeline(source, sink);
        rows += sink.rowCount;
      } finally {
        client.release();
      }
    });
    const loaded = performance.now();
    const ddl = indexes.map((index) => buildIn(SCHEMA, index));
    await inParallel(db, ddl);
    const seconds = (performance.now() - started) / 1000;
    return {
      scenario: 'rebuild-ceiling',
      events,
      tables: tables.length,
      rows,
      copyTextMB: Math.round(bytes / 2 ** 20),
      indexes: ddl.length,
      loadSeconds: Math.round(loaded - started) / 1000,
      indexSeconds: Math.round(performance.now() - loaded) / 1000,
      seconds: Math.round(seconds * 10) / 10,
      eventsPerSec: Math.round(events / seconds),
    };
  } finally {
    await db.exec(`drop schema if exists ${SCHEMA} cascade`).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    await db.close();
  }
}
