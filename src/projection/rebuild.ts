/**
 * Rebuilds projections from position zero into fresh copies of their tables while the
 * current tables keep serving, then swaps them in atomically.
 *
 * The copies live in schema `sijill_rebuild`; the projections' own `apply` fills them
 * unchanged, because they name their tables unqualified and the rebuild puts the schema
 * first on the search path. The copies get the tables' columns, defaults and checks, then
 * their primary keys and unique constraints (upserts need them), and their other indexes
 * only after the load, with the same names as in `public`.
 *
 * The swap is one transaction: lock the projections' checkpoint rows (a live runner
 * applying a page waits, then finds its checkpoint moved and resumes on the new tables),
 * apply what was appended since the load, move each table out of `public` and its copy
 * in, copy the grants, set the checkpoints, drop the old tables. Readers wait for the
 * swap's few milliseconds of catalog locks and then read the new tables.
 *
 * A rebuild that dies leaves only the `sijill_rebuild` schema, which the next one drops.
 */
import { getHeapStatistics } from 'node:v8';
import { PostgresDatabase, type EventStore } from '../eventstore';
import type { Database, Transaction } from '../eventstore/db';
import { heapShares } from './heap-share';
import type { Projection } from './projection';
import { Lanes, loadFromZero, REBUILD } from './rebuild-load';
import { inThreads, loadInThreads } from './rebuild-threads';
import { applyEvents } from './runner';

const RETIRED = 'sijill_retired';
/** Per index build: enough to sort a 10-million-row index in memory. */
const INDEX_BUILD_MEMORY = '512MB';
/**
 * Share of the heap the rebuilders' open rows may fill, all threads together (`HeapWatch`,
 * heap-share.ts).
 */
const HEAP_SHARE = 0.7;

export interface RebuildProgress {
  position: number;
  head: number;
  events: number;
}

export type RebuildPhase = 'load' | 'keys' | 'indexes' | 'derived' | 'catchUp' | 'swap';

export interface RebuildReport {
  projections: string[];
  /** Events read from the log (every type), from zero to the swap. */
  events: number;
  /** The global position the swapped-in tables reflect. */
  position: number;
  /**
   * Where the rebuilders' open rows filled the heap and the rest of the log went through the
   * projections' `apply` instead; null when they folded it all.
   */
  rebuildersUntil: number | null;
  seconds: number;
  eventsPerSec: number;
  /**
   * Seconds of each step, in order: the fresh tables and the load (reading and folding the
   * log), the keys, the indexes (with analyze), the derived rows, catching up with `apply`,
   * and the swap: an operator sizing a rebuild window, and a benchmark, see where the time
   * goes.
   */
  phases: Record<RebuildPhase, number>;
}

export async function rebuildProjections(
  db: Database,
  store: EventStore,
  projections: readonly Projection[],
  options: {
    pageSize?: number;
    onProgress?: (p: RebuildProgress) => void;
    /** Bytes of heap the rebuilders may fill; by default 70 % of the heap's limit. */
    heapBudget?: number;
    /**
     * Threads to fold the load in (PostgreSQL only; 1 by default: in this thread). Each
     * thread takes a group of projections and reads the log on its own connection.
     */
    threads?: number;
  } = {},
): Promise<RebuildReport> {
  const started = performance.now();
  const phases: Record<RebuildPhase, number> = {
    load: 0,
    keys: 0,
    indexes: 0,
    derived: 0,
    catchUp: 0,
    swap: 0,
  };
  let phaseStarted = started;
  const ended = (phase: RebuildPhase) => {
    const now = performance.now();
    phases[phase] = Math.round(now - phaseStarted) / 1000;
    phaseStarted = now;
  };
  const tables = projections.flatMap((p) => p.tables);
  // A rebuilder writes each row once: its tables get their keys after the load (one sort
  // each, and a check that no row was written twice) instead of an index probe per row.
  const keyedLater = projections.filter((p) => p.rebuilder).flatMap((p) => p.tables);
  await prepareCopies(
    db,
    tables,
    tables.filter((t) => !keyedLater.includes(t)),
  );

  // The load: the log from zero to the head as it stands now.
  let head = await store.headPosition();
  const target = head;
  const pageSize = options.pageSize ?? 5000;
  const heapBudget = options.heapBudget ?? getHeapStatistics().heap_size_limit * HEAP_SHARE;
  const groups = inThreads(projections, db instanceof PostgresDatabase ? options.threads : 1);
  const load = groups
    ? await loadInThreads((db as PostgresDatabase).url, groups, target, {
        pageSize,
        heapBudget,
        onProgress: (p) => options.onProgress?.({ ...p, head }),
      })
    : await loadFromZero(db, store, projections, target, {
        pageSize,
        heap: heapShares(heapBudget, 1)[0]!,
        onProgress: (p) => options.onProgress?.({ ...p, head }),
      });
  let events = load.events;
  ended('load');
  await addKeys(db, keyedLater);
  ended('keys');
  // `apply` and the derived rows read the tables through their indexes.
  await createIndexes(db, tables);
  await db.exec(tables.map((t) => `analyze ${REBUILD}.${t}`).join('; '));
  ended('indexes');
  await writeDerived(db, projections);
  ended('derived');

  // Catch up, with the ordinary apply, on what arrived meanwhile (and on the rest of the
  // load when the heap filled) until the remainder is small enough to apply inside the
  // swap's transaction. Each projection goes on from where its own load stopped.
  const from = (p: Projection) => load.upTo.get(p.name) ?? 0;
  let position = Math.min(...projections.map(from));
  const counted = Math.max(...projections.map(from));
  const lanes = new Lanes(db, projections, false);
  for (let round = 0; round < 5; round++) {
    head = await store.headPosition();
    if (head - position < 1000) break;
    for await (const page of store.readAllPages(position, pageSize)) {
      lanes.feed(
        page,
        (lane, e) => e.position > from(lane.projection) && lanes.ownType(lane, e),
        (lane, tx, relevant) => lane.projection.apply(tx, relevant),
      );
      await lanes.settle();
      position = page[page.length - 1]!.position;
      events += page.filter((e) => e.position > counted).length;
      options.onProgress?.({ position, head, events });
      if (position >= head) break;
    }
    await lanes.drain();
  }
  ended('catchUp');

  const swapped = await db.transaction(async (tx) => {
    const names = projections.map((p) => p.name).sort();
    await tx.query(
      `insert into projection_checkpoints (name) select unnest($1::text[]) on conflict (name) do nothing`,
      [names],
    );
    await tx.query(
      `select name from projection_checkpoints where name = any($1::text[]) order by name for update`,
      [names],
    );
    // What arrived since the load, applied under the lock: nothing can slip in between.
    // The log and the checkpoints are only in public: the path reaches them too.
    await tx.exec(`set local search_path = ${REBUILD}, public`);
    let at = position;
    for (;;) {
      const page = await store.readAll(at, 5000, tx);
      const last = page[page.length - 1];
      if (!last) break;
      await applyEvents(tx, projections, page);
      events += page.length;
      at = last.position;
    }
    await tx.exec('set local search_path = public');
    await swapTables(tx, tables);
    await tx.query(
      `update projection_checkpoints set position = $2, updated_at = now() where name = any($1::text[])`,
      [names, at],
    );
    return at;
  });
  await db.exec(
    `drop schema if exists ${REBUILD} cascade; drop schema if exists ${RETIRED} cascade`,
  );
  ended('swap');
  const seconds = (performance.now() - started) / 1000;
  return {
    projections: projections.map((p) => p.name),
    events,
    position: swapped,
    rebuildersUntil: load.rebuildersUntil,
    seconds,
    eventsPerSec: Math.round(events / seconds),
    phases,
  };
}

export interface IndexDefinition {
  table: string;
  name: string;
  definition: string;
  constraint: string | null;
  constraintDefinition: string | null;
}

/** The keys and indexes of these tables in `public`, with their constraints where they are one. */
export async function indexesOf(sql: Pick<Database, 'query'>, tables: readonly string[]) {
  return sql.query<IndexDefinition>(
    `select t.relname as "table", i.relname as name, pg_get_indexdef(i.oid) as definition,
            c.conname as "constraint", pg_get_constraintdef(c.oid) as "constraintDefinition"
       from pg_index x
       join pg_class t on t.oid = x.indrelid
       join pg_class i on i.oid = x.indexrelid
       join pg_namespace n on n.oid = t.relnamespace
       left join pg_constraint c on c.conindid = i.oid and c.contype in ('p', 'u')
      where n.nspname = 'public' and t.relname = any($1::text[])
      order by t.relname, i.relname`,
    [tables],
  );
}

async function prepareCopies(
  db: Database,
  tables: readonly string[],
  keyedNow: readonly string[],
): Promise<void> {
  const sequenced = await db.query<{ table: string; column: string }>(
    `select table_name as "table", column_name as "column" from information_schema.columns
      where table_schema = 'public' and table_name = any($1::text[])
        and column_default like 'nextval(%'`,
    [tables],
  );
  if (sequenced.length > 0)
    throw new Error(
      `cannot rebuild ${sequenced.map((s) => `${s.table}.${s.column}`).join(', ')}: a projection's rows must be keyed by what the events say, not by a sequence`,
    );
  await db.exec(`drop schema if exists ${REBUILD} cascade; create schema ${REBUILD}`);
  for (const table of tables)
    await db.exec(
      `create table ${REBUILD}.${table} (like public.${table}
         including defaults including constraints including generated including storage)`,
    );
  await addKeys(db, keyedNow);
}

/** Primary keys and unique constraints, as in `public`, on the copies of these tables. */
async function addKeys(db: Database, tables: readonly string[]): Promise<void> {
  if (tables.length === 0) return;
  const keys = (await indexesOf(db, tables)).filter((index) => index.constraint);
  await inParallel(
    db,
    keys.map((key) => buildIn(REBUILD, key)),
  );
}

/** The statement that builds this key (as its constraint) or index on the same table in `schema`. */
export function buildIn(schema: string, index: IndexDefinition): string {
  if (index.constraint && index.constraintDefinition)
    return `alter table ${schema}.${index.table} add constraint ${index.constraint} ${index.constraintDefinition}`;
  const definition = index.definition.replace(
    ` ON public.${index.table} `,
    ` ON ${schema}.${index.table} `,
  );
  if (definition === index.definition)
    throw new Error(`cannot re-create index ${index.name}: ${index.definition}`);
  return definition;
}

/** Runs these tasks two at a time: an index build or a COPY keeps one core busy. */
export async function twoAtATime<T>(
  items: readonly T[],
  task: (item: T) => Promise<void>,
): Promise<void> {
  const queue = [...items];
  const worker = async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) await task(next);
  };
  await Promise.all([worker(), worker()]);
}

/** Runs DDL two at a time, with room to sort. */
export function inParallel(db: Database, statements: readonly string[]): Promise<void> {
  return twoAtATime(statements, (statement) =>
    db.transaction(async (tx) => {
      await tx.exec(`set local maintenance_work_mem = '${INDEX_BUILD_MEMORY}'`);
      await tx.exec(statement);
    }),
  );
}

/** The secondary indexes, built after the load: one sort each instead of an insert per row. */
async function createIndexes(db: Database, tables: readonly string[]): Promise<void> {
  const indexes = (await indexesOf(db, tables)).filter((index) => !index.constraint);
  await inParallel(
    db,
    indexes.map((index) => buildIn(REBUILD, index)),
  );
}

/** The rows projections derive from their fresh tables (`Projection.derived`), then their statistics. */
async function writeDerived(db: Database, projections: readonly Projection[]): Promise<void> {
  const deriving = projections.filter((p) => p.derived);
  const inRebuild = <T>(work: (tx: Transaction) => Promise<T>) =>
    db.transaction(async (tx) => {
      await tx.exec(`set local search_path = ${REBUILD}, public`);
      return work(tx);
    });
  const statements = await inRebuild(async (tx) => {
    const lists = await Promise.all(deriving.map((p) => p.derived!(tx)));
    return lists.flat();
  });
  await twoAtATime(statements, (statement) => inRebuild((tx) => tx.exec(statement)));
  for (const t of deriving.flatMap((p) => p.tables)) await db.exec(`analyze ${REBUILD}.${t}`);
}

async function swapTables(tx: Transaction, tables: readonly string[]): Promise<void> {
  await tx.exec(`drop schema if exists ${RETIRED} cascade; create schema ${RETIRED}`);
  const grants = await tx.query<{ table: string; grantee: string; privilege: string }>(
    `select table_name as "table", grantee, privilege_type as privilege
       from information_schema.role_table_grants
      where table_schema = 'public' and table_name = any($1::text[])
        and grantee <> current_user`,
    [tables],
  );
  for (const table of tables) {
    await tx.exec(`alter table public.${table} set schema ${RETIRED}`);
    await tx.exec(`alter table ${REBUILD}.${table} set schema public`);
  }
  for (const g of grants)
    await tx.exec(`grant ${g.privilege} on public.${g.table} to ${quoteIdent(g.grantee)}`);
  await tx.exec(`drop schema ${RETIRED} cascade`);
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
