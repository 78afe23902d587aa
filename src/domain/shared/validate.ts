import { isIsoDate, isPartialDate } from './dates';
import { invalid } from './errors';
import { isHijriDate, toHijri } from './hijri';
import { parseIdcs } from './idcs';
import type {
  ActDate,
  BirthPlace,
  DateInput,
  FullName,
  Judgment,
  LegalBasis,
  PersonName,
  Place,
  TranscribedName,
} from './types';

// Commands arrive from HTTP and the CLI; these checks make a decider safe on any input the
// type system let through (empty strings, impossible dates), with the field's path.

export function text(path: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') invalid(path, 'required text');
  return value;
}

export function isoDate(path: string, value: unknown): string {
  if (!isIsoDate(value)) invalid(path, `not an ISO date (YYYY-MM-DD): ${JSON.stringify(value)}`);
  return value;
}

export function partialDate(path: string, value: unknown): string {
  if (!isPartialDate(value)) invalid(path, `not YYYY, YYYY-MM or YYYY-MM-DD: ${String(value)}`);
  return value;
}

const ARABIC = /[\u0600-\u06FF]/;

export function personName(path: string, value: PersonName | undefined): PersonName {
  if (!value) invalid(path, 'required name');
  text(`${path}.ar`, value.ar);
  // The Arabic form is authoritative: it must really be Arabic script, not a copy of the Latin.
  if (!ARABIC.test(value.ar)) invalid(`${path}.ar`, 'the Arabic form must be in Arabic script');
  if (value.lat !== undefined) text(`${path}.lat`, value.lat);
  if (value.tfng !== undefined) text(`${path}.tfng`, value.tfng);
  return value;
}

export function fullName(path: string, value: FullName | undefined): FullName {
  if (!value) invalid(path, 'required name');
  personName(`${path}.given`, value.given);
  personName(`${path}.family`, value.family);
  return value;
}

export function transcribedName(path: string, value: TranscribedName): TranscribedName {
  if (value.ar === undefined && value.lat === undefined && value.tfng === undefined) {
    invalid(path, 'a transcribed name needs at least one script');
  }
  return value;
}

export function place(path: string, value: BirthPlace | undefined): BirthPlace {
  if (!value) invalid(path, 'required place');
  if ('country' in value) {
    if (!/^[A-Z]{2}$/.test(value.country)) invalid(`${path}.country`, 'ISO 3166-1 alpha-2 code');
    text(`${path}.locality`, value.locality);
  } else {
    text(`${path}.region`, value.region);
    text(`${path}.province`, value.province);
    text(`${path}.commune`, value.commune);
  }
  return value;
}

export function judgment(path: string, value: Judgment | undefined): Judgment {
  if (!value) invalid(path, 'required judgment');
  text(`${path}.court`, value.court);
  text(`${path}.reference`, value.reference);
  isoDate(`${path}.date`, value.date);
  return value;
}

export function legalBasis(path: string, value: LegalBasis | undefined): LegalBasis {
  if (!value) invalid(path, 'required legal basis');
  switch (value.kind) {
    case 'declaration':
      return value;
    case 'judgment':
      judgment(path, value);
      return value;
    case 'authorisation':
    case 'act':
    case 'police-report':
      text(`${path}.authority`, value.authority);
      text(`${path}.reference`, value.reference);
      isoDate(`${path}.date`, value.date);
      return value;
    case 'transcription':
      text(`${path}.source`, value.source);
      return value;
    default:
      return invalid(`${path}.kind`, `unknown legal basis ${JSON.stringify(value)}`);
  }
}

/** Turns a command's date into an act date: the Hijri date as written, else Umm al-Qura. */
export function actDate(path: string, value: DateInput | undefined): ActDate {
  if (!value) invalid(path, 'required date');
  const gregorian = isoDate(`${path}.date`, value.date);
  if (value.time !== undefined && !/^([01]\d|2[0-3]):[0-5]\d$/.test(value.time)) {
    invalid(`${path}.time`, 'HH:MM');
  }
  if (value.hijri !== undefined && !isHijriDate(value.hijri)) {
    invalid(`${path}.hijri`, 'not a Hijri date (year, month 1-12, day 1-30)');
  }
  const hijri = value.hijri
    ? { ...value.hijri, source: 'as-written' as const }
    : { ...toHijri(gregorian), source: 'computed' as const };
  return value.time === undefined ? { gregorian, hijri } : { gregorian, time: value.time, hijri };
}

export function idcs(path: string, value: unknown): string {
  return parseIdcs(value, path);
}

export function domesticPlace(path: string, value: Place | undefined): Place {
  const checked = place(path, value);
  if ('country' in checked) invalid(path, 'a place in Morocco (region, province, commune)');
  return checked;
}
