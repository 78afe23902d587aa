/**
 * How one civil event is classified in the published tables: age groups, the mother's age
 * group, timeliness of the registration, and the day of the year used by the population
 * stock. Pure functions, shared by the projection and the queries.
 */
import { ageOn, DEFAULT_RULES, type CivilStatusRules } from '../../src/domain';

/** Five-year groups 0–4 … 80–84, then 85+ (UN Principles, Rev. 3). */
export const AGE_GROUPS = [
  '0-4',
  '5-9',
  '10-14',
  '15-19',
  '20-24',
  '25-29',
  '30-34',
  '35-39',
  '40-44',
  '45-49',
  '50-54',
  '55-59',
  '60-64',
  '65-69',
  '70-74',
  '75-79',
  '80-84',
  '85+',
] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number] | 'unknown';
/** Index of the open-ended group (85+). */
export const LAST_AGE_GROUP = AGE_GROUPS.length - 1;

export function ageGroupIndex(age: number): number {
  return Math.min(Math.floor(Math.max(age, 0) / 5), LAST_AGE_GROUP);
}

export function ageGroup(age: number | null): AgeGroup {
  return age === null ? 'unknown' : (AGE_GROUPS[ageGroupIndex(age)] ?? '85+');
}

/** The mother's age at the birth, in the UN's groups for fertility tables. */
export const MOTHER_AGE_GROUPS = [
  'under-15',
  '15-19',
  '20-24',
  '25-29',
  '30-34',
  '35-39',
  '40-44',
  '45-49',
  '50+',
  'unknown',
] as const;
export type MotherAgeGroup = (typeof MOTHER_AGE_GROUPS)[number];

export function motherAgeGroup(age: number | null): MotherAgeGroup {
  if (age === null || age < 0) return 'unknown';
  if (age < 15) return 'under-15';
  if (age >= 50) return '50+';
  return MOTHER_AGE_GROUPS[Math.floor(age / 5) - 2] ?? 'unknown';
}

/**
 * Within the legal period; late, within a year of the event; delayed, after a year
 * (UN quality indicators). Digitised paper acts say nothing of their delay: unknown.
 */
export const TIMELINESS = ['on-time', 'late', 'delayed', 'unknown'] as const;
export type Timeliness = (typeof TIMELINESS)[number];

export function timeliness(delayDays: number | null, legalDays: number | null): Timeliness {
  if (delayDays === null || legalDays === null) return 'unknown';
  if (delayDays <= legalDays) return 'on-time';
  return delayDays <= 365 ? 'late' : 'delayed';
}

/** What the entry rests on: a declaration, a declaratory judgment, a police report (unidentified body), or the transcription of a paper act. */
export const REGISTRATIONS = ['declaration', 'judgment', 'police-report', 'transcription'] as const;
export type Registration = (typeof REGISTRATIONS)[number];

export function legalBirthDays(abroad: boolean, rules: CivilStatusRules = DEFAULT_RULES): number {
  return abroad ? rules.deadlines.birthAbroadDays : rules.deadlines.birthDays;
}

/** As the death decider reads it: hospitals and prisons have the short period, everyone else the family's. */
export function legalDeathDays(
  institution: boolean,
  rules: CivilStatusRules = DEFAULT_RULES,
): number {
  return institution ? rules.deadlines.deathInstitutionDays : rules.deadlines.deathFamilyDays;
}

/**
 * A paper act that gives only a year (or a year and month) is placed in the middle of it:
 * 1 July, or the 15th. Demographers do the same, so that ages are not biased by half a year.
 */
export function imputedDay(date: string): string {
  if (date.length === 4) return `${date}-07-01`;
  if (date.length === 7) return `${date}-15`;
  return date;
}

/** Year and month of occurrence as the act gives them; month 0 when it gives a year only. */
export function yearMonth(date: string | null): { year: number; month: number } {
  if (date === null) return { year: 0, month: 0 };
  return { year: Number(date.slice(0, 4)), month: date.length >= 7 ? Number(date.slice(5, 7)) : 0 };
}

const DAYS_BEFORE_MONTH = [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335];

/**
 * Day of the year on a 366-day calendar (1 January = 1, 29 February = 60, 1 March = 61 in
 * every year), so that comparing two days' indexes compares month and day, as a birthday
 * does, whatever the year.
 */
export function dayIndex(isoDate: string): number {
  const month = Number(isoDate.slice(5, 7));
  const day = Number(isoDate.slice(8, 10));
  return (DAYS_BEFORE_MONTH[month - 1] ?? 0) + day;
}

/** Full years between two ISO days, or null when one is missing or the order is wrong. */
export function fullYears(from: string | null, to: string | null): number | null {
  if (from === null || to === null || to < from) return null;
  return ageOn(from, to);
}
