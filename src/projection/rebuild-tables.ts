/**
 * The fresh tables of a rebuild (rebuild.ts): made empty before the load, then completed
 * after it with their keys, their indexes and the rows their projections derive from
 * them. A rebuild in several threads completes each thread's tables as soon as that
 * thread's load is done, while the others still load: the steps after the load are the
 * database's work, and the thread that finished first leaves a core for them.
 */
import type { Database, Transaction } from '../eventstore/db';
import type { Projection } from './projection';
import { REBUILD } from './rebuild-load';

/** Per index build: enough to sort a 10-million-row index in memory. */
const INDEX_BUILD_MEMORY = '512MB';

/** When one group of projections had its tables keyed, indexed and derived (ms, `performance.now()`). */
export interface Completed {
  projections: string[];
  loaded: number;
  keyed: number;
  indexed: number;
  derived: number;
}

/**
 * Completes the tables of some projections whose load is done: keys on the tables their
 * rebuilders filled (`keyedLater`), the other indexes, statistics, then the derived rows.
 * Reads and writes only these projections' tables, so it may run beside another group's load.
 */
export async function completeTables(
  db: Database,
  projections: readonly Projection[],
  keyedLater: readonly string[],
): Promise<Completed> {
  const loaded = performance.now();
  const tables = projections.flatMap((p) => p.tables);
  await addKeys(
    db,
    tables.filter((t) => keyedLater.includes(t)),
  );
  const keyed = performance.now();
  // `apply` and the derived rows read the tables through their indexes.
  await createIndexes(db, tables);
  await db.exec(tables.map((t) => `analyze ${REBUILD}.${t}`).join('; '));
  const indexed = performance.now();
  await writeDerived(db, projections);
  return {
    projections: projections.map((p) => p.name),
    loaded,
    keyed,
    indexed,
    derived: performance.now(),
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

export async function prepareCopies(
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
