/** The event envelope of ENGINE.md, as appended and as read back. */

export interface Actor {
  userId: string;
  role: string;
  office?: string;
}

/** What makes an act lawful: a declaration, a judgment or an authorisation. */
export interface LegalBasis {
  /** declaration, judgment, authorisation, act, police-report, transcription... */
  kind: string;
  court?: string;
  authority?: string;
  reference?: string;
  date?: string;
  source?: string;
}

export interface EventMetadata {
  eventId: string;
  correlationId?: string;
  causationId?: string;
  actor?: Actor;
  legalBasis?: LegalBasis;
  [key: string]: unknown;
}

export interface NewEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
  schemaVersion?: number;
  /** Valid time: when the civil event happened (ISO date or date-time). */
  occurredAt?: string;
  /** Omitted fields are filled in: eventId (UUIDv7). */
  metadata?: Partial<EventMetadata>;
}

export interface StoredEvent<Type extends string = string, Data = unknown> {
  readonly position: number;
  readonly streamId: string;
  readonly version: number;
  readonly type: Type;
  readonly schemaVersion: number;
  readonly data: Data;
  readonly metadata: EventMetadata;
  readonly commandId: string | null;
  /** Valid time: when the civil event happened. */
  readonly occurredAt: string | null;
  /** Transaction time, from the database clock. */
  readonly recordedAt: string;
}

/**
 * `no_stream`: the stream must not exist yet; `stream_exists`: it must; `any`: no check;
 * a number: the stream's current version must be exactly that (0 is the same as no_stream).
 */
export type ExpectedVersion = number | 'any' | 'no_stream' | 'stream_exists';

export interface StreamAppend {
  streamId: string;
  expectedVersion: ExpectedVersion;
  events: NewEvent[];
}

export interface AppendRequest {
  /** Idempotency: a command id already stored returns the first result and writes nothing. */
  commandId?: string;
  streams: StreamAppend[];
}

export interface StreamAppendResult {
  streamId: string;
  /** Version of the stream after the append (its last event's version). */
  version: number;
  firstVersion: number;
}

export interface AppendResult {
  /** Global position of the last event appended by this command. */
  position: number;
  streams: StreamAppendResult[];
  /** True when the command id was already stored and nothing was written. */
  duplicate: boolean;
  recordedAt: string;
}

export class WrongExpectedVersionError extends Error {
  readonly code = 'WRONG_EXPECTED_VERSION';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number,
  ) {
    super(
      `stream ${streamId}: expected version ${String(expected)}, actual ${actual === 0 ? 'no stream' : actual}`,
    );
    this.name = 'WrongExpectedVersionError';
  }
}

export class InvalidAppendError extends Error {
  readonly code = 'INVALID_APPEND';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAppendError';
  }
}
