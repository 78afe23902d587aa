import { assertNever, violation } from '../shared/errors';
import { dayOf, earliestDay } from '../shared/dates';
import type { PersonRecord, PersonState } from './state';

/**
 * The record of a living registered person, or the rule that forbids noting anything on it.
 * `who` names the person in messages ("husband", "child").
 */
export function livingRecord(state: PersonState, who = 'person'): PersonRecord {
  switch (state.status) {
    case 'alive':
      return state.record;
    case 'unregistered':
    case 'pre-declared':
      return violation('PERSON_REGISTERED', `The ${who} has no registered birth act`);
    case 'deceased':
    case 'unidentified-deceased':
      return violation('NOTHING_AFTER_DEATH', `The ${who} is deceased`);
    case 'annulled':
      return violation('ACT_ANNULLED', `The ${who}'s ${state.annulled.act} act was annulled`);
    default:
      return assertNever(state);
  }
}

/** The record behind a state, alive or dead, when there is one. */
export function recordOf(state: PersonState): PersonRecord | null {
  switch (state.status) {
    case 'alive':
    case 'deceased':
      return state.record;
    case 'unregistered':
    case 'pre-declared':
    case 'unidentified-deceased':
    case 'annulled':
      return null;
    default:
      return assertNever(state);
  }
}

/**
 * Applies a change to the record. Evolve folds facts already written: an event that does not
 * fit the state (which a decider would have refused) leaves the state as it is rather than
 * making a stored stream unreadable.
 */
export function mapRecord(
  state: PersonState,
  change: (r: PersonRecord) => PersonRecord,
): PersonState {
  switch (state.status) {
    case 'alive':
      return { ...state, record: change(state.record) };
    case 'deceased':
      return { ...state, record: change(state.record) };
    case 'unregistered':
    case 'pre-declared':
    case 'unidentified-deceased':
    case 'annulled':
      return state;
    default:
      return assertNever(state);
  }
}

export function notInFuture(what: string, date: string, now: string): void {
  if (date > dayOf(now)) violation('EVENT_NOT_IN_FUTURE', `${what} (${date}) is after today`);
}

export function notBeforeBirth(record: PersonRecord, what: string, date: string): void {
  if (record.birthDate !== null && date < earliestDay(record.birthDate)) {
    violation('NOT_BEFORE_BIRTH', `${what} (${date}) is before the birth (${record.birthDate})`);
  }
}
