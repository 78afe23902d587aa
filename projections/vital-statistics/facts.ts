/**
 * What each record contributes to the statistics, kept per person (`vital_person.fact`) so
 * that a late registration, a rectification or an annulment takes the old contribution out
 * of every table and puts the new one in. The transitions follow evolvePerson: an event the
 * domain would ignore on a record in that state is ignored here too.
 */
import {
  assertNever,
  daysBetween,
  isForeignPlace,
  type ActAnnulled,
  type BirthPlace,
  type BirthRegistered,
  type DeathRegistered,
  type LegacyActDigitised,
  type RectificationNoted,
  type Sex,
  type UnidentifiedDeathRegistered,
} from '../../src/domain';
import { legalBirthDays, legalDeathDays, type Registration } from './classify';

/** Codes of the territorial division; `abroad` for nationals born abroad, `unknown` when an old act gives no place. */
export interface PlaceCode {
  region: string;
  province: string;
  commune: string;
}

export const ABROAD: PlaceCode = { region: 'abroad', province: 'abroad', commune: 'abroad' };
export const UNKNOWN_PLACE: PlaceCode = {
  region: 'unknown',
  province: 'unknown',
  commune: 'unknown',
};

export interface Registered {
  /** Days from the event to its declaration; null for digitised paper acts. */
  delayDays: number | null;
  /** The legal period that applied; null when unknown. */
  legalDays: number | null;
  registration: Registration;
}

export interface DeathFact extends Registered {
  date: string;
  place: PlaceCode;
  /** The unidentified death act this death was first registered under. */
  identifiedFrom?: string;
}

export type Life =
  | { status: 'alive' }
  | { status: 'deceased'; death: DeathFact }
  /** The birth act was annulled: the record counts nowhere. */
  | { status: 'annulled' };

export type VitalFact =
  | {
      kind: 'person';
      idcs: string;
      sex: Sex | null;
      /** As the act (or its rectification) gives it: YYYY, YYYY-MM or YYYY-MM-DD. */
      birthDate: string | null;
      birthPlace: PlaceCode;
      motherBirthDate: string | null;
      birth: Registered;
      life: Life;
    }
  | {
      kind: 'unidentified';
      idcs: string;
      death: DeathFact;
      /** Identified as a registered person: the death then counts on that person's record. */
      identifiedAs: string | null;
      annulled: boolean;
    };

export function placeCode(place: BirthPlace | null | undefined): PlaceCode {
  if (!place) return UNKNOWN_PLACE;
  if (isForeignPlace(place)) return ABROAD;
  return { region: place.region, province: place.province, commune: place.commune };
}

export type FactEvent =
  | BirthRegistered
  | LegacyActDigitised
  | DeathRegistered
  | UnidentifiedDeathRegistered
  | RectificationNoted
  | ActAnnulled;

export const FACT_EVENT_TYPES: ReadonlySet<string> = new Set<FactEvent['type']>([
  'BirthRegistered',
  'LegacyActDigitised',
  'DeathRegistered',
  'UnidentifiedDeathRegistered',
  'RectificationNoted',
  'ActAnnulled',
]);

/**
 * Applies one event to the facts of the records it touches. `facts` holds every fact the
 * page may need (the event's own record and, for an identification, the unidentified act's).
 */
export function applyFact(facts: Map<string, VitalFact>, event: FactEvent): void {
  switch (event.type) {
    case 'BirthRegistered': {
      const d = event.data;
      if (facts.has(d.idcs)) return;
      const abroad = isForeignPlace(d.child.place);
      facts.set(d.idcs, {
        kind: 'person',
        idcs: d.idcs,
        sex: d.child.sex,
        birthDate: d.child.born.gregorian,
        birthPlace: placeCode(d.child.place),
        motherBirthDate: d.mother?.born?.date ?? null,
        birth: {
          delayDays: d.delayDays,
          legalDays: legalBirthDays(abroad),
          registration: d.legalBasis.kind === 'judgment' ? 'judgment' : 'declaration',
        },
        life: { status: 'alive' },
      });
      return;
    }
    case 'LegacyActDigitised': {
      const d = event.data;
      if (facts.has(d.idcs)) return;
      const t = d.transcription;
      facts.set(d.idcs, {
        kind: 'person',
        idcs: d.idcs,
        sex: t.sex ?? null,
        birthDate: t.born?.date ?? null,
        birthPlace: placeCode(t.born?.place),
        motherBirthDate: null,
        birth: { delayDays: null, legalDays: null, registration: 'transcription' },
        life: { status: 'alive' },
      });
      return;
    }
    case 'DeathRegistered': {
      const d = event.data;
      const fact = facts.get(d.idcs);
      if (fact?.kind !== 'person' || fact.life.status !== 'alive') return;
      let registered: Registered = {
        delayDays: d.delayDays,
        legalDays: legalDeathDays(d.declarant.kind === 'institution'),
        registration: d.legalBasis.kind === 'judgment' ? 'judgment' : 'declaration',
      };
      const unidentified = d.identifiedFrom ? facts.get(d.identifiedFrom) : undefined;
      if (unidentified?.kind === 'unidentified') {
        // One death, one act: it now counts here, with the registration it first had.
        const { delayDays, legalDays, registration } = unidentified.death;
        registered = { delayDays, legalDays, registration };
        facts.set(unidentified.idcs, { ...unidentified, identifiedAs: d.idcs });
      }
      const death: DeathFact = {
        ...registered,
        date: d.died.gregorian,
        place: placeCode(d.place),
        ...(d.identifiedFrom && { identifiedFrom: d.identifiedFrom }),
      };
      facts.set(d.idcs, { ...fact, life: { status: 'deceased', death } });
      return;
    }
    case 'UnidentifiedDeathRegistered': {
      const d = event.data;
      if (facts.has(d.idcs)) return;
      facts.set(d.idcs, {
        kind: 'unidentified',
        idcs: d.idcs,
        death: {
          date: d.died.gregorian,
          place: placeCode(d.place),
          delayDays: daysBetween(d.died.gregorian, d.registered.on.gregorian),
          legalDays: legalDeathDays(false),
          registration: 'police-report',
        },
        identifiedAs: null,
        annulled: false,
      });
      return;
    }
    case 'RectificationNoted': {
      const { idcs, field, newValue } = event.data;
      const fact = facts.get(idcs);
      if (fact?.kind !== 'person' || fact.life.status === 'annulled') return;
      if (field === 'sex') facts.set(idcs, { ...fact, sex: newValue as Sex | null });
      else if (field === 'birthDate') facts.set(idcs, { ...fact, birthDate: newValue });
      else if (field === 'deathDate' && fact.life.status === 'deceased' && newValue !== null) {
        const death = { ...fact.life.death, date: newValue };
        facts.set(idcs, { ...fact, life: { status: 'deceased', death } });
      }
      return;
    }
    case 'ActAnnulled': {
      const { idcs, act, legalBasis } = event.data;
      const fact = facts.get(idcs);
      if (!fact || legalBasis.kind !== 'judgment') return;
      if (fact.kind === 'unidentified') {
        if (act === 'death') facts.set(idcs, { ...fact, annulled: true });
        return;
      }
      if (act === 'birth' && fact.life.status !== 'annulled') {
        facts.set(idcs, { ...fact, life: { status: 'annulled' } });
      } else if (act === 'death' && fact.life.status === 'deceased') {
        facts.set(idcs, { ...fact, life: { status: 'alive' } });
      }
      return;
    }
    default:
      return assertNever(event);
  }
}

/** Records an event needs besides its own: the unidentified act an identification names. */
export function relatedIdcs(event: FactEvent): string[] {
  const ids = [event.data.idcs];
  if (event.type === 'DeathRegistered' && event.data.identifiedFrom)
    ids.push(event.data.identifiedFrom);
  return ids;
}
