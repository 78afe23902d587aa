/**
 * Sijill's pure domain: one folder per act or marginal note, each with its events, its
 * decider functions (named after the commands: registerBirth, noteMarriage...) and evolve.
 * Nothing here does I/O, reads the clock or draws random numbers: the clock, the actor and
 * the ids come in the command's metadata.
 */
import { evolve as evolveAnnulment } from './annulment/annulment.decider';
import type { AnnulmentEvent } from './annulment/annulment.events';
import { evolve as evolveBirth } from './birth/birth.decider';
import type { BirthEvent } from './birth/birth.events';
import { evolve as evolveDeath } from './death/death.decider';
import type { DeathEvent } from './death/death.events';
import { evolve as evolveDivorce } from './divorce/divorce.decider';
import type { DivorceEvent } from './divorce/divorce.events';
import { evolve as evolveExtract } from './extract/extract.decider';
import type { ExtractNoteEvent } from './extract/extract.events';
import { evolve as evolveKafala } from './kafala/kafala.decider';
import type { KafalaEvent } from './kafala/kafala.events';
import { evolve as evolveLegacy } from './legacy/legacy.decider';
import type { LegacyEvent } from './legacy/legacy.events';
import { evolve as evolveMarriage } from './marriage/marriage.decider';
import type { MarriageEvent } from './marriage/marriage.events';
import { evolve as evolveNameChange } from './name-change/name-change.decider';
import type { NameChangeEvent } from './name-change/name-change.events';
import { initialPersonState, type PersonState } from './person/state';
import { evolve as evolveRecognition } from './recognition/recognition.decider';
import type { RecognitionEvent } from './recognition/recognition.events';
import { evolve as evolveRectification } from './rectification/rectification.decider';
import type { RectificationEvent } from './rectification/rectification.events';
import { assertNever } from './shared/errors';

export * from './shared/errors';
export * from './shared/idcs';
export * from './shared/hijri';
export * from './shared/dates';
export * from './shared/types';
export * from './shared/streams';
export * from './rules';
export * from './person/state';
export { livingRecord, recordOf } from './person/guards';

export * from './register/register.events';
export {
  allocate as allocateInRegister,
  decide as allocateActNumber,
  evolve as evolveRegisterBook,
  expectedRegisterVersion,
  initialRegisterBook,
  nextActNumber,
  type AllocateActNumber,
  type RegisterBook,
} from './register/register.decider';

export * from './birth/birth.events';
export {
  preDeclareBirth,
  registerBirth,
  registerMultipleBirth,
  type BirthDecision,
  type FiliationInput,
  type PreDeclareBirth,
  type RegisterBirth,
  type RegisterMultipleBirth,
} from './birth/birth.decider';
export * from './legacy/legacy.events';
export { digitiseLegacyAct, type DigitiseLegacyAct } from './legacy/legacy.decider';
export * from './death/death.events';
export {
  registerDeath,
  registerUnidentifiedDeath,
  identifyDeceased,
  type DeathDecision,
  type IdentifyDeceased,
  type RegisterDeath,
  type RegisterUnidentifiedDeath,
  type SpouseStates,
} from './death/death.decider';
export * from './marriage/marriage.events';
export {
  noteMarriage,
  type MarriageDecision,
  type NoteMarriage,
} from './marriage/marriage.decider';
export * from './divorce/divorce.events';
export { noteDivorce, type NoteDivorce } from './divorce/divorce.decider';
export * from './recognition/recognition.events';
export { noteRecognition, type NoteRecognition } from './recognition/recognition.decider';
export * from './kafala/kafala.events';
export { endKafala, noteKafala, type EndKafala, type NoteKafala } from './kafala/kafala.decider';
export * from './name-change/name-change.events';
export { noteNameChange, type NoteNameChange } from './name-change/name-change.decider';
export * from './rectification/rectification.events';
export { noteRectification, type NoteRectification } from './rectification/rectification.decider';
export * from './annulment/annulment.events';
export { annulAct, type AnnulAct } from './annulment/annulment.decider';
export * from './extract/extract.events';
export {
  checkExtractRequest,
  issueExtract,
  EXTRACT_CODE,
  EXTRACT_VALIDITY_MONTHS,
  extractValidUntil,
  type ExtractDecision,
  type ExtractRequest,
  type ExtractStates,
  type IssueExtract,
} from './extract/extract.decider';
export {
  evolveAnnulment,
  evolveBirth,
  evolveLegacy,
  evolveDeath,
  evolveDivorce,
  evolveExtract,
  evolveKafala,
  evolveMarriage,
  evolveNameChange,
  evolveRecognition,
  evolveRectification,
};

/** Every event a `person-<IDCS>` stream can hold. */
export type PersonEvent =
  | BirthEvent
  | LegacyEvent
  | DeathEvent
  | MarriageEvent
  | DivorceEvent
  | RecognitionEvent
  | KafalaEvent
  | NameChangeEvent
  | RectificationEvent
  | AnnulmentEvent
  | ExtractNoteEvent;

export type PersonEventType = PersonEvent['type'];

/** Every person event type: a Record, so that a new event type must be listed here to compile. */
export const PERSON_EVENT_TYPES: Readonly<Record<PersonEventType, true>> = {
  BirthPreDeclared: true,
  BirthRegistered: true,
  LegacyActDigitised: true,
  DeathRegistered: true,
  UnidentifiedDeathRegistered: true,
  DeceasedIdentified: true,
  MarriageDissolvedByDeath: true,
  MarriageNoted: true,
  DivorceNoted: true,
  PaternityRecognised: true,
  KafalaNoted: true,
  KafalaEnded: true,
  NameChanged: true,
  RectificationNoted: true,
  ActAnnulled: true,
  MarriageFileExtractNoted: true,
};

/** Folds any person event: `events.reduce(evolvePerson, initialPersonState())`. */
export function evolvePerson(state: PersonState, event: PersonEvent): PersonState {
  switch (event.type) {
    case 'BirthPreDeclared':
    case 'BirthRegistered':
      return evolveBirth(state, event);
    case 'LegacyActDigitised':
      return evolveLegacy(state, event);
    case 'DeathRegistered':
    case 'UnidentifiedDeathRegistered':
    case 'DeceasedIdentified':
    case 'MarriageDissolvedByDeath':
      return evolveDeath(state, event);
    case 'MarriageNoted':
      return evolveMarriage(state, event);
    case 'DivorceNoted':
      return evolveDivorce(state, event);
    case 'PaternityRecognised':
      return evolveRecognition(state, event);
    case 'KafalaNoted':
    case 'KafalaEnded':
      return evolveKafala(state, event);
    case 'NameChanged':
      return evolveNameChange(state, event);
    case 'RectificationNoted':
      return evolveRectification(state, event);
    case 'ActAnnulled':
      return evolveAnnulment(state, event);
    case 'MarriageFileExtractNoted':
      return evolveExtract(state, event);
    default:
      return assertNever(event);
  }
}

export function rebuildPerson(events: readonly PersonEvent[]): PersonState {
  return events.reduce(evolvePerson, initialPersonState());
}

/**
 * Events that may follow a death on the deceased's own record: corrections of the acts
 * (rectification, identification of an unidentified body) and annulment.
 */
export const AFTER_DEATH: ReadonlySet<PersonEventType> = new Set<PersonEventType>([
  'RectificationNoted',
  'DeceasedIdentified',
  'ActAnnulled',
]);
