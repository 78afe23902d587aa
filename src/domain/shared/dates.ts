import { invalid } from './errors';

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days in a month of the proleptic Gregorian calendar, as `Date` counts them. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * YYYY-MM-DD, a real calendar day. Checked by arithmetic rather than through `Date`: every
 * act and command validates several dates, and building a `Date` and its ISO text was
 * 9 % of the generator's simulation thread (profile of a 10-million generation).
 */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = ISO_DAY.exec(value);
  if (match === null) return false;
  const month = Number(match[2]);
  const day = Number(match[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(match[1]), month);
}

/**
 * A date as old acts give it: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. Old registers often give only
 * a year of birth, and the register must hold what the act says, not invent a day.
 */
export type PartialDate = string;

export function isPartialDate(value: unknown): value is PartialDate {
  if (typeof value !== 'string') return false;
  if (/^\d{4}$/.test(value)) return true;
  if (/^\d{4}-\d{2}$/.test(value)) return isIsoDate(`${value}-01`);
  return isIsoDate(value);
}

/** First day the partial date can mean. */
export function earliestDay(date: PartialDate): string {
  if (date.length === 4) return `${date}-01-01`;
  if (date.length === 7) return `${date}-01`;
  return date;
}

/** Last day the partial date can mean. */
export function latestDay(date: PartialDate): string {
  if (date.length === 4) return `${date}-12-31`;
  if (date.length === 7) {
    const [y, m] = date.split('-').map(Number) as [number, number];
    return `${date}-${String(daysInMonth(y, m)).padStart(2, '0')}`;
  }
  return date;
}

/**
 * The civil date of a metadata `now` (ISO instant). The first ten characters are the date in
 * the offset the caller wrote: the API should send local (Africa/Casablanca) time with its
 * offset, so that a registration at 00:30 counts for the right day.
 */
export function dayOf(instant: string): string {
  const day = instant.slice(0, 10);
  if (!isIsoDate(day) || Number.isNaN(Date.parse(instant))) {
    invalid('metadata.now', `not an ISO date-time: ${instant}`);
  }
  return day;
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Full years of age on `on` for someone born on `born` (ISO dates). */
export function ageOn(born: string, on: string): number {
  const [by, bm, bd] = born.split('-').map(Number) as [number, number, number];
  const [oy, om, od] = on.split('-').map(Number) as [number, number, number];
  return oy - by - (om < bm || (om === bm && od < bd) ? 1 : 0);
}

export function yearOf(isoDate: string): number {
  return Number(isoDate.slice(0, 4));
}
