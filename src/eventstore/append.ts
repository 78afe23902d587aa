/**
 * Appending a batch of commands in one transaction, under the lock on the log's head.
 * Each command is checked on its own (idempotency, expected versions), so one stale
 * command fails alone while the others of its batch commit together (group commit).
 */
import { hash } from 'node:crypto';
import { uuidv7 } from '../shared/uuid';
import { chainHash, contentText, copyText, isoMicros, isoMillis } from './chain';
import type { Database, Transaction } from './db';
import {
  InvalidAppendError,
  WrongExpectedVersionError,
  type AppendRequest,
  type AppendResult,
  type ExpectedVersion,
  type NewEvent,
  type StreamAppendResult,
} from './types';

export const NOTIFY_CHANNEL = 'sijill_events';

interface PreparedEvent {
  /** The COPY columns that do not depend on the event's place in the log (chain.ts). */
  line: Uint8Array;
  digest: string;
}

/**
 * A command serialised and digested before the lock is taken, to keep the lock short.
 * Plain data: an import may prepare commands on worker threads and post them over.
 */
export interface PreparedCommand {
  prepared: true;
  commandId: string;
  eventCount: number;
  streams: { streamId: string; expectedVersion: ExpectedVersion; events: PreparedEvent[] }[];
}

export function prepare(request: AppendRequest): PreparedCommand {
  checkRequest(request);
  const commandId = request.commandId ?? uuidv7();
  const commandText = copyText(commandId);
  let eventCount = 0;
  const streams = request.streams.map((s) => {
    eventCount += s.events.length;
    const streamText = copyText(s.streamId);
    const events = s.events.map((e): PreparedEvent => {
      const line = Buffer.from(eventText(streamText, commandText, e));
      return { line, digest: hash('sha256', line, 'hex') };
    });
    return { streamId: s.streamId, expectedVersion: s.expectedVersion, events };
  });
  return { prepared: true, commandId, eventCount, streams };
}

/** Refuses a malformed request before anything of it is rendered. */
export function checkRequest(request: AppendRequest): void {
  if (request.streams.length === 0) throw new InvalidAppendError('an append names no stream');
  const seen = new Set<string>();
  for (const s of request.streams) {
    if (!s.streamId) throw new InvalidAppendError('a stream id is empty');
    if (seen.has(s.streamId))
      throw new InvalidAppendError(`stream ${s.streamId} is named twice in one append`);
    seen.add(s.streamId);
    if (s.events.length === 0) throw new InvalidAppendError(`no events for stream ${s.streamId}`);
    checkExpected(s.expectedVersion);
    for (const e of s.events)
      if (!e.type) throw new InvalidAppendError(`an event for ${s.streamId} has no type`);
  }
}

/**
 * An event's content line as text (chain.ts), its stream id and command id already
 * escaped: serialises data and metadata, and draws the event id.
 */
export function eventText(streamText: string, commandText: string, e: NewEvent): string {
  return contentText(
    streamText,
    copyText(e.type),
    e.schemaVersion ?? 1,
    JSON.stringify(e.data ?? null),
    metadataText(e.metadata),
    commandText,
    e.occurredAt === undefined ? null : isoMillis(e.occurredAt),
  );
}

/** The metadata with an event id first (UUIDv7), unless the caller gave one. */
function metadataText(metadata: NewEvent['metadata']): string {
  if (metadata?.eventId) return JSON.stringify(metadata);
  const rest = metadata ? JSON.stringify(metadata) : '{}';
  const id = `{"eventId":"${uuidv7()}"`;
  return rest === '{}' ? `${id}}` : `${id},${rest.slice(1)}`;
}

/**
 * For posting prepared commands between threads. Small Buffers are views on Node's shared
 * 8 KB pool, and structured clone copies a view's whole ArrayBuffer: posting each event's
 * line as is would copy 8 KB per event. The lines go into one ArrayBuffer of their own
 * instead, to be transferred, not copied: `postMessage(batch, [packLines(batch)])`.
 */
export function packLines(batch: PreparedCommand[]): ArrayBuffer {
  const events = batch.flatMap((c) => c.streams.flatMap((s) => s.events));
  const packed = new Uint8Array(events.reduce((n, e) => n + e.line.byteLength, 0));
  let offset = 0;
  for (const e of events) {
    packed.set(e.line, offset);
    e.line = packed.subarray(offset, offset + e.line.byteLength);
    offset += e.line.byteLength;
  }
  return packed.buffer;
}

function checkExpected(expected: ExpectedVersion) {
  if (typeof expected === 'number' && (!Number.isInteger(expected) || expected < 0))
    throw new InvalidAppendError(`expected version ${expected} is not a version`);
}

export function satisfies(expected: ExpectedVersion, actual: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === 0;
    case 'stream_exists':
      return actual > 0;
    default:
      return actual === expected;
  }
}

export type Outcome = AppendResult | WrongExpectedVersionError;

/**
 * What a batch writes, decided under the lock: the accepted commands in order, with the
 * version each of their streams had before them. The rows themselves (positions, versions,
 * ranks, chain hashes) follow from this and are rendered while they are sent (copyRows).
 */
export interface WritePlan {
  commands: PreparedCommand[];
  /** Per accepted command, per stream in order: the stream's version before the command. */
  bases: number[];
  /** Position and hash of the head the batch starts from. */
  after: number;
  afterHash: string;
  /** Transaction time shared by the batch's events. */
  recordedAt: string;
  /** Position of the batch's last event. */
  last: number;
}

/** The row of event_log_head as LOCK_HEAD reads it, with the database clock. */
export interface Head {
  position: number;
  hash: string;
  recorded_at: string;
  now: string;
}

interface Known {
  kind: 'stream' | 'command';
  id: string;
  stream_id: string;
  first: number;
  last: number;
  position: number;
  recorded_at: string;
}

/**
 * One round trip: the current version of each stream (absent: no stream), and the
 * results of commands already stored, rebuilt from their events. Every command id is
 * looked up, even for new streams: a retried command may name other streams than its
 * first try did (an identifier drawn anew), and must still not repeat.
 */
export async function lookUp(
  tx: Transaction,
  streamIds: string[],
  commandIds: string[],
): Promise<{ current: Map<string, number>; done: Map<string, AppendResult> }> {
  const rows = await tx.query<Known>(
    `select 'stream' as kind, s.id, s.id as stream_id, 0 as first, v.version as last,
            0::bigint as position, null as recorded_at
       from unnest($1::text[]) as s(id)
       cross join lateral (select version from events e where e.stream_id = s.id
                            order by version desc limit 1) v
     union all
     select 'command', c.id, e.stream_id, min(e.version), max(e.version), max(e.position),
            ${isoMicros('max(e.recorded_at)')}
       from unnest($2::text[]) as c(id)
       -- One index probe per id. OFFSET 0 keeps the planner from flattening this into a
       -- hash join over a sequential scan, which it prefers while the table is young.
       cross join lateral (select stream_id, version, position, recorded_at from events
                            where command_id = c.id offset 0) e
      group by c.id, e.stream_id`,
    [streamIds, commandIds],
  );
  const current = new Map<string, number>();
  const done = new Map<string, AppendResult>();
  for (const row of rows) {
    if (row.kind === 'stream') {
      current.set(row.id, row.last);
      continue;
    }
    const prior = done.get(row.id);
    const stream = { streamId: row.stream_id, version: row.last, firstVersion: row.first };
    if (prior) {
      prior.streams.push(stream);
      prior.position = Math.max(prior.position, row.position);
    } else {
      done.set(row.id, {
        position: row.position,
        streams: [stream],
        duplicate: true,
        recordedAt: row.recorded_at,
      });
    }
  }
  return { current, done };
}

/**
 * Locks the log's head. It is a statement of its own, so that the lookups after it run
 * with a snapshot taken once the previous holder committed. Pass it as the transaction's
 * opening statement to save a round trip.
 */
export const LOCK_HEAD = `select position, encode(hash, 'hex') as hash,
  ${isoMicros('recorded_at')} as recorded_at, ${isoMicros('clock_timestamp()')} as now
  from event_log_head for update`;

/** Transaction time never runs backwards along the log, even if the clock does. */
export const transactionTime = (head: Head) =>
  head.now > head.recorded_at ? head.now : head.recorded_at;

/**
 * Runs inside a transaction: locks the head, decides each command, writes the accepted
 * events with `write` (which also moves the head), and returns one outcome per command.
 */
export async function appendPrepared(
  tx: Transaction,
  commands: PreparedCommand[],
  write: (tx: Transaction, plan: WritePlan) => Promise<void>,
  mode: 'optimistic' | 'checked' = 'checked',
): Promise<Outcome[]> {
  const [head] = (tx.openingRows.length > 0
    ? tx.openingRows
    : await tx.query(LOCK_HEAD)) as unknown as Head[];
  if (!head) throw new Error('event_log_head is missing: run the migrations');
  const recordedAt = transactionTime(head);

  // Optimistic: streams that must not exist yet, and command ids, are left to the unique
  // indexes (stream, version) and (command, rank); a collision redoes the batch checked.
  const streamIds = new Set<string>();
  for (const c of commands)
    for (const s of c.streams)
      if (mode === 'checked' || (s.expectedVersion !== 'no_stream' && s.expectedVersion !== 0))
        streamIds.add(s.streamId);
  const commandIds = mode === 'checked' ? [...new Set(commands.map((c) => c.commandId))] : [];
  // An import of new streams has nothing to look up: no round trip under the lock.
  const { current, done } =
    streamIds.size + commandIds.length > 0
      ? await lookUp(tx, [...streamIds], commandIds)
      : { current: new Map<string, number>(), done: new Map<string, AppendResult>() };

  let position = head.position;
  const plan: WritePlan = {
    commands: [],
    bases: [],
    after: head.position,
    afterHash: head.hash,
    recordedAt,
    last: head.position,
  };
  const outcomes: Outcome[] = [];
  for (const command of commands) {
    // Optimistic: a command repeated within the batch collides on (command, rank) as well.
    const already = mode === 'checked' ? done.get(command.commandId) : undefined;
    if (already) {
      outcomes.push({ ...already, duplicate: true });
      continue;
    }
    const conflict = command.streams.find(
      (s) => !satisfies(s.expectedVersion, current.get(s.streamId) ?? 0),
    );
    if (conflict) {
      // Without the command lookups a conflict may be a repeat: decide it checked.
      if (mode === 'optimistic') throw new RedoChecked();
      outcomes.push(
        new WrongExpectedVersionError(
          conflict.streamId,
          conflict.expectedVersion,
          current.get(conflict.streamId) ?? 0,
        ),
      );
      continue;
    }
    const streams: StreamAppendResult[] = [];
    for (const s of command.streams) {
      const base = current.get(s.streamId) ?? 0;
      const version = base + s.events.length;
      position += s.events.length;
      plan.bases.push(base);
      current.set(s.streamId, version);
      streams.push({ streamId: s.streamId, version, firstVersion: base + 1 });
    }
    plan.commands.push(command);
    const result: AppendResult = { position, streams, duplicate: false, recordedAt };
    if (mode === 'checked') done.set(command.commandId, result);
    outcomes.push(result);
  }
  plan.last = position;

  if (plan.commands.length > 0) await write(tx, plan);
  return outcomes;
}

/** An optimistic batch met what only the checked path can decide. */
export class RedoChecked extends Error {}

/** Whether an optimistic batch failed in a way the checked path decides. */
export const redoChecked = (error: unknown) =>
  error instanceof RedoChecked || (error as { code?: unknown }).code === '23505';

/**
 * Appends a batch in one transaction: first optimistically, without looking up command
 * ids or streams that must be new; if a unique index refuses a row (a repeated command, a
 * stream that exists after all), the transaction is rolled back and redone with lookups,
 * which decide each command on its own.
 */
export async function appendBatch(
  db: Database,
  commands: PreparedCommand[],
  write: (tx: Transaction, plan: WritePlan) => Promise<void>,
): Promise<Outcome[]> {
  try {
    return await db.transaction(
      (tx) => appendPrepared(tx, commands, write, 'optimistic'),
      LOCK_HEAD,
    );
  } catch (error) {
    if (!redoChecked(error)) throw error;
    return db.transaction((tx) => appendPrepared(tx, commands, write, 'checked'), LOCK_HEAD);
  }
}

/** Moves the head past the rows just written and wakes the followers. */
export async function moveHead(
  tx: Transaction,
  position: number,
  hash: string,
  recordedAt: string,
) {
  await tx.query(
    `with head as (update event_log_head
       set position = $1, hash = decode($2, 'hex'), recorded_at = $3::timestamptz)
     select pg_notify('${NOTIFY_CHANNEL}', $1::text)`,
    [position, hash, recordedAt],
  );
}

/** The COPY columns of an event, in this order: first those known before the lock. */
export const COPY_COLUMNS = [
  'stream_id',
  'type',
  'schema_version',
  'data',
  'metadata',
  'command_id',
  'occurred_at',
  'position',
  'version',
  'command_seq',
  'recorded_at',
  'prev_hash',
  'hash',
] as const;

/** Rows are sent in pieces of about this many bytes, each as soon as it is rendered. */
export const PIECE = 256 * 1024;

/**
 * The end of an event's COPY line, after its content line: the columns numbered and
 * chained under the lock, in latin1.
 */
export const rowEnd = (
  position: number,
  version: number,
  rank: number,
  recordedAt: string,
  prev: string,
  next: string,
) => `\t${position}\t${version}\t${rank}\t${recordedAt}\t\\\\x${prev}\t\\\\x${next}\n`;

/** Room for rowEnd beside its timestamp: two numbers of up to 16 digits, a rank, two
 * hashes as \\x and 64 hex digits, and separators. */
export const ROW_END_ROOM = 192;

/**
 * The rows of a plan in COPY text: each event's content line (rendered before the lock)
 * followed by its positional columns, which are numbered and chained here, under the lock.
 * Rendering is lazy: the database parses the first piece while the next is hashed.
 */
function* renderRows(plan: WritePlan, end: { hash: string }): Generator<Buffer> {
  const recordedAt = plan.recordedAt;
  let position = plan.after;
  let prev = plan.afterHash;
  let k = 0;
  const tail = ROW_END_ROOM + recordedAt.length;
  // Pieces are sized to what is left, so a small batch does not allocate a whole piece.
  let left = 0;
  for (const command of plan.commands)
    for (const s of command.streams) for (const e of s.events) left += e.line.byteLength + tail;
  let piece = Buffer.allocUnsafe(0);
  let used = 0;
  for (const command of plan.commands) {
    let rank = 0;
    for (const s of command.streams) {
      let version = plan.bases[k++]!;
      for (const e of s.events) {
        version++;
        position++;
        const next = chainHash(prev, version, recordedAt, e.digest);
        const size = e.line.byteLength + tail;
        if (size > piece.length - used) {
          if (used > 0) yield piece.subarray(0, used);
          piece = Buffer.allocUnsafe(Math.max(Math.min(PIECE, left), size));
          used = 0;
        }
        left -= size;
        piece.set(e.line, used);
        used += e.line.byteLength;
        used += piece.write(
          rowEnd(position, version, rank++, recordedAt, prev, next),
          used,
          'latin1',
        );
        prev = next;
      }
    }
  }
  if (used > 0) yield piece.subarray(0, used);
  end.hash = prev;
}

/**
 * Writes a plan's rows with COPY (no per-value escaping: the content lines were rendered
 * before the lock; only the positional columns are rendered under it), then moves the head.
 */
export async function copyRows(tx: Transaction, plan: WritePlan): Promise<void> {
  const end = { hash: '' };
  await tx.copyIn('events', COPY_COLUMNS, renderRows(plan, end));
  if (!end.hash) throw new Error('copyRows: the rows were not all rendered');
  await moveHead(tx, plan.last, end.hash, plan.recordedAt);
}
