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

interface PlaceCountRow {
  year: number;
  month: number;
  region: string;
  province: string;
  commune: string;
  sex: string;
  n: number;
}

function placeCounts(name: string, tableName: string) {
  return new EntitySchema<PlaceCountRow>({
    name,
    tableName,
    properties: {
      year: { type: 'smallint', primary: true },
      month: { type: 'smallint', primary: true },
      region: { type: 'text', primary: true },
      province: { type: 'text', primary: true },
      commune: { type: 'text', primary: true },
      sex: { type: 'text', primary: true },
      n: { type: 'integer' },
    },
  });
}

interface YearCountRow {
  year: number;
  region: string;
  province: string;
  sex: string;
  n: number;
}

function yearCounts(name: string, tableName: string) {
  return new EntitySchema<YearCountRow>({
    name,
    tableName,
    properties: {
      year: { type: 'smallint', primary: true },
      region: { type: 'text', primary: true },
      province: { type: 'text', primary: true },
      sex: { type: 'text', primary: true },
      n: { type: 'integer' },
    },
  });
}

/**
 * Yearly totals by province and sex: a series over many years reads a few thousand rows
 * here instead of every month of every commune.
 */
export const BirthsByYearEntity = yearCounts('VitalBirthsByYear', 'vital_births_by_year');
export const DeathsByYearEntity = yearCounts('VitalDeathsByYear', 'vital_deaths_by_year');

/** Births by date of occurrence (month 0: the act gives a year only), place of birth and sex. */
export const BirthsByPlaceEntity = placeCounts('VitalBirthsByPlace', 'vital_births_by_place');
/** Deaths by date of occurrence, place of death and sex. */
export const DeathsByPlaceEntity = placeCounts('VitalDeathsByPlace', 'vital_deaths_by_place');

interface ProfileRow {
  year: number;
  month: number;
  region: string;
  province: string;
  sex: string;
  timeliness: string;
  registration: string;
  n: number;
}

export const BirthsByProfileEntity = new EntitySchema<ProfileRow & { motherAge: string }>({
  name: 'VitalBirthsByProfile',
  tableName: 'vital_births_by_profile',
  properties: {
    year: { type: 'smallint', primary: true },
    month: { type: 'smallint', primary: true },
    region: { type: 'text', primary: true },
    province: { type: 'text', primary: true },
    sex: { type: 'text', primary: true },
    motherAge: { type: 'text', primary: true },
    timeliness: { type: 'text', primary: true },
    registration: { type: 'text', primary: true },
    n: { type: 'integer' },
  },
});

export const DeathsByProfileEntity = new EntitySchema<ProfileRow & { ageGroup: string }>({
  name: 'VitalDeathsByProfile',
  tableName: 'vital_deaths_by_profile',
  properties: {
    year: { type: 'smallint', primary: true },
    month: { type: 'smallint', primary: true },
    region: { type: 'text', primary: true },
    province: { type: 'text', primary: true },
    sex: { type: 'text', primary: true },
    ageGroup: { type: 'text', primary: true },
    timeliness: { type: 'text', primary: true },
    registration: { type: 'text', primary: true },
    n: { type: 'integer' },
  },
});

/**
 * Marriage and divorce notes carry no place of occurrence (the adoul act's place is not in
 * the event): they are tabulated by the office that noted them.
 */
export const MarriagesEntity = new EntitySchema<{
  year: number;
  month: number;
  office: string;
  n: number;
}>({
  name: 'VitalMarriages',
  tableName: 'vital_marriages',
  properties: {
    year: { type: 'smallint', primary: true },
    month: { type: 'smallint', primary: true },
    office: { type: 'text', primary: true },
    n: { type: 'integer' },
  },
});

export const DivorcesEntity = new EntitySchema<{
  year: number;
  month: number;
  office: string;
  kind: string;
  duration: string;
  n: number;
}>({
  name: 'VitalDivorces',
  tableName: 'vital_divorces',
  properties: {
    year: { type: 'smallint', primary: true },
    month: { type: 'smallint', primary: true },
    office: { type: 'text', primary: true },
    kind: { type: 'text', primary: true },
    duration: { type: 'text', primary: true },
    n: { type: 'integer' },
  },
});

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
