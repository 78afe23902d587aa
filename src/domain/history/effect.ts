import { PERSON_EVENT_TYPES, type PersonEvent } from '../index';
import { earliestDay } from '../shared/dates';
import { assertNever } from '../shared/errors';
import type { LegalBasis } from '../shared/types';
import type { Effect, HistoryEvent } from './types';

/** The domain event behind a stored one; null for a type this code does not know. */
export function asPersonEvent(event: HistoryEvent): PersonEvent | null {
  return Object.prototype.hasOwnProperty.call(PERSON_EVENT_TYPES, event.type)
    ? ({ type: event.type, data: event.data } as PersonEvent)
    : null;
}

/** The birth and death dates as the last known rectifications correct them. */
export interface Corrections {
  birthDate?: string;
  deathDate?: string;
}

export function correctionsIn(events: readonly (PersonEvent | null)[]): Corrections {
  const corrections: Corrections = {};
  for (const event of events) {
    if (event?.type !== 'RectificationNoted') continue;
    const { field, newValue } = event.data;
    if ((field === 'birthDate' || field === 'deathDate') && newValue !== null)
      corrections[field] = newValue;
  }
  return corrections;
}

const dated = (date: string): Effect => ({ kind: 'dated', from: earliestDay(date) });

/** A note's own date: its legal basis's (judgment, act, authorisation), else the day noted. */
function basisDate(basis: LegalBasis, noted: string): Effect {
  return dated('date' in basis ? basis.date : noted);
}

/**
 * When an event is in effect in law. The rules are in this module's index comment; birth
 * and death take their date as rectified, because a rectification corrects what was always
 * true.
 */
export function effectOf(event: PersonEvent, corrections: Corrections): Effect {
  switch (event.type) {
    case 'BirthPreDeclared':
      return dated(event.data.child.born.gregorian);
    case 'BirthRegistered':
      return dated(corrections.birthDate ?? event.data.child.born.gregorian);
    case 'LegacyActDigitised': {
      const born = corrections.birthDate ?? event.data.transcription.born?.date;
      return born === undefined ? { kind: 'undated' } : dated(born);
    }
    case 'DeathRegistered':
      return dated(corrections.deathDate ?? event.data.died.gregorian);
    case 'UnidentifiedDeathRegistered':
      return dated(event.data.died.gregorian);
    case 'DeceasedIdentified':
      return { kind: 'retroactive', because: 'identification' };
    case 'MarriageDissolvedByDeath':
      return dated(event.data.on);
    case 'MarriageNoted':
    case 'DivorceNoted':
      return dated(event.data.date.gregorian);
    case 'PaternityRecognised':
    case 'NameChanged':
      return basisDate(event.data.legalBasis, event.data.noted.on.gregorian);
    case 'KafalaNoted':
      return dated(event.data.order.date);
    case 'KafalaEnded':
      return dated(event.data.date);
    case 'RectificationNoted':
      return { kind: 'retroactive', because: 'rectification' };
    case 'ActAnnulled':
      return { kind: 'retroactive', because: 'annulment' };
    case 'MarriageFileExtractNoted':
      return dated(event.data.noted.on.gregorian);
    default:
      return assertNever(event);
  }
}

export function inEffectOn(effect: Effect, day: string): boolean {
  switch (effect.kind) {
    case 'dated':
      return effect.from <= day;
    case 'retroactive':
    case 'undated':
      return true;
    default:
      return assertNever(effect);
  }
}
