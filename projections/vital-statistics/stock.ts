/**
 * The population stock at any date D: persons born on or before D, not dead on or before D,
 * whose birth act stands, by place of birth, sex and age in completed years at D.
 *
 * Counting persons one by one is out of the question at ten million records, and a
 * snapshot per date would need every life written into every day it spans. Instead each
 * life writes O(1) rows of cumulative counts, and a query reads a bounded number of rows
 * (per province and sex: one per birth year, plus about seventy) whatever the register's
 * size. With c the birth year, r = year(D) − c, and t the day of D in a 366-day year:
 *
 * - age at D is r if the birthday (day index of birth ≤ t) has passed, else r − 1; both
 *   fall in one five-year group unless r is a multiple of 5 (a "boundary" cohort);
 * - `vital_stock_cohort` gives, per cohort, births and deaths cumulated by r_death =
 *   year of death − c: the deaths before year(D) are element r;
 * - `vital_stock_birthday` gives births cumulated by day of birth: born on or before t;
 * - `vital_stock_early_deaths` row (c, k) gives the deaths of cohort c before year c + 5k,
 *   cumulated by day of birth: for a boundary cohort (r = 5k) the dead whose birthday had
 *   passed, i.e. the split of the deaths before year(D) between groups k and k − 1;
 * - `vital_stock_year_deaths` gives the deaths of each year by day of death, per "age
 *   class" (the group for r not a multiple of 5, or the boundary k), and for boundary
 *   classes by the later of the days of birth and death: died by D with the birthday passed.
 *
 * All counts are linear in the lives, so a rectification or an annulment subtracts the old
 * life's rows and adds the new ones.
 */
import type { Transaction } from '../../src/eventstore/db';
import { ageGroupIndex, AGE_GROUPS, dayIndex, LAST_AGE_GROUP } from './classify';
import { stockCoordinates, type StockLife } from './contributions';
import { Cells, inKeyOrder, type Key } from './cells';
import { copyLines } from '../../src/projection/copy';
import { copyFields } from './copy';

/** Ages (year differences) kept per cohort: enough for any lifetime. */
export const MAX_AGE_YEARS = 150;
export const DAYS = 366;
/** Boundaries of the five-year groups whose split matters: 5, 10 … 85. */
export const LAST_BOUNDARY = LAST_AGE_GROUP;

export function isBoundary(r: number): boolean {
  return r % 5 === 0 && r >= 5 && r <= 5 * LAST_BOUNDARY;
}

/** The in-year deaths' class: the age group, or 100 + k for the boundary between k − 1 and k. */
export function ageClass(r: number): number {
  return isBoundary(r) ? 100 + r / 5 : ageGroupIndex(r);
}

/** +w from position `from` (1-based) to the end: a cumulative count. */
function addFrom(array: Int32Array, from: number, w: number): void {
  for (let i = Math.max(from, 1) - 1; i < array.length; i++) array[i]! += w;
}

/** +w at position `from` only: `cumulate` later makes it what addFrom would have. */
function markAt(array: Int32Array, from: number, w: number): void {
  const i = Math.max(from, 1) - 1;
  if (i < array.length) array[i]! += w;
}

function cumulate(array: Int32Array): void {
  for (let i = 1; i < array.length; i++) array[i]! += array[i - 1]!;
}

/**
 * What one cohort of one place and sex adds to three tables, whose keys are the same
 * but for their order (and `k`): one lookup per life instead of one per row.
 */
interface CohortDeltas {
  /** birth_year, region, province, sex: the birthday table's key. */
  readonly key: Key;
  born: number;
  readonly bornByDay: Int32Array;
  deadByAgeYear: Int32Array | null;
  /** By k: the early deaths' row (birth_year, k, …), once a death falls in it. */
  early: (Int32Array | undefined)[] | null;
}

interface YearDeathsDeltas {
  readonly key: Key;
  readonly arrays: [byDeathDay: Int32Array, byLaterDay: Int32Array];
}

interface StockRowDelta {
  key: Key;
  arrays: Int32Array[];
  scalar?: number;
}

/**
 * Deltas of the four stock tables. A page adds a few lives to arrays it then merges
 * with the stored ones; a rebuild adds every life of the register to the same rows, so it
 * asks for `marks`: each life marks the position a cumulative count starts from, and the
 * marks are cumulated once, when the rows are read, instead of 366 additions per life.
 */
export class StockDeltas {
  private readonly cohorts = new Cells<CohortDeltas>((key) => ({
    key,
    born: 0,
    bornByDay: new Int32Array(DAYS),
    deadByAgeYear: null,
    early: null,
  }));
  private readonly yearDeaths = new Cells<YearDeathsDeltas>((key) => ({
    key,
    arrays: [new Int32Array(DAYS), new Int32Array(DAYS)],
  }));
  private readonly addFrom: (array: Int32Array, from: number, w: number) => void;
  /** In `marks` mode: the marks were cumulated, the arrays are the tables' arrays now. */
  private cumulated = false;

  constructor(private readonly mode: 'cumulative' | 'marks' = 'cumulative') {
    this.addFrom = mode === 'marks' ? markAt : addFrom;
  }

  add(life: StockLife, w: number): void {
    if (this.cumulated) throw new Error('a life added to the stock after its rows were read');
    const { cohort, bornDay, death } = stockCoordinates(life);
    const row = this.cohorts.get([cohort, life.region, life.province, life.sex]);
    row.born += w;
    this.addFrom(row.bornByDay, bornDay, w);
    if (!death) return;
    const r = Math.min(Math.max(death.year - cohort, 0), MAX_AGE_YEARS - 1);
    row.deadByAgeYear ??= new Int32Array(MAX_AGE_YEARS);
    this.addFrom(row.deadByAgeYear, r + 1, w);
    const [byDeathDay, byLaterDay] = this.yearDeaths.get([
      death.year,
      ageClass(r),
      life.region,
      life.province,
      life.sex,
    ]).arrays;
    this.addFrom(byDeathDay, death.day, w);
    if (isBoundary(r)) this.addFrom(byLaterDay, Math.max(bornDay, death.day), w);
    const early = (row.early ??= []);
    for (let k = Math.floor(r / 5) + 1; k <= LAST_BOUNDARY; k++) {
      this.addFrom((early[k] ??= new Int32Array(DAYS)), bornDay, w);
    }
  }

  /** The rows of the four tables, keys and arrays as the tables hold them. */
  tables(): { spec: ArrayTable; rows: StockRowDelta[] }[] {
    if (this.mode === 'marks' && !this.cumulated) {
      for (const row of this.cohorts.all) {
        cumulate(row.bornByDay);
        if (row.deadByAgeYear) cumulate(row.deadByAgeYear);
        for (const array of row.early ?? []) if (array) cumulate(array);
      }
      for (const row of this.yearDeaths.all) row.arrays.forEach(cumulate);
      this.cumulated = true;
    }
    const cohorts: StockRowDelta[] = [];
    const birthdays: StockRowDelta[] = [];
    const early: StockRowDelta[] = [];
    for (const row of this.cohorts.all) {
      const [cohort, region, province, sex] = row.key;
      cohorts.push({
        key: [region!, province!, sex!, cohort!],
        arrays: [row.deadByAgeYear ?? new Int32Array(MAX_AGE_YEARS)],
        scalar: row.born,
      });
      birthdays.push({ key: row.key, arrays: [row.bornByDay] });
      row.early?.forEach((array, k) => {
        if (array) early.push({ key: [cohort!, k, region!, province!, sex!], arrays: [array] });
      });
    }
    return [
      { spec: COHORT, rows: cohorts },
      { spec: BIRTHDAY, rows: birthdays },
      { spec: YEAR_DEATHS, rows: this.yearDeaths.all },
      { spec: EARLY_DEATHS, rows: early },
    ];
  }
}

const literal = (a: Int32Array) => `{${a.join(',')}}`;
/** `{1,2,-3}` → numbers, without the intermediate strings of split(). */
function parse(text: string, length: number): Int32Array {
  const out = new Int32Array(length);
  let i = 0;
  let value = 0;
  let sign = 1;
  for (let p = 1; p < text.length; p++) {
    const c = text.charCodeAt(p);
    if (c >= 48 && c <= 57) value = value * 10 + (c - 48);
    else if (c === 45) sign = -1;
    else {
      out[i++] = sign * value;
      value = 0;
      sign = 1;
    }
  }
  return out;
}
const isZero = (arrays: Int32Array[]) => arrays.every((a) => a.every((x) => x === 0));

interface ArrayTable {
  table: string;
  keys: { column: string; type: string }[];
  arrays: string[];
  /** A count kept beside the arrays, added to in SQL. */
  scalar?: string;
}

/**
 * Adds the deltas to the stored arrays. The sum is made here, not in SQL: rebuilding a
 * 366-element array per row in SQL costs ten times more than reading and replacing it.
 */
async function upsertArrays(
  tx: Transaction,
  spec: ArrayTable,
  rows: { key: Key; arrays: Int32Array[]; scalar?: number }[],
): Promise<void> {
  const changed = rows.filter((r) => !isZero(r.arrays) || (r.scalar ?? 0) !== 0);
  if (changed.length === 0) return;
  const scalar = spec.scalar;
  const keyColumns = spec.keys.map((k) => k.column);
  const keyParams = (list: typeof changed) => spec.keys.map((_, i) => list.map((r) => r.key[i]));
  const unnestKeys = spec.keys.map((k, i) => `$${i + 1}::${k.type}[]`).join(', ');
  const read = [
    ...keyColumns.map((c) => `t.${c}`),
    ...spec.arrays.map((a) => `t.${a}::text as ${a}`),
    ...(scalar ? [`t.${scalar}`] : []),
  ];
  const stored = await tx.query<Record<string, string | number>>(
    `select ${read.join(', ')}
       from ${spec.table} t
       join unnest(${unnestKeys}) as u(${keyColumns.join(', ')}) using (${keyColumns.join(', ')})`,
    keyParams(changed),
  );
  const id = (key: readonly unknown[]) => key.join('\u0001');
  const current = new Map(stored.map((row) => [id(keyColumns.map((c) => row[c])), row]));
  const merged = changed.map((r) => {
    const before = current.get(id(r.key));
    const arrays = r.arrays.map((delta, j) => {
      if (!before) return delta;
      const sum = parse(String(before[spec.arrays[j]!]), delta.length);
      for (let i = 0; i < sum.length; i++) sum[i]! += delta[i] ?? 0;
      return sum;
    });
    const total = (r.scalar ?? 0) + (before && scalar ? Number(before[scalar]) : 0);
    return { key: r.key, arrays, scalar: total };
  });
  // A row back to nothing goes, so that revisions leave the rows a rebuild would write.
  const gone = merged.filter((m) => isZero(m.arrays) && m.scalar === 0);
  const kept = merged.filter((m) => !(isZero(m.arrays) && m.scalar === 0));
  if (gone.length > 0) {
    await tx.query(
      `delete from ${spec.table} t using unnest(${unnestKeys}) as u(${keyColumns.join(', ')})
        where ${keyColumns.map((c) => `t.${c} = u.${c}`).join(' and ')}`,
      keyParams(gone),
    );
  }
  if (kept.length === 0) return;
  const columns = [...keyColumns, ...spec.arrays, ...(scalar ? [scalar] : [])];
  const n = spec.keys.length;
  const select = [
    ...keyColumns,
    ...spec.arrays.map((a) => `${a}::int4[]`),
    ...(scalar ? [scalar] : []),
  ];
  await tx.query(
    `insert into ${spec.table} (${columns.join(', ')})
     select ${select.join(', ')}
       from unnest(${unnestKeys}, ${spec.arrays.map((_, j) => `$${n + j + 1}::text[]`).join(', ')}${
         scalar ? `, $${n + spec.arrays.length + 1}::int[]` : ''
       }) as u(${columns.join(', ')})
     on conflict (${keyColumns.join(', ')}) do update
       set ${[...spec.arrays, ...(scalar ? [scalar] : [])].map((a) => `${a} = excluded.${a}`).join(', ')}`,
    [
      ...keyParams(kept),
      ...spec.arrays.map((_, j) => kept.map((m) => literal(m.arrays[j]!))),
      ...(scalar ? [kept.map((m) => m.scalar)] : []),
    ],
  );
}

const PLACE_KEYS = [
  { column: 'region', type: 'text' },
  { column: 'province', type: 'text' },
  { column: 'sex', type: 'text' },
];

const COHORT: ArrayTable = {
  table: 'vital_stock_cohort',
  keys: [...PLACE_KEYS, { column: 'birth_year', type: 'smallint' }],
  arrays: ['dead_by_age_year'],
  scalar: 'born',
};
const BIRTHDAY: ArrayTable = {
  table: 'vital_stock_birthday',
  keys: [{ column: 'birth_year', type: 'smallint' }, ...PLACE_KEYS],
  arrays: ['born_by_day'],
};
const YEAR_DEATHS: ArrayTable = {
  table: 'vital_stock_year_deaths',
  keys: [
    { column: 'death_year', type: 'smallint' },
    { column: 'age_class', type: 'smallint' },
    ...PLACE_KEYS,
  ],
  arrays: ['by_death_day', 'by_later_day'],
};
const EARLY_DEATHS: ArrayTable = {
  table: 'vital_stock_early_deaths',
  keys: [
    { column: 'birth_year', type: 'smallint' },
    { column: 'k', type: 'smallint' },
    ...PLACE_KEYS,
  ],
  arrays: ['by_birth_day'],
};

export async function writeStock(tx: Transaction, deltas: StockDeltas): Promise<void> {
  for (const { spec, rows } of deltas.tables()) await upsertArrays(tx, spec, rows);
}

/** Writes the deltas as the rows of empty tables: those upsertArrays would leave. */
export async function copyStock(tx: Transaction, deltas: StockDeltas): Promise<void> {
  for (const { spec, rows } of deltas.tables()) {
    const kept = rows.filter((r) => !isZero(r.arrays) || (r.scalar ?? 0) !== 0);
    if (kept.length === 0) continue;
    const columns = [
      ...spec.keys.map((k) => k.column),
      ...spec.arrays,
      ...(spec.scalar ? [spec.scalar] : []),
    ];
    await tx.copyIn(
      spec.table,
      columns,
      copyLines(inKeyOrder(kept), (r) => {
        const fields = [copyFields(r.key), ...r.arrays.map(literal)];
        if (spec.scalar) fields.push(String(r.scalar ?? 0));
        return `${fields.join('\t')}\n`;
      }),
    );
  }
}

export type StockLevel = 'national' | 'region' | 'province';

export interface StockQuery {
  /** YYYY-MM-DD */
  at: string;
  level: StockLevel;
  region?: string;
  province?: string;
}

export interface StockRow {
  region?: string;
  province?: string;
  sex: string;
  ageGroup: string;
  count: number;
}

/** The stock at `at`, by place (per `level`), sex and age group; cells with nobody are absent. */
export async function populationAt(
  db: { query: Transaction['query'] },
  q: StockQuery,
): Promise<StockRow[]> {
  const year = Number(q.at.slice(0, 4));
  const t = dayIndex(q.at);
  const boundaries = Array.from({ length: LAST_BOUNDARY + 1 }, (_, k) => year - 5 * k);
  const params: unknown[] = [year, t, boundaries, boundaries.map((_, k) => k)];
  const where: string[] = [];
  if (q.region !== undefined) {
    params.push(q.region);
    where.push(`region = $${params.length}`);
  }
  if (q.province !== undefined) {
    params.push(q.province);
    where.push(`province = $${params.length}`);
  }
  const and = where.map((w) => ` and ${w}`).join('');
  const place =
    q.level === 'province' ? ['region', 'province'] : q.level === 'region' ? ['region'] : [];
  const rows = await db.query<Record<string, string | number>>(
    `with birthdays as (
       select region, province, sex, ($1::int - birth_year) / 5 as k, born_by_day[$2::int] as b
         from vital_stock_birthday where birth_year = any($3::int[])${and}
     ),
     early as (
       select region, province, sex, k, by_birth_day[$2::int] as e
         from unnest($3::int[], $4::int[]) as p(birth_year, k)
         join vital_stock_early_deaths using (birth_year, k)
        where k > 0${and}
     ),
     parts (region, province, sex, g, n) as (
       -- Everyone born in a year before year(D) and not dead before it; a boundary cohort
       -- (r = 5k) counts here in group k − 1, and the next two parts move those whose
       -- birthday has passed to group k.
       select region, province, sex,
              case when r % 5 = 0 and r between 5 and ${5 * LAST_BOUNDARY} then r / 5 - 1
                   else least(r / 5, ${LAST_AGE_GROUP}) end,
              born - dead_by_age_year[least(r, ${MAX_AGE_YEARS})]
         from (select *, $1::int - birth_year as r from vital_stock_cohort
                where birth_year < $1::int${and}) c
       union all
       -- Born by D in year(D) (k = 0), or born by their birthday in a boundary cohort.
       select region, province, sex, k, b from birthdays
       union all
       select region, province, sex, k - 1, -b from birthdays where k > 0
       union all
       -- ... less those of them dead before year(D).
       select region, province, sex, k, -e from early
       union all
       select region, province, sex, k - 1, e from early
       union all
       -- Deaths in year(D) up to D.
       select region, province, sex,
              case when age_class >= 100 then age_class - 100 else age_class end,
              -(case when age_class >= 100 then by_later_day[$2::int] else by_death_day[$2::int] end)
         from vital_stock_year_deaths where death_year = $1::int${and}
       union all
       select region, province, sex, age_class - 101,
              -(by_death_day[$2::int] - by_later_day[$2::int])
         from vital_stock_year_deaths where death_year = $1::int and age_class >= 100${and}
     )
     select ${[...place, 'sex', 'g'].join(', ')}, sum(n)::int as n
       from parts group by ${[...place, 'sex', 'g'].join(', ')}
     having sum(n) <> 0
     order by ${[...place, 'sex', 'g'].join(', ')}`,
    params,
  );
  return rows.map((row) => ({
    ...(place.includes('region') && { region: String(row.region) }),
    ...(place.includes('province') && { province: String(row.province) }),
    sex: String(row.sex),
    ageGroup: AGE_GROUPS[Number(row.g)] ?? '85+',
    count: Number(row.n),
  }));
}
