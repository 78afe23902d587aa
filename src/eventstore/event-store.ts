import { prepare, type PreparedCommand } from './append';
import { BulkChunk, appendChunk, type ChunkReport } from './bulk';
import { isoMicros, isoMillisSql } from './chain';
import type { Database, Sql } from './db';
import { GroupCommitWriter } from './group-commit';
import {
  LeanRebuildEvent,
  RebuildRecordedEvent,
  RecordedEvent,
  type EventRow,
  type LeanEventRow,
} from './recorded-event';
import { Subscription, type SubscriptionOptions } from './subscription';
import {
  WrongExpectedVersionError,
  type AppendRequest,
  type AppendResult,
  type StoredEvent,
} from './types';

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive version bounds. */
  fromVersion?: number;
  toVersion?: number;
  maxCount?: number;
  /** Transaction time: only events recorded at or before this instant. */
  asOf?: string;
}

export interface BulkAppendOptions {
  /** Commands per transaction. A crash loses at most the chunk in flight. */
  chunkSize?: number;
  onProgress?: (progress: BulkProgress) => void;
}

export interface BulkProgress {
  commands: number;
  appended: number;
  duplicates: number;
  conflicts: number;
  events: number;
}

export interface BulkAppendReport extends BulkProgress {
  conflictDetails: { commandId: string; error: WrongExpectedVersionError }[];
  lastPosition: number;
}

const SELECT_EVENT = `select position, stream_id, version, type, schema_version, data::text as data,
  metadata::text as metadata, command_id, ${isoMillisSql('occurred_at')} as occurred_at,
  ${isoMicros('recorded_at')} as recorded_at
  from events`;

/** Whether a rebuild's row is its stream's last up to `$2`: one probe of (stream, version). */
const LAST_OF_STREAM = `not exists (select 1 from events n where n.stream_id = s.stream_id
  and n.version = s.version + 1 and n.position <= $2) as last_of_stream`;

const toEvent = (row: EventRow): StoredEvent => new RecordedEvent(row);

/** Reads pages one ahead of the consumer until a short page (the end as it stood). */
async function* pages<E extends { position: number }>(
  afterPosition: number,
  pageSize: number,
  read: (after: number) => Promise<E[]>,
): AsyncGenerator<E[]> {
  let next = read(afterPosition);
  for (;;) {
    const page = await next;
    if (page.length === 0) return;
    const last = page[page.length - 1]!.position;
    const full = page.length === pageSize;
    if (full) {
      next = read(last);
      // A reader that stops early leaves this read unawaited: keep its failure observed.
      next.catch(() => undefined);
    }
    yield page;
    if (!full) return;
  }
}

export class EventStore {
  private readonly writer: GroupCommitWriter;

  constructor(readonly db: Database) {
    this.writer = new GroupCommitWriter(db);
  }

  /**
   * Appends to one or several streams atomically. Rejects with WrongExpectedVersionError
   * when any stream's version differs from what was expected; then nothing is written.
   */
  append(request: AppendRequest): Promise<AppendResult> {
    let command: PreparedCommand;
    try {
      command = prepare(request);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return this.appendPrepared(command);
  }

  /**
   * A command prepared elsewhere (on a worker thread, as the generator prepares its own),
   * appended as `append` appends: through the group commit, with concurrent commands.
   */
  appendPrepared(command: PreparedCommand): Promise<AppendResult> {
    return this.writer.append(command);
  }

  /**
   * Imports: commands are written in chunks with COPY, each chunk one transaction. Stored
   * command ids are skipped, so re-running an interrupted import appends what was missing.
   * Conflicts are reported, not thrown.
   */
  async appendBulk(
    requests:
      Iterable<AppendRequest | PreparedCommand> | AsyncIterable<AppendRequest | PreparedCommand>,
    options: BulkAppendOptions = {},
  ): Promise<BulkAppendReport> {
    const chunkSize = options.chunkSize ?? 5000;
    const report: BulkAppendReport = {
      commands: 0,
      appended: 0,
      duplicates: 0,
      conflicts: 0,
      events: 0,
      conflictDetails: [],
      lastPosition: 0,
    };
    const tally = (chunk: ChunkReport) => {
      report.commands += chunk.appended + chunk.duplicates + chunk.conflicts.length;
      report.appended += chunk.appended;
      report.duplicates += chunk.duplicates;
      report.conflicts += chunk.conflicts.length;
      for (const conflict of chunk.conflicts) report.conflictDetails.push(conflict);
      report.events += chunk.events;
      report.lastPosition = Math.max(report.lastPosition, chunk.lastPosition);
      options.onProgress?.(report);
    };
    // One chunk is written while the next is being prepared: the database works on one
    // core while serialisation and hashing run on the other.
    let inFlight: Promise<void> = Promise.resolve();
    const flush = async (full: BulkChunk) => {
      await inFlight;
      inFlight = appendChunk(this.db, full).then(tally);
      // Keep the rejection observed; it is rethrown by the next await of inFlight.
      inFlight.catch(() => undefined);
    };
    let chunk = new BulkChunk();
    // Takes one command; returns what to wait for, if anything, before the next.
    const add = (request: AppendRequest | PreparedCommand): Promise<void> | null => {
      chunk.add(request);
      if (chunk.commands >= chunkSize) {
        const full = chunk;
        chunk = new BulkChunk();
        return flush(full);
      }
      // Serialising is synchronous: yield now and then so the chunk in flight progresses.
      return chunk.commands % 256 === 0 ? new Promise(setImmediate) : null;
    };
    // A plain iterable is read without an await per command.
    if (Symbol.iterator in requests) {
      for (const request of requests) {
        const wait = add(request);
        if (wait) await wait;
      }
    } else {
      for await (const request of requests) {
        const wait = add(request);
        if (wait) await wait;
      }
    }
    if (chunk.commands > 0) await flush(chunk);
    await inFlight;
    return report;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const params: unknown[] = [streamId];
    const where = ['stream_id = $1'];
    if (options.fromVersion !== undefined) {
      params.push(options.fromVersion);
      where.push(`version >= $${params.length}`);
    }
    if (options.toVersion !== undefined) {
      params.push(options.toVersion);
      where.push(`version <= $${params.length}`);
    }
    if (options.asOf !== undefined) {
      params.push(options.asOf);
      where.push(`recorded_at <= $${params.length}::timestamptz`);
    }
    let sql = `${SELECT_EVENT} where ${where.join(' and ')} order by version ${
      options.direction === 'backwards' ? 'desc' : 'asc'
    }`;
    if (options.maxCount !== undefined) {
      params.push(options.maxCount);
      sql += ` limit $${params.length}`;
    }
    return (await this.db.query<EventRow>(sql, params)).map(toEvent);
  }

  /** The events a command appended, in order (empty when the command id is unknown). */
  async readCommand(commandId: string): Promise<StoredEvent[]> {
    const rows = await this.db.query<EventRow>(
      `${SELECT_EVENT} where command_id = $1 order by position`,
      [commandId],
    );
    return rows.map(toEvent);
  }

  /** The current version of a stream; 0 when it does not exist. */
  async streamVersion(streamId: string): Promise<number> {
    const [row] = await this.db.query<{ version: number | null }>(
      'select max(version) as version from events where stream_id = $1',
      [streamId],
    );
    return row?.version ?? 0;
  }

  /**
   * The global log after `afterPosition`, in order. Positions are committed in order
   * (ADR 0002), so a page never skips an event that commits later.
   */
  async readAll(
    afterPosition: number,
    maxCount = 1000,
    via: Sql = this.db,
  ): Promise<StoredEvent[]> {
    // `via`: a transaction that must see the log as it does (PGlite has one session: a
    // query outside the transaction would wait for it).
    const rows = await via.query<EventRow>(
      `${SELECT_EVENT} where position > $1 order by position limit $2`,
      [afterPosition, maxCount],
    );
    return rows.map(toEvent);
  }

  /**
   * Pages of the global log from `afterPosition` to its current end. The next page is
   * requested before this one is handed over, so reading and processing overlap.
   */
  readAllPages(afterPosition: number, pageSize = 5000): AsyncGenerator<StoredEvent[]> {
    return pages(afterPosition, pageSize, (after) => this.readAll(after, pageSize));
  }

  /**
   * The log from `afterPosition` up to `upTo`, in pages, each event marked `lastOfStream`
   * when its stream has no later event up to `upTo`: a rebuild then knows when a stream's
   * rows are final and can write them once (one index probe per event, on the server).
   */
  readForRebuild(
    afterPosition: number,
    upTo: number,
    pageSize = 5000,
  ): AsyncGenerator<RebuildRecordedEvent[]> {
    return pages(afterPosition, pageSize, async (after) => {
      const rows = await this.db.query<EventRow & { last_of_stream: boolean }>(
        `select s.*, ${LAST_OF_STREAM} from (${SELECT_EVENT} where position > $1 and position <= $2
                  order by position limit $3) s
          order by s.position`,
        [after, upTo, pageSize],
      );
      return rows.map((row) => new RebuildRecordedEvent(row, row.last_of_stream));
    });
  }

  /**
   * `readForRebuild` for projections that read only an event's stream, version, type and
   * data, and the data only of `dataTypes`: neither side formats timestamps nor moves
   * metadata, and types no projection reads come without their JSON.
   */
  readLeanForRebuild(
    afterPosition: number,
    upTo: number,
    dataTypes: ReadonlySet<string>,
    pageSize = 5000,
  ): AsyncGenerator<LeanRebuildEvent[]> {
    const types = [...dataTypes];
    return pages(afterPosition, pageSize, async (after) => {
      const rows = await this.db.query<LeanEventRow>(
        `select s.position, s.stream_id, s.version, s.type,
                case when s.type = any($4::text[]) then s.data::text end as data, ${LAST_OF_STREAM}
           from (select position, stream_id, version, type, data from events
                  where position > $1 and position <= $2 order by position limit $3) s
          order by s.position`,
        [after, upTo, pageSize, types],
      );
      return rows.map((row) => new LeanRebuildEvent(row));
    });
  }

  async headPosition(): Promise<number> {
    const [row] = await this.db.query<{ position: number }>('select position from event_log_head');
    return row?.position ?? 0;
  }

  /** Catch-up subscription to the global log: history first, then live events. */
  subscribe(options: SubscriptionOptions): Subscription {
    const subscription = new Subscription(this, options);
    subscription.start();
    return subscription;
  }
}
