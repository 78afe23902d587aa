/**
 * Name search and duplicate candidates. Per page, a handful of statements whatever its size:
 * load the rows of the persons the page names, write the rows it changes (new persons by
 * COPY), record the name variants, drop removed persons and the pairs of re-scored ones,
 * fetch each re-scored person's blocks (same family-name key, year of birth and first-name
 * key, or same family-name key and full date of birth, in either script) and store the
 * pairs that score at or above the threshold. Rows are written before blocks are read, so two acts of one person in the
 * same page find each other; a pair is scored from the side whose idcs sorts first when
 * both sides were re-scored, so it is scored once, and its score is symmetric: the tables
 * do not depend on where the log was cut into pages. A rebuild from position zero writes
 * each row once and scores the blocks once at the end (name-search.rebuild.ts). */
import type { StoredEvent } from '../../src/eventstore';
import type { Transaction } from '../../src/eventstore/db';
import { defineProjection } from '../../src/projection/projection';
import {
  DuplicateCandidateEntity,
  NameSearchEntity,
  NameVariantEntity,
} from './name-search.entity';
import { rowLine } from './name-search.copy';
import { copyLines, same } from '../../src/projection/copy';
import { NameSearchRebuilder } from './name-search.rebuild';
import { BLOCK_LIMIT, duplicatePair, type Pair } from './pairs';
import {
  change,
  COLUMNS,
  countVariants,
  KeyPairCounts,
  leavesVariant,
  NAME_EVENT_TYPES,
  type IndexRow,
  type NameEvent,
} from './rows';

const SELECT_ROW = COLUMNS.map((c) => `n.${c}`).join(', ');

interface PageResult {
  rows: Map<string, IndexRow>;
  /** Rows of persons not indexed before this page: written with COPY. */
  fresh: Set<string>;
  rescore: Set<string>;
  removed: Set<string>;
  /** The row each act or whole-name note left, one per event: the variants' frequencies. */
  named: IndexRow[];
}

/** The rows of every person the page names (absent ones are not indexed yet). */
async function loadTouched(tx: Transaction, events: readonly StoredEvent[]) {
  const wanted = [...new Set(events.map((e) => (e.data as { idcs: string }).idcs))];
  const rows = await tx.query<IndexRow>(
    `select ${SELECT_ROW} from name_search n where n.idcs = any($1::text[])`,
    [wanted],
  );
  return new Map(rows.map((row) => [row.idcs, row]));
}

function fold(events: readonly StoredEvent[], loaded: Map<string, IndexRow>): PageResult {
  const current = new Map<string, IndexRow | null>(loaded);
  const rescore = new Set<string>();
  const written = new Set<string>();
  const removed = new Set<string>();
  const named: IndexRow[] = [];
  for (const e of events) {
    const event = { type: e.type, data: e.data } as NameEvent;
    const idcs = event.data.idcs;
    const result = change(current.get(idcs) ?? null, event, e.position);
    if (result.kind === 'write') {
      current.set(idcs, result.row);
      written.add(idcs);
      removed.delete(idcs);
      if (result.rescore) rescore.add(idcs);
      if (leavesVariant(event.type, result)) named.push(result.row);
    } else if (result.kind === 'remove') {
      current.set(idcs, null);
      written.delete(idcs);
      rescore.delete(idcs);
      removed.add(idcs);
    }
  }
  const rows = new Map<string, IndexRow>();
  for (const idcs of written) {
    const row = current.get(idcs);
    if (row) rows.set(idcs, row);
  }
  const fresh = new Set([...rows.keys()].filter((idcs) => !loaded.has(idcs)));
  return { rows, fresh, rescore, removed, named };
}

const ARRAY_TYPES: Record<string, string> = { birth_year: 'smallint', position: 'bigint' };
// One array per column (siblings joined by spaces: arrays of arrays do not unnest by row).
const UNNESTED = COLUMNS.map((c, i) => `$${i + 1}::${ARRAY_TYPES[c] ?? 'text'}[]`).join(', ');
const FROM_UNNESTED = COLUMNS.map((c) =>
  c === 'siblings' ? `string_to_array(u.${c}, ' ')` : `u.${c}`,
).join(', ');
const UPSERT = `insert into name_search (${COLUMNS.join(', ')})
  select ${FROM_UNNESTED} from unnest(${UNNESTED}) u(${COLUMNS.join(', ')})
  on conflict (idcs) do update set ${COLUMNS.filter((c) => c !== 'idcs')
    .map((c) => `${c} = excluded.${c}`)
    .join(', ')}`;

async function writeRows(tx: Transaction, rows: readonly IndexRow[], fresh: Set<string>) {
  const created = rows.filter((r) => fresh.has(r.idcs));
  const changed = rows.filter((r) => !fresh.has(r.idcs));
  if (created.length > 0) {
    await tx.copyIn('name_search', COLUMNS, copyLines(created.map(rowLine), same));
  }
  if (changed.length > 0)
    await tx.query(
      UPSERT,
      COLUMNS.map((c) =>
        c === 'siblings'
          ? changed.map((r) => r.siblings?.join(' ') ?? null)
          : changed.map((r) => r[c]),
      ),
    );
}

async function writeVariants(tx: Transaction, rows: readonly IndexRow[]): Promise<void> {
  const counts = new KeyPairCounts();
  for (const r of rows) countVariants(counts, r);
  // Sorted, so that two writers (a rebuild beside the live runner) lock in one order.
  const variants = [...counts.entries()].sort(([a1, l1], [a2, l2]) =>
    a1 < a2 ? -1 : a1 > a2 ? 1 : l1 < l2 ? -1 : l1 > l2 ? 1 : 0,
  );
  if (variants.length === 0) return;
  await tx.query(
    `insert into name_variants (ar_key, lat_key, persons)
     select * from unnest($1::text[], $2::text[], $3::int[])
     on conflict (ar_key, lat_key) do update set persons = name_variants.persons + excluded.persons`,
    [variants.map((v) => v[0]), variants.map((v) => v[1]), variants.map((v) => v[2])],
  );
}

/**
 * The persons sharing a block with each re-scored person (never the person itself). Blocks
 * are exact, as in record linkage, so each is an index range whose size does not grow with
 * the register the way a (family name, year) block does: the same family-name key, year of
 * birth and first-name key, in either script; or the same family-name key and full date of
 * birth, which catches the first-name variants the keys do not merge. The price of a
 * constant cost: a first name the keys spell differently (similar, not merged) is found
 * only with the same day of birth, not with a near one. A partial date (legacy acts: YYYY
 * or YYYY-MM) is no exact date: such a person is found by the first-name block only.
 */
async function blocks(tx: Transaction, people: readonly IndexRow[]) {
  const scored = people.filter((p) => p.birth_year !== null);
  if (scored.length === 0) return [];
  // Each pass is its own index range, read in full rows (no join back to the table, which
  // a planner may turn into a scan); a person found by several passes is kept once.
  const pass = (script: 'ar' | 'lat', on: 'given' | 'date') =>
    `(select ${SELECT_ROW} from name_search n
       where n.family_${script}_key = q.${script} and ${
         on === 'given'
           ? `n.birth_year = q.year and n.given_${script}_key = q.g${script}`
           : 'n.birth_date = q.day'
       } and n.idcs <> q.idcs
       limit ${BLOCK_LIMIT})`;
  const found = await tx.query<IndexRow & { of: string }>(
    `select q.idcs as of, n.*
       from unnest($1::text[], $2::text[], $3::text[], $4::smallint[], $5::text[], $6::text[], $7::text[])
              q(idcs, ar, lat, year, gar, glat, day)
       cross join lateral (${pass('ar', 'given')} union all ${pass('lat', 'given')}
         union all ${pass('ar', 'date')} union all ${pass('lat', 'date')}) n`,
    [
      scored.map((p) => p.idcs),
      scored.map((p) => p.family_ar_key),
      scored.map((p) => p.family_lat_key),
      scored.map((p) => p.birth_year),
      scored.map((p) => p.given_ar_key),
      scored.map((p) => p.given_lat_key),
      scored.map((p) => (p.birth_date?.length === 10 ? p.birth_date : null)),
    ],
  );
  const seen = new Set<string>();
  return found.filter((row) => {
    const pair = `${row.of} ${row.idcs}`;
    if (seen.has(pair)) return false;
    seen.add(pair);
    return true;
  });
}

async function writePairs(tx: Transaction, pairs: Map<string, Pair>) {
  if (pairs.size === 0) return;
  const list = [...pairs.values()];
  await tx.query(
    `insert into duplicate_candidates (idcs_a, idcs_b, score, matched, office_a, office_b)
     select a, b, s, string_to_array(m, ' '), oa, ob
       from unnest($1::text[], $2::text[], $3::real[], $4::text[], $5::text[], $6::text[]) u(a, b, s, m, oa, ob)
     on conflict (idcs_a, idcs_b) do update set score = excluded.score, matched = excluded.matched`,
    [
      list.map((p) => p.a.idcs),
      list.map((p) => p.b.idcs),
      list.map((p) => p.score),
      list.map((p) => p.matched.join(' ')),
      list.map((p) => p.a.office),
      list.map((p) => p.b.office),
    ],
  );
}

export const nameSearch = defineProjection({
  name: 'name-search',
  eventTypes: NAME_EVENT_TYPES,
  entities: [NameSearchEntity, NameVariantEntity, DuplicateCandidateEntity],
  rebuilder: () => new NameSearchRebuilder(),
  async apply(tx: Transaction, events: readonly StoredEvent[]): Promise<void> {
    const { rows, fresh, rescore, removed, named } = fold(events, await loadTouched(tx, events));
    const written = [...rows.values()];
    await writeRows(tx, written, fresh);
    await writeVariants(tx, named);
    // A removed person leaves the index; a re-scored one loses its pairs, scored again below.
    const dropped = [...removed];
    const rescored = written.filter((r) => rescore.has(r.idcs));
    const stale = [...dropped, ...rescored.filter((r) => !fresh.has(r.idcs)).map((r) => r.idcs)];
    if (stale.length > 0)
      await tx.query(
        `with gone as (delete from name_search where idcs = any($1::text[]))
         delete from duplicate_candidates where idcs_a = any($2::text[]) or idcs_b = any($2::text[])`,
        [dropped, stale],
      );
    const pairs = new Map<string, Pair>();
    const byIdcs = new Map(rescored.map((r) => [r.idcs, r]));
    for (const other of await blocks(tx, rescored)) {
      const { of, ...row } = other;
      const self = byIdcs.get(of)!;
      // Both re-scored in this page: the pair is scored once, from its first idcs.
      if (rescore.has(row.idcs) && row.idcs < of) continue;
      const pair = duplicatePair(self, row);
      if (pair) pairs.set(`${pair.a.idcs} ${pair.b.idcs}`, pair);
    }
    await writePairs(tx, pairs);
  },
});
