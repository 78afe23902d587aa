/**
 * Vital statistics by date of occurrence and the population stock. A page of events is
 * applied in a fixed handful of statements: the facts of the records it touches are read
 * at once, the events folded into them in memory, and the difference between each
 * record's old and new contribution written as one upsert of deltas per table.
 */
import type { DivorceNoted, MarriageNoted } from '../../src/domain';
import type { StoredEvent } from '../../src/eventstore';
import type { Transaction } from '../../src/eventstore/db';
import { defineProjection } from '../../src/projection/projection';
import { fullYears, yearMonth } from './classify';
import { contribution, type Contribution } from './contributions';
import { applyFact, FACT_EVENT_TYPES, relatedIdcs, type FactEvent, type VitalFact } from './facts';
import { StockDeltas, writeStock } from './stock';
import { VITAL_STATISTICS_ENTITIES } from './vital-statistics.entity';

export const VITAL_STATISTICS = 'vital-statistics';

/** Years between marriage and divorce, as the UN tabulates divorces. */
export function durationGroup(years: number | null): string {
  if (years === null) return 'unknown';
  if (years < 1) return 'under-1';
  if (years < 5) return '1-4';
  if (years >= 20) return '20+';
  const from = Math.floor(years / 5) * 5;
  return `${from}-${from + 4}`;
}

class Counts {
  readonly cells = new Map<string, { key: (string | number)[]; n: number }>();
  add(key: (string | number)[], w: number): void {
    const id = key.join('\u0001');
    const cell = this.cells.get(id) ?? { key, n: 0 };
    cell.n += w;
    this.cells.set(id, cell);
  }
}

interface CountTable {
  table: string;
  columns: { column: string; type: string }[];
}

const PLACE_COLUMNS = [
  { column: 'year', type: 'smallint' },
  { column: 'month', type: 'smallint' },
  { column: 'region', type: 'text' },
  { column: 'province', type: 'text' },
  { column: 'commune', type: 'text' },
  { column: 'sex', type: 'text' },
];
const profile = (detail: string) => [
  { column: 'year', type: 'smallint' },
  { column: 'month', type: 'smallint' },
  { column: 'region', type: 'text' },
  { column: 'province', type: 'text' },
  { column: 'sex', type: 'text' },
  { column: detail, type: 'text' },
  { column: 'timeliness', type: 'text' },
  { column: 'registration', type: 'text' },
];

const YEAR_COLUMNS = [
  { column: 'year', type: 'smallint' },
  { column: 'region', type: 'text' },
  { column: 'province', type: 'text' },
  { column: 'sex', type: 'text' },
];

const TABLES = {
  birthYear: { table: 'vital_births_by_year', columns: YEAR_COLUMNS },
  deathYear: { table: 'vital_deaths_by_year', columns: YEAR_COLUMNS },
  birthPlace: { table: 'vital_births_by_place', columns: PLACE_COLUMNS },
  birthProfile: { table: 'vital_births_by_profile', columns: profile('mother_age') },
  deathPlace: { table: 'vital_deaths_by_place', columns: PLACE_COLUMNS },
  deathProfile: { table: 'vital_deaths_by_profile', columns: profile('age_group') },
  marriages: {
    table: 'vital_marriages',
    columns: [
      { column: 'year', type: 'smallint' },
      { column: 'month', type: 'smallint' },
      { column: 'office', type: 'text' },
    ],
  },
  divorces: {
    table: 'vital_divorces',
    columns: [
      { column: 'year', type: 'smallint' },
      { column: 'month', type: 'smallint' },
      { column: 'office', type: 'text' },
      { column: 'kind', type: 'text' },
      { column: 'duration', type: 'text' },
    ],
  },
} satisfies Record<string, CountTable>;

async function writeCounts(tx: Transaction, spec: CountTable, counts: Counts): Promise<void> {
  const cells = [...counts.cells.values()].filter((c) => c.n !== 0);
  if (cells.length === 0) return;
  const columns = spec.columns.map((c) => c.column);
  const params = [...spec.columns.map((_, i) => cells.map((c) => c.key[i])), cells.map((c) => c.n)];
  await tx.query(
    `insert into ${spec.table} (${columns.join(', ')}, n)
     select * from unnest(${spec.columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ')}, $${columns.length + 1}::int[])
     on conflict (${columns.join(', ')}) do update set n = ${spec.table}.n + excluded.n`,
    params,
  );
  // A cell a revision brought back to 0 goes: the rows stay those a rebuild would write.
  const lowered = cells.filter((c) => c.n < 0);
  if (lowered.length === 0) return;
  await tx.query(
    `delete from ${spec.table} t
      using unnest(${spec.columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ')}) as u(${columns.join(', ')})
      where ${columns.map((c) => `t.${c} = u.${c}`).join(' and ')} and t.n = 0`,
    spec.columns.map((_, i) => lowered.map((c) => c.key[i])),
  );
}

class PageDeltas {
  readonly birthYear = new Counts();
  readonly deathYear = new Counts();
  readonly birthPlace = new Counts();
  readonly birthProfile = new Counts();
  readonly deathPlace = new Counts();
  readonly deathProfile = new Counts();
  readonly marriages = new Counts();
  readonly divorces = new Counts();
  readonly stock = new StockDeltas();

  add(c: Contribution, w: number): void {
    if (c.birthPlace) {
      const b = c.birthPlace;
      this.birthPlace.add([b.year, b.month, b.region, b.province, b.commune, b.sex], w);
      this.birthYear.add([b.year, b.region, b.province, b.sex], w);
    }
    if (c.birthProfile) {
      const b = c.birthProfile;
      this.birthProfile.add(
        [b.year, b.month, b.region, b.province, b.sex, b.motherAge, b.timeliness, b.registration],
        w,
      );
    }
    if (c.deathPlace) {
      const d = c.deathPlace;
      this.deathPlace.add([d.year, d.month, d.region, d.province, d.commune, d.sex], w);
      this.deathYear.add([d.year, d.region, d.province, d.sex], w);
    }
    if (c.deathProfile) {
      const d = c.deathProfile;
      this.deathProfile.add(
        [d.year, d.month, d.region, d.province, d.sex, d.ageGroup, d.timeliness, d.registration],
        w,
      );
    }
    if (c.stock) this.stock.add(c.stock, w);
  }

  async write(tx: Transaction): Promise<void> {
    await writeCounts(tx, TABLES.birthYear, this.birthYear);
    await writeCounts(tx, TABLES.deathYear, this.deathYear);
    await writeCounts(tx, TABLES.birthPlace, this.birthPlace);
    await writeCounts(tx, TABLES.birthProfile, this.birthProfile);
    await writeCounts(tx, TABLES.deathPlace, this.deathPlace);
    await writeCounts(tx, TABLES.deathProfile, this.deathProfile);
    await writeCounts(tx, TABLES.marriages, this.marriages);
    await writeCounts(tx, TABLES.divorces, this.divorces);
    await writeStock(tx, this.stock);
  }
}

async function applyFacts(
  tx: Transaction,
  events: readonly FactEvent[],
  deltas: PageDeltas,
): Promise<void> {
  if (events.length === 0) return;
  // An act that opens a record finds no fact before it: only the later notes look theirs up.
  const opening = new Set(['BirthRegistered', 'LegacyActDigitised', 'UnidentifiedDeathRegistered']);
  const ids = [...new Set(events.filter((e) => !opening.has(e.type)).flatMap(relatedIdcs))];
  const stored =
    ids.length === 0
      ? []
      : await tx.query<{ idcs: string; fact: VitalFact }>(
          'select idcs, fact from vital_person where idcs = any($1::text[])',
          [ids],
        );
  const before = new Map(stored.map((r) => [r.idcs, r.fact]));
  const facts = new Map(before);
  for (const event of events) applyFact(facts, event);
  const changed = [...facts].filter(([idcs, fact]) => before.get(idcs) !== fact);
  if (changed.length === 0) return;
  for (const [idcs, fact] of changed) {
    deltas.add(contribution(before.get(idcs)), -1);
    deltas.add(contribution(fact), 1);
  }
  // One JSON document for the page: PostgreSQL parses it once, instead of an array literal
  // of escaped JSON strings.
  await tx.query(
    `insert into vital_person (idcs, fact)
     select f->>'idcs', f from json_array_elements($1::json) f
     on conflict (idcs) do update set fact = excluded.fact`,
    [JSON.stringify(changed.map(([, fact]) => fact))],
  );
}

/** The same note sits on both spouses' records: it counts once, from the husband's. */
const onHusbandsRecord = (e: StoredEvent, husband: string) => e.streamId === `person-${husband}`;

async function applyCouples(
  tx: Transaction,
  events: readonly StoredEvent[],
  deltas: PageDeltas,
): Promise<void> {
  const marriages = new Map<string, string>();
  const divorces: DivorceNoted['data'][] = [];
  for (const e of events) {
    if (e.type === 'MarriageNoted') {
      const d = e.data as MarriageNoted['data'];
      if (!onHusbandsRecord(e, d.husband.idcs) || marriages.has(d.marriageId)) continue;
      marriages.set(d.marriageId, d.date.gregorian);
      const { year, month } = yearMonth(d.date.gregorian);
      deltas.marriages.add([year, month, d.noted.by.office ?? 'unknown'], 1);
    } else if (e.type === 'DivorceNoted') {
      const d = e.data as DivorceNoted['data'];
      if (onHusbandsRecord(e, d.husband)) divorces.push(d);
    }
  }
  if (marriages.size > 0) {
    await tx.query(
      `insert into vital_marriage (marriage_id, date)
       select * from unnest($1::text[], $2::text[]) on conflict (marriage_id) do nothing`,
      [[...marriages.keys()], [...marriages.values()]],
    );
  }
  const missing = divorces.map((d) => d.marriageId).filter((id) => !marriages.has(id));
  if (missing.length > 0) {
    const rows = await tx.query<{ marriage_id: string; date: string }>(
      'select marriage_id, date from vital_marriage where marriage_id = any($1::text[])',
      [missing],
    );
    for (const r of rows) marriages.set(r.marriage_id, r.date);
  }
  for (const d of divorces) {
    const { year, month } = yearMonth(d.date.gregorian);
    const married = marriages.get(d.marriageId) ?? null;
    const duration = durationGroup(fullYears(married, d.date.gregorian));
    deltas.divorces.add([year, month, d.noted.by.office ?? 'unknown', d.kind, duration], 1);
  }
}

export const vitalStatistics = defineProjection({
  name: VITAL_STATISTICS,
  eventTypes: new Set([...FACT_EVENT_TYPES, 'MarriageNoted', 'DivorceNoted']),
  entities: VITAL_STATISTICS_ENTITIES,
  async apply(tx: Transaction, events: readonly StoredEvent[]): Promise<void> {
    const deltas = new PageDeltas();
    const factEvents = events
      .filter((e) => FACT_EVENT_TYPES.has(e.type))
      .map((e) => ({ type: e.type, data: e.data }) as FactEvent);
    await applyFacts(tx, factEvents, deltas);
    await applyCouples(tx, events, deltas);
    await deltas.write(tx);
  },
});
