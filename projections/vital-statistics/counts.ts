/**
 * The count tables and how they are written: `Deltas` sums what records, marriages and
 * divorces add to each cell (and to the population stock); `writeDeltas` adds a page's
 * sums to the stored cells, `copyCounts` writes whole tables a rebuild summed from nothing.
 */
import type { DivorceNoted, MarriageNoted } from '../../src/domain';
import type { Transaction } from '../../src/eventstore/db';
import { fullYears, yearMonth } from './classify';
import { inKeyOrder, Tally, type Key } from './cells';
import type { Contribution } from './contributions';
import { copyLines } from '../../src/projection/copy';
import { copyFields } from './copy';
import { copyStock, StockDeltas, writeStock } from './stock';

/** Years between marriage and divorce, as the UN tabulates divorces. */
export function durationGroup(years: number | null): string {
  if (years === null) return 'unknown';
  if (years < 1) return 'under-1';
  if (years < 5) return '1-4';
  if (years >= 20) return '20+';
  const from = Math.floor(years / 5) * 5;
  return `${from}-${from + 4}`;
}

const PERSON = 'person-';

/** Whether the stream is the person's record (without building its name for every event). */
export const isRecordOf = (streamId: string, idcs: string): boolean =>
  streamId.length === PERSON.length + idcs.length &&
  streamId.endsWith(idcs) &&
  streamId.startsWith(PERSON);

/** The same note sits on both spouses' records: it counts once, from the husband's. */
export const onHusbandsRecord = (streamId: string, husband: string): boolean =>
  isRecordOf(streamId, husband);

export const marriageCell = (d: MarriageNoted['data']): (string | number)[] => {
  const { year, month } = yearMonth(d.date.gregorian);
  return [year, month, d.noted.by.office ?? 'unknown'];
};

/** `married`: the date of the marriage it ends, when the register noted it. */
export const divorceCell = (d: DivorceNoted['data'], married: string | null) => {
  const { year, month } = yearMonth(d.date.gregorian);
  const duration = durationGroup(fullYears(married, d.date.gregorian));
  return [year, month, d.noted.by.office ?? 'unknown', d.kind, duration];
};

export class Counts {
  private readonly tally = new Tally();
  add(key: Key, w: number): void {
    this.tally.add(key, w);
  }
  /** The cells that are not 0. */
  cells(): { key: Key; n: number }[] {
    return this.tally.cells().filter((c) => c.n !== 0);
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

const MONTH_COLUMNS = [
  { column: 'year', type: 'smallint' },
  { column: 'month', type: 'smallint' },
  { column: 'region', type: 'text' },
  { column: 'sex', type: 'text' },
];

const TABLES = {
  birthYear: { table: 'vital_births_by_year', columns: YEAR_COLUMNS },
  deathYear: { table: 'vital_deaths_by_year', columns: YEAR_COLUMNS },
  birthMonth: { table: 'vital_births_by_month', columns: MONTH_COLUMNS },
  deathMonth: { table: 'vital_deaths_by_month', columns: MONTH_COLUMNS },
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
  const cells = counts.cells();
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

/** Writes the cells of a table that starts empty: the same rows `writeCounts` leaves. */
async function copyCounts(tx: Transaction, spec: CountTable, counts: Counts): Promise<void> {
  const cells = counts.cells();
  if (cells.length === 0) return;
  await tx.copyIn(
    spec.table,
    [...spec.columns.map((c) => c.column), 'n'],
    copyLines(inKeyOrder(cells), (c) => `${copyFields(c.key)}\t${c.n}\n`),
  );
}

/**
 * The yearly and monthly totals, summed from the cells by place (year, month, region,
 * province, commune, sex) rather than counted record by record: a cell lookup less per
 * record.
 */
function rollUp(byPlace: Counts, parts: readonly number[]): Counts {
  const totals = new Counts();
  for (const { key, n } of byPlace.cells())
    totals.add(
      parts.map((p) => key[p]!),
      n,
    );
  return totals;
}
/** (year, region, province, sex) and (year, month, region, sex) of a place cell's key. */
const YEAR_PARTS = [0, 2, 3, 5];
const MONTH_PARTS = [0, 1, 2, 5];

/** What a page (or a whole rebuild) adds to every count table and to the stock. */
export class Deltas {
  readonly birthPlace = new Counts();
  readonly birthProfile = new Counts();
  readonly deathPlace = new Counts();
  readonly deathProfile = new Counts();
  readonly marriages = new Counts();
  readonly divorces = new Counts();

  constructor(readonly stock = new StockDeltas()) {}

  add(c: Contribution, w: number): void {
    if (c.birthPlace) {
      const b = c.birthPlace;
      this.birthPlace.add([b.year, b.month, b.region, b.province, b.commune, b.sex], w);
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

  private tables(): [CountTable, Counts][] {
    return [
      [TABLES.birthYear, rollUp(this.birthPlace, YEAR_PARTS)],
      [TABLES.deathYear, rollUp(this.deathPlace, YEAR_PARTS)],
      [TABLES.birthMonth, rollUp(this.birthPlace, MONTH_PARTS)],
      [TABLES.deathMonth, rollUp(this.deathPlace, MONTH_PARTS)],
      [TABLES.birthPlace, this.birthPlace],
      [TABLES.birthProfile, this.birthProfile],
      [TABLES.deathPlace, this.deathPlace],
      [TABLES.deathProfile, this.deathProfile],
      [TABLES.marriages, this.marriages],
      [TABLES.divorces, this.divorces],
    ];
  }

  /** Adds the deltas to the stored cells and rows. */
  async write(tx: Transaction): Promise<void> {
    for (const [spec, counts] of this.tables()) await writeCounts(tx, spec, counts);
    await writeStock(tx, this.stock);
  }

  /** Writes the sums as the tables' rows: the tables must be empty. */
  async copy(tx: Transaction): Promise<void> {
    for (const [spec, counts] of this.tables()) await copyCounts(tx, spec, counts);
    await copyStock(tx, this.stock);
  }
}
