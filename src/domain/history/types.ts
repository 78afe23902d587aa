import type { Actor } from '../shared/types';

/**
 * A legal basis as the envelope stores it: the domain's `LegalBasis`, or one history derives
 * from the event (the paper act of a transcription, the death act that ended a marriage).
 */
export interface BasisOfRecord {
  kind: string;
  court?: string;
  authority?: string;
  reference?: string;
  date?: string;
  source?: string;
}

/** What history needs of a stored event; the event store's `StoredEvent` has all of it. */
export interface HistoryEvent {
  readonly position: number;
  readonly version: number;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: {
    readonly actor?: Actor;
    readonly legalBasis?: BasisOfRecord;
    readonly [key: string]: unknown;
  };
  /** Valid time as the envelope holds it (may be null: notes carry their dates in data). */
  readonly occurredAt: string | null;
  /** Transaction time. */
  readonly recordedAt: string;
}

/**
 * From when an event is in effect on the valid-time axis.
 * `dated`: on and after `from` (YYYY-MM-DD). `retroactive`: a correction, identification or
 * annulment: it states what was always true, so it holds at every date. `undated`: the act
 * gives no date (an old act without a birth date): it holds at every date too.
 */
export type Effect =
  | { kind: 'dated'; from: string }
  | { kind: 'retroactive'; because: 'rectification' | 'identification' | 'annulment' }
  | { kind: 'undated' };

/**
 * A point on the two time axes. `asOf`: transaction time, only what the register had
 * recorded at that instant (absent: everything recorded). `validAt`: valid time, the record
 * as it was in law on that day (absent: every known event, whatever its date).
 */
export interface TimePoint {
  asOf?: string;
  validAt?: string;
}

/** One field of the shaped record; absent and null are the same: not on the record. */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** Who, when, on what basis: the envelope of an event, as legal staff read it. */
export interface EventRef {
  position: number;
  version: number;
  type: string;
  recordedAt: string;
  occurredAt: string | null;
  effect: Effect;
  actor: Actor | null;
  legalBasis: BasisOfRecord | null;
}

export interface TimelineEntry extends EventRef {
  description: string;
  /** What the event changed in the record as the register held it (transaction time). */
  changes: FieldChange[];
}

export interface ProvenanceEntry {
  field: string;
  value: unknown;
  setBy: EventRef;
}
