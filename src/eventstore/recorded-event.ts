import type { EventMetadata, StoredEvent } from './types';

const UNPARSED = Symbol('unparsed');

/** A row of the events table as the store selects it. */
export interface EventRow {
  position: number;
  stream_id: string;
  version: number;
  type: string;
  schema_version: number;
  data: string;
  metadata: string;
  command_id: string | null;
  occurred_at: string | null;
  recorded_at: string;
}

/**
 * An event read from the log. Its data and metadata stay JSON text until first read:
 * a projection that skips an event by its type never pays for parsing it.
 */
export class RecordedEvent implements StoredEvent {
  readonly position: number;
  readonly streamId: string;
  readonly version: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly commandId: string | null;
  readonly occurredAt: string | null;
  readonly recordedAt: string;
  #dataText: string;
  #metadataText: string;
  #data: unknown = UNPARSED;
  #metadata: EventMetadata | typeof UNPARSED = UNPARSED;

  constructor(row: EventRow) {
    this.position = row.position;
    this.streamId = row.stream_id;
    this.version = row.version;
    this.type = row.type;
    this.schemaVersion = row.schema_version;
    this.commandId = row.command_id;
    this.occurredAt = row.occurred_at;
    this.recordedAt = row.recorded_at;
    this.#dataText = row.data;
    this.#metadataText = row.metadata;
  }

  get data(): unknown {
    if (this.#data === UNPARSED) this.#data = JSON.parse(this.#dataText);
    return this.#data;
  }

  get metadata(): EventMetadata {
    if (this.#metadata === UNPARSED)
      this.#metadata = JSON.parse(this.#metadataText) as EventMetadata;
    return this.#metadata;
  }

  toJSON(): StoredEvent {
    return {
      position: this.position,
      streamId: this.streamId,
      version: this.version,
      type: this.type,
      schemaVersion: this.schemaVersion,
      data: this.data,
      metadata: this.metadata,
      commandId: this.commandId,
      occurredAt: this.occurredAt,
      recordedAt: this.recordedAt,
    };
  }
}

/** An event read by a rebuild: it knows whether its stream has more events to come. */
export class RebuildRecordedEvent extends RecordedEvent {
  constructor(
    row: EventRow,
    readonly lastOfStream: boolean,
  ) {
    super(row);
  }
}

/** What a lean rebuild read selects of an event: no metadata, no timestamps. */
export interface LeanEventRow {
  position: number;
  stream_id: string;
  version: number;
  type: string;
  /** Null for a type whose data the rebuild does not read. */
  data: string | null;
  last_of_stream: boolean;
}

/**
 * An event as a rebuild whose every projection has a rebuilder reads it: only what those
 * read (half the reader's cost of the full row: no metadata, no formatted timestamps, no
 * JSON for types no projection reads).
 */
export class LeanRebuildEvent {
  readonly position: number;
  readonly streamId: string;
  readonly version: number;
  readonly type: string;
  readonly lastOfStream: boolean;
  #dataText: string | null;
  #data: unknown = UNPARSED;

  constructor(row: LeanEventRow) {
    this.position = row.position;
    this.streamId = row.stream_id;
    this.version = row.version;
    this.type = row.type;
    this.lastOfStream = row.last_of_stream;
    this.#dataText = row.data;
  }

  get data(): unknown {
    if (this.#data === UNPARSED) {
      // Only an event passed to a lane for its stream's end has no data; a rebuilder that
      // reads it would fold an event its projection does not declare.
      if (this.#dataText === null)
        throw new Error(`the rebuild did not read the data of ${this.type} at ${this.position}`);
      this.#data = JSON.parse(this.#dataText);
      this.#dataText = null;
    }
    return this.#data;
  }
}
