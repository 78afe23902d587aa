import type { HijriDate } from './hijri';
import type { PartialDate } from './dates';
import type { Idcs } from './idcs';

export type Sex = 'M' | 'F';

/** A name in the register's scripts: Arabic is authoritative, Latin and Tifinagh optional. */
export interface PersonName {
  ar: string;
  lat?: string;
  tfng?: string;
}

/** A name as transcribed from an old act: pre-1958 acts may hold only a French spelling. */
export interface TranscribedName {
  ar?: string;
  lat?: string;
  tfng?: string;
}

export interface FullName {
  given: PersonName;
  family: PersonName;
}

export interface TranscribedFullName {
  given: TranscribedName;
  family: TranscribedName;
}

/** A place in Morocco, as codes of the territorial division (data/morocco-regions.json). */
export interface Place {
  region: string;
  province: string;
  commune: string;
}

/** A place abroad (births of nationals abroad, registered by a consular office). */
export interface ForeignPlace {
  /** ISO 3166-1 alpha-2. */
  country: string;
  locality: string;
}

export type BirthPlace = Place | ForeignPlace;

export function isForeignPlace(place: BirthPlace): place is ForeignPlace {
  return 'country' in place;
}

/** A date as a command gives it; the Hijri date only when the act states one. */
export interface DateInput {
  date: string;
  /** HH:MM, when the act states it (births and deaths). */
  time?: string;
  hijri?: HijriDate;
}

/** A date as an act holds it: both calendars, and where the Hijri date came from. */
export interface ActDate {
  gregorian: string;
  time?: string;
  hijri: HijriDate & { source: 'as-written' | 'computed' };
}

export interface Actor {
  userId: string;
  role: string;
  office?: string;
}

/** Everything a decider must not make up itself: the clock, who acts, the command's id. */
export interface CommandMetadata {
  /** ISO date-time, with the caller's offset. */
  now: string;
  actor: Actor;
  commandId: string;
}

export interface Command<Type extends string, Data> {
  type: Type;
  data: Data;
  metadata: CommandMetadata;
}

export interface DomainEvent<Type extends string, Data> {
  type: Type;
  data: Data;
}

/** A court decision: declaratory judgment, judge's authorisation, kafala order... */
export interface Judgment {
  court: string;
  reference: string;
  date: string;
}

/**
 * What makes an entry lawful. `act` is an adoul or notarial act (marriage contract,
 * recognition); `authorisation` an administrative one (ministry, high commission on names).
 */
export type LegalBasis =
  | { kind: 'declaration' }
  | ({ kind: 'judgment' } & Judgment)
  | { kind: 'authorisation'; authority: string; reference: string; date: string }
  | { kind: 'act'; authority: string; reference: string; date: string }
  | { kind: 'police-report'; authority: string; reference: string; date: string }
  | { kind: 'transcription'; source: string };

/** The key of an act in its register book. Paper acts add volume and folio. */
export interface ActKey {
  office: string;
  year: number;
  number: number;
  volume?: string;
  folio?: string;
}

/** A parent as the act describes them. `idcs` when the parent is in the register. */
export interface ParentDetails {
  idcs?: Idcs;
  name: FullName;
  born?: { date?: PartialDate; place?: BirthPlace };
  profession?: string;
  address?: string;
}

/** Who drew up the entry and when: the act's signing officer and date. */
export interface Recorded {
  by: Actor;
  on: ActDate;
}
