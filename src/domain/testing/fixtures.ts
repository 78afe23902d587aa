import type { LegacyActDigitised } from '../legacy/legacy.events';
import type { MarriageNoted } from '../marriage/marriage.events';
import type { BirthRegistered } from '../birth/birth.events';
import { luhnCheckDigit } from '../shared/idcs';
import { toHijri } from '../shared/hijri';
import type { ActDate, CommandMetadata, FullName, Place, Sex } from '../shared/types';

/** Shared test data: valid identifiers, names and a way to say "this person was born". */

export const TODAY = '2025-03-10';

export function meta(
  now: string = `${TODAY}T10:00:00+01:00`,
  commandId = 'cmd-1',
): CommandMetadata {
  return { now, actor: { userId: 'registrar-7', role: 'registrar', office: 'RBT-01' }, commandId };
}

/** A valid IDCS built from a small number, so tests read `idcsOf(1)` rather than digits. */
export function idcsOf(n: number): string {
  const payload = String(100_000_000 + n);
  return payload + String(luhnCheckDigit(payload));
}

export const PLACE: Place = { region: '04', province: '04.441', commune: '04.441.01.01' };
export const OTHER_PLACE: Place = { region: '06', province: '06.141', commune: '06.141.01.05' };

export function fullName(given: string, family: string, lat?: [string, string]): FullName {
  return lat
    ? { given: { ar: given, lat: lat[0] }, family: { ar: family, lat: lat[1] } }
    : { given: { ar: given }, family: { ar: family } };
}

export const HUSBAND_NAME = fullName('محمد', 'العلوي', ['Mohammed', 'El Alaoui']);
export const WIFE_NAME = fullName('فاطمة', 'بناني', ['Fatima', 'Bennani']);

export function actDate(date: string, time?: string): ActDate {
  const hijri = { ...toHijri(date), source: 'computed' as const };
  return time === undefined ? { gregorian: date, hijri } : { gregorian: date, time, hijri };
}

/** A BirthRegistered event as a `given`: a person born on `date`, no parents linked. */
export function born(
  idcs: string,
  options: { sex?: Sex; date?: string; name?: FullName; number?: number; father?: boolean } = {},
): BirthRegistered {
  const date = options.date ?? '1990-05-14';
  const sex = options.sex ?? 'M';
  const name = options.name ?? (sex === 'M' ? HUSBAND_NAME : WIFE_NAME);
  const father = fullName('أحمد', name.family.ar);
  const mother = fullName('خديجة', 'التازي');
  return {
    type: 'BirthRegistered',
    data: {
      idcs,
      act: { office: 'RBT-01', year: Number(date.slice(0, 4)), number: options.number ?? 1 },
      child: { name, sex, born: actDate(date), place: PLACE },
      filiation: options.father === false ? 'unknown-father' : 'both-parents',
      father: options.father === false ? null : { name: father },
      mother: { name: mother },
      ...(options.father === false && { notionalFatherGivenName: { ar: 'عبد الله' } }),
      declarant: { relation: 'mother', name: mother },
      legalBasis: { kind: 'declaration' },
      delayDays: 3,
      registered: { by: meta().actor, on: actDate(date) },
    },
  };
}

export const ADOUL_ACT = {
  kind: 'act' as const,
  authority: 'Section de la justice de la famille, Rabat',
  reference: 'ADL-2025-0042',
  date: '2025-03-01',
};

export const JUDGMENT = {
  kind: 'judgment' as const,
  court: 'TPI Rabat',
  reference: 'J-2025-117',
  date: '2025-03-03',
};

/** A MarriageNoted event as a `given`, identical on both spouses' streams. */
export function married(
  husband: string,
  wife: string,
  marriageId = `m-${husband}-${wife}`,
  date = '2015-06-01',
): MarriageNoted {
  return {
    type: 'MarriageNoted',
    data: {
      marriageId,
      husband: { idcs: husband, name: HUSBAND_NAME },
      wife: { idcs: wife, name: WIFE_NAME },
      date: actDate(date),
      contract: { ...ADOUL_ACT, date },
      noted: { by: meta().actor, on: actDate(date) },
    },
  };
}

/** A LegacyActDigitised event as a `given`: an old act, often with a year of birth only. */
export function legacy(
  idcs: string,
  options: { sex?: Sex; date?: string; year?: number; number?: number } = {},
): LegacyActDigitised {
  return {
    type: 'LegacyActDigitised',
    data: {
      idcs,
      original: {
        office: 'FES-03',
        year: options.year ?? Number((options.date ?? '1950').slice(0, 4)) + 1,
        actNumber: options.number ?? 1,
        volume: '3',
        folio: '12',
      },
      scanSha256: 'ab'.repeat(32),
      transcription: {
        name: { given: { lat: 'Aicha' }, family: { ar: 'الفاسي' } },
        ...(options.sex && { sex: options.sex }),
        ...(options.date && { born: { date: options.date } }),
      },
      transcribedBy: meta().actor,
      transcribedAt: meta().now,
    },
  };
}
