/**
 * Appending a batch of commands in one transaction, under the lock on the log's head.
 * Each command is checked on its own (idempotency, expected versions), so one stale
 * command fails alone while the others of its batch commit together (group commit).
 */
import { uuidv7 } from '../shared/uuid';
import {
  chainHash,
  contentDigest,
  contentLine,
  isoMicros,
  isoMillis,
  type EventContent,
} from './chain';
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
  if (request.streams.length === 0) throw new InvalidAppendError('an append names no stream');
  const seen = new Set<string>();
  const commandId = request.commandId ?? uuidv7();
  let eventCount = 0;
  const streams = request.streams.map((s) => {
    if (!s.streamId) throw new InvalidAppendError('a stream id is empty');
    if (seen.has(s.streamId))
      throw new InvalidAppendError(`stream ${s.streamId} is named twice in one append`);
    seen.add(s.streamId);
    if (s.events.length === 0) throw new InvalidAppendError(`no events for stream ${s.streamId}`);
    checkExpected(s.expectedVersion);
    eventCount += s.events.length;
    return {
      streamId: s.streamId,
      expectedVersion: s.expectedVersion,
      events: s.events.map((e): PreparedEvent => {
        if (!e.type) throw new InvalidAppendError(`an event for ${s.streamId} has no type`);
        const content: EventContent = {
          streamId: s.streamId,
          type: e.type,
          schemaVersion: e.schemaVersion ?? 1,
          commandId,
          occurredAt: e.occurredAt === undefined ? null : isoMillis(e.occurredAt),
          dataText: JSON.stringify(e.data ?? null),
          metadataText: metadataText(e.metadata),
        };
        const line = contentLine(content);
        return { line, digest: contentDigest(line) };
      }),
    };
  });
  return { prepared: true, commandId, eventCount, streams };
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

function satisfies(expected: ExpectedVersion, actual: number): boolean {
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

export interface AppendRow {
  position: number;
  version: number;
  /** The event's rank within its command. */
  rank: number;
  recordedAt: string;
  event: PreparedEvent;
  prevHash: string;
  hash: string;
}

export type Outcome = AppendResult | WrongExpectedVersionError;

export interface LogHead {
  position: number;
  hash: string;
  recordedAt: string;
}

interface Head {
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
async function lookUp(
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

/**
 * Runs inside a transaction: locks the head, decides each command, writes the accepted
 * events with `write` (which also moves the head), and returns one outcome per command.
 */
export async function appendPrepared(
  tx: Transaction,
  commands: PreparedCommand[],
  write: (tx: Transaction, rows: AppendRow[], head: LogHead) => Promise<void>,
  mode: 'optimistic' | 'checked' = 'checked',
): Promise<Outcome[]> {
  const [head] = (tx.openingRows.length > 0
    ? tx.openingRows
    : await tx.query(LOCK_HEAD)) as unknown as Head[];
  if (!head) throw new Error('event_log_head is missing: run the migrations');
  // Transaction time never runs backwards along the log, even if the clock does.
  const recordedAt = head.now > head.recorded_at ? head.now : head.recorded_at;

  // Optimistic: streams that must not exist yet, and command ids, are left to the unique
  // indexes (stream, version) and (command, rank); a collision redoes the batch checked.
  const streamIds = commands.flatMap((c) =>
    c.streams
      .filter(
        (s) => mode === 'checked' || (s.expectedVersion !== 'no_stream' && s.expectedVersion !== 0),
      )
      .map((s) => s.streamId),
  );
  const { current, done } = await lookUp(
    tx,
    [...new Set(streamIds)],
    mode === 'checked' ? [...new Set(commands.map((c) => c.commandId))] : [],
  );

  let position = head.position;
  let hash = head.hash;
  const rows: AppendRow[] = [];
  const outcomes: Outcome[] = [];
  for (const command of commands) {
    const already = done.get(command.commandId);
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
    let rank = 0;
    for (const s of command.streams) {
      const base = current.get(s.streamId) ?? 0;
      let version = base;
      for (const event of s.events) {
        version++;
        position++;
        const next = chainHash(hash, version, recordedAt, event.digest);
        rows.push({
          position,
          version,
          rank: rank++,
          recordedAt,
          event,
          prevHash: hash,
          hash: next,
        });
        hash = next;
      }
      current.set(s.streamId, version);
      streams.push({ streamId: s.streamId, version, firstVersion: base + 1 });
    }
    const result: AppendResult = { position, streams, duplicate: false, recordedAt };
    done.set(command.commandId, result);
    outcomes.push(result);
  }

  if (rows.length > 0) await write(tx, rows, { position, hash, recordedAt });
  return outcomes;
}

const UNIQUE_VIOLATION = '23505';

/** An optimistic batch met what only the checked path can decide. */
class RedoChecked extends Error {}

/**
 * Appends a batch in one transaction: first optimistically, without looking up command
 * ids or streams that must be new; if a unique index refuses a row (a repeated command, a
 * stream that exists after all), the transaction is rolled back and redone with lookups,
 * which decide each command on its own.
 */
export async function appendBatch(
  db: Database,
  commands: PreparedCommand[],
  write: (tx: Transaction, rows: AppendRow[], head: LogHead) => Promise<void>,
): Promise<Outcome[]> {
  try {
    return await db.transaction(
      (tx) => appendPrepared(tx, commands, write, 'optimistic'),
      LOCK_HEAD,
    );
  } catch (error) {
    if (!(error instanceof RedoChecked) && (error as { code?: unknown }).code !== UNIQUE_VIOLATION)
      throw error;
    return db.transaction((tx) => appendPrepared(tx, commands, write, 'checked'), LOCK_HEAD);
  }
}

const MOVE_HEAD = `update event_log_head
  set position = $1, hash = decode($2, 'hex'), recorded_at = $3::timestamptz`;

/** The COPY columns of an event, in this order: first those known before the lock. */
const COPY_COLUMNS = [
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

/**
 * Writes the rows with COPY (no per-value escaping: the content lines were rendered before
 * the lock; only the positional columns are rendered under it), then moves the head.
 */
export async function copyRows(tx: Transaction, rows: AppendRow[], head: LogHead): Promise<void> {
  const chunks: Buffer[] = [];
  for (let start = 0; start < rows.length; start += 2000) {
    const parts: Uint8Array[] = [];
    for (const r of rows.slice(start, start + 2000)) {
      parts.push(
        r.event.line,
        Buffer.from(
          `\t${r.position}\t${r.version}\t${r.rank}\t${r.recordedAt}\t\\\\x${r.prevHash}\t\\\\x${r.hash}\n`,
          'latin1',
        ),
      );
    }
    chunks.push(Buffer.concat(parts));
  }
  await tx.copyIn('events', COPY_COLUMNS, chunks);
  await tx.query(`with head as (${MOVE_HEAD}) select pg_notify('${NOTIFY_CHANNEL}', $1::text)`, [
    head.position,
    head.hash,
    head.recordedAt,
  ]);
}
