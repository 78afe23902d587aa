import { invalid } from './errors';
import { isIsoDate } from './dates';

/** A date in the Hijri calendar; month 1 = Muharram, 9 = Ramadan. */
export interface HijriDate {
  year: number;
  month: number;
  day: number;
}

const umalqura = new Intl.DateTimeFormat('en-u-ca-islamic-umalqura', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
});

/**
 * The Umm al-Qura Hijri date of a Gregorian ISO date (YYYY-MM-DD). Only used when the act gives
 * none: official Moroccan Hijri dates follow moon sighting and may differ by a day or two, so a
 * Hijri date written on an act always wins over this computation.
 */
export function toHijri(isoDate: string): HijriDate {
  // ICU's calendar conversion costs microseconds and the register has some 40,000 distinct
  // days since 1915: each is converted once.
  const known = computed.get(isoDate);
  if (known) return { ...known };
  const hijri = convert(isoDate);
  if (computed.size < 100_000) computed.set(isoDate, hijri);
  return { ...hijri };
}

const computed = new Map<string, HijriDate>();

function convert(isoDate: string): HijriDate {
  const checked: unknown = isoDate;
  if (!isIsoDate(checked)) invalid('date', `not an ISO date (YYYY-MM-DD): ${isoDate}`);
  const parts = umalqura.formatToParts(new Date(`${isoDate}T12:00:00Z`));
  const part = (type: Intl.DateTimeFormatPartTypes): number => {
    const found = parts.find((p) => p.type === type);
    // `relatedYear` appears instead of `year` on some ICU builds for lunar calendars.
    const value = found?.value ?? parts.find((p) => (p.type as string) === 'relatedYear')?.value;
    return Number(value);
  };
  return { year: part('year'), month: part('month'), day: part('day') };
}

export function isHijriDate(value: HijriDate): boolean {
  return (
    Number.isInteger(value.year) &&
    Number.isInteger(value.month) &&
    Number.isInteger(value.day) &&
    value.year >= 1 &&
    value.month >= 1 &&
    value.month <= 12 &&
    value.day >= 1 &&
    value.day <= 30
  );
}
