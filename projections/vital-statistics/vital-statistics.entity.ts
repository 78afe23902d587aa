/**
 * The tables of the vital statistics and the population stock. Counts are kept per cell
 * (one row per combination of the dimensions) and only ever moved by deltas; a row that a
 * revision brings back to 0 is deleted, so that the rows are those a rebuild would write.
 */
import { EntitySchema } from '@mikro-orm/core';
import type { VitalFact } from './facts';

export interface VitalPersonRow {
  idcs: string;
  fact: VitalFact;
}

export const VitalPersonEntity = new EntitySchema<VitalPersonRow>({
  name: 'VitalPerson',
  tableName: 'vital_person',
  properties: {
    idcs: { type: 'text', primary: true },
    fact: { type: 'json', columnType: 'json' },
  },
});

export interface VitalMarriageRow {
  marriageId: string;
  date: string;
}

/** Marriages noted, for the duration of the marriage a divorce ends. */
export const VitalMarriageEntity = new EntitySchema<VitalMarriageRow>({
  name: 'VitalMarriage',
  tableName: 'vital_marriage',
  properties: {
    marriageId: { type: 'text', primary: true },
    date: { type: 'text' },
  },
});

/**
 * A count table: its key columns in order (the primary key, and so the order queries read
 * ranges in), each a small integer or a text code, and the count `n`.
 */
function countTable(
  name: string,
  tableName: string,
  keys: readonly (readonly [property: string, type: 'smallint' | 'text'])[],
) {
  return new EntitySchema<Record<string, number | string>>({
    name,
    tableName,
    properties: {
      ...Object.fromEntries(keys.map(([key, type]) => [key, { type, primary: true }])),
      n: { type: 'integer' },
    },
  });
}

const YEAR = ['year', 'smallint'] as const;
const MONTH = ['month', 'smallint'] as const;
const REGION = ['region', 'text'] as const;
const PROVINCE = ['province', 'text'] as const;
const SEX = ['sex', 'text'] as const;
const code = (key: string) => [key, 'text'] as const;

/**
 * Yearly totals by province and sex: a series over many years reads a few thousand rows
 * here instead of every month of every commune.
 */
const BY_YEAR = [YEAR, REGION, PROVINCE, SEX];
export const BirthsByYearEntity = countTable('VitalBirthsByYear', 'vital_births_by_year', BY_YEAR);
export const DeathsByYearEntity = countTable('VitalDeathsByYear', 'vital_deaths_by_year', BY_YEAR);

/**
 * Monthly totals by region and sex: a year's national or regional monthly series reads at
 * most 12 × 12 × 2 rows here, however large the register, instead of every profile cell.
 */
const BY_MONTH = [YEAR, MONTH, REGION, SEX];
export const BirthsByMonthEntity = countTable(
  'VitalBirthsByMonth',
  'vital_births_by_month',
  BY_MONTH,
);
export const DeathsByMonthEntity = countTable(
  'VitalDeathsByMonth',
  'vital_deaths_by_month',
  BY_MONTH,
);

/** By date of occurrence (month 0: the act gives a year only), place (of birth, of death), sex. */
const BY_PLACE = [YEAR, MONTH, REGION, PROVINCE, code('commune'), SEX];
export const BirthsByPlaceEntity = countTable(
  'VitalBirthsByPlace',
  'vital_births_by_place',
  BY_PLACE,
);
export const DeathsByPlaceEntity = countTable(
  'VitalDeathsByPlace',
  'vital_deaths_by_place',
  BY_PLACE,
);

const profile = (by: string) =>
  [YEAR, MONTH, REGION, PROVINCE, SEX, code(by), code('timeliness'), code('registration')] as const;
export const BirthsByProfileEntity = countTable(
  'VitalBirthsByProfile',
  'vital_births_by_profile',
  profile('motherAge'),
);
export const DeathsByProfileEntity = countTable(
  'VitalDeathsByProfile',
  'vital_deaths_by_profile',
  profile('ageGroup'),
);

/**
 * Marriage and divorce notes carry no place of occurrence (the adoul act's place is not in
 * the event): they are tabulated by the office that noted them.
 */
export const MarriagesEntity = countTable('VitalMarriages', 'vital_marriages', [
  YEAR,
  MONTH,
  code('office'),
]);
export const DivorcesEntity = countTable('VitalDivorces', 'vital_divorces', [
  YEAR,
  MONTH,
  code('office'),
  code('kind'),
  code('duration'),
]);

/** See stock.ts for how the four stock tables answer "alive at D". */
export const StockCohortEntity = new EntitySchema<{
  region: string;
  province: string;
  sex: string;
  birthYear: number;
  born: number;
  deadByAgeYear: number[];
}>({
  name: 'VitalStockCohort',
  tableName: 'vital_stock_cohort',
  properties: {
    region: { type: 'text', primary: true },
    province: { type: 'text', primary: true },
    sex: { type: 'text', primary: true },
    birthYear: { type: 'smallint', primary: true },
    born: { type: 'integer' },
    deadByAgeYear: { type: 'number[]', columnType: 'int4[]' },
  },
});

export const StockBirthdayEntity = new EntitySchema<{
  birthYear: number;
  region: string;
  province: string;
  sex: string;
  bornByDay: number[];
}>({
  name: 'VitalStockBirthday',
  tableName: 'vital_stock_birthday',
  properties: {
    birthYear: { type: 'smallint', primary: true },
    region: { type: 'text', primary: true },
    province: { type: 'text', primary: true },
    sex: { type: 'text', primary: true },
    bornByDay: { type: 'number[]', columnType: 'int4[]' },
  },
});

export const StockYearDeathsEntity = new EntitySchema<{
  deathYear: number;
  ageClass: number;
  region: string;
  province: string;
  sex: string;
  byDeathDay: number[];
  byLaterDay: number[];
}>({
  name: 'VitalStockYearDeaths',
  tableName: 'vital_stock_year_deaths',
  properties: {
    deathYear: { type: 'smallint', primary: true },
    ageClass: { type: 'smallint', primary: true },
    region: { type: 'text', primary: true },
    province: { type: 'text', primary: true },
    sex: { type: 'text', primary: true },
    byDeathDay: { type: 'number[]', columnType: 'int4[]' },
    byLaterDay: { type: 'number[]', columnType: 'int4[]' },
  },
});

export const StockEarlyDeathsEntity = new EntitySchema<{
  birthYear: number;
  k: number;
  region: string;
  province: string;
  sex: string;
  byBirthDay: number[];
}>({
  name: 'VitalStockEarlyDeaths',
  tableName: 'vital_stock_early_deaths',
  properties: {
    birthYear: { type: 'smallint', primary: true },
    k: { type: 'smallint', primary: true },
    region: { type: 'text', primary: true },
    province: { type: 'text', primary: true },
    sex: { type: 'text', primary: true },
    byBirthDay: { type: 'number[]', columnType: 'int4[]' },
  },
});

export const VITAL_STATISTICS_ENTITIES = [
  VitalPersonEntity,
  VitalMarriageEntity,
  BirthsByYearEntity,
  DeathsByYearEntity,
  BirthsByMonthEntity,
  DeathsByMonthEntity,
  BirthsByPlaceEntity,
  BirthsByProfileEntity,
  DeathsByPlaceEntity,
  DeathsByProfileEntity,
  MarriagesEntity,
  DivorcesEntity,
  StockCohortEntity,
  StockBirthdayEntity,
  StockYearDeathsEntity,
  StockEarlyDeathsEntity,
];
