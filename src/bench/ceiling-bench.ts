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
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { PROJECTIONS } from '../../projections';
import { EventStore, PostgresDatabase } from '../eventstore';

const SCHEMA = 'sijill_ceiling';
const INDEX_BUILD_MEMORY = '512MB';

/** Runs these tasks two at a time. */
async function twoAtATime<T>(items: readonly T[], task: (item: T) => Promise<void>) {
  const queue = [...items];
  const worker = async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) await task(next);
  };
  await Promise.all([worker(), worker()]);
}

export async function rebuildCeilingBench(url: string) {
  const db = new PostgresDatabase(url, 3);
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
    const indexes = await db.query<{
      definition: string;
      constraint: string | null;
      table: string;
    }>(
      `select t.relname as "table", pg_get_indexdef(i.oid) as definition,
              case when c.oid is not null
                then 'alter table ${SCHEMA}.' || t.relname || ' add constraint ' || c.conname ||
                     ' ' || pg_get_constraintdef(c.oid) end as "constraint"
         from pg_index x
         join pg_class t on t.oid = x.indrelid
         join pg_class i on i.oid = x.indexrelid
         join pg_namespace n on n.oid = t.relnamespace
         left join pg_constraint c on c.conindid = i.oid and c.contype in ('p', 'u')
        where n.nspname = 'public' and t.relname = any($1::text[])`,
      [tables],
    );

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
        if (!sink.writableFinished) await once(sink, 'finish');
        rows += sink.rowCount;
      } finally {
        client.release();
      }
    });
    const loaded = performance.now();
    const ddl = indexes.map(
      (i) =>
        i.constraint ?? i.definition.replace(` ON public.${i.table} `, ` ON ${SCHEMA}.${i.table} `),
    );
    await twoAtATime(ddl, (statement) =>
      db.transaction(async (tx) => {
        await tx.exec(`set local maintenance_work_mem = '${INDEX_BUILD_MEMORY}'`);
        await tx.exec(statement);
      }),
    );
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
