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
import type { Transaction } from './db';
import {
  InvalidAppendError,
  WrongExpectedVersionError,
  type AppendRequest,
  type AppendResult,
  type ExpectedVersion,
  type StreamAppendResult,
} from './types';

export const EVENT_COLUMNS = [
  'position',
  'stream_id',
  'version',
  'type',
  'schema_version',
  'data',
  'metadata',
  'command_id',
  'occurred_at',
  'recorded_at',
  'prev_hash',
  'hash',
] as const;

export const NOTIFY_CHANNEL = 'sijill_events';

interface PreparedEvent extends EventContent {
  /** The COPY columns that do not depend on the event's place in the log (chain.ts). */
  line: Buffer;
  digest: string;
}

/** A command serialised and digested before the lock is taken, to keep the lock short. */
export interface PreparedCommand {
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
          metadataText: JSON.stringify({ eventId: uuidv7(), ...e.metadata }),
        };
        const line = contentLine(content);
        return { ...content, line, digest: contentDigest(line) };
      }),
    };
  });
  return { commandId, eventCount, streams };
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

interface StoredCommand {
  command_id: string;
  stream_id: string;
  first: number;
  last: number;
  position: number;
  recorded_at: string;
}

/** Current version of each stream (absent: no stream). */
async function streamVersions(tx: Transaction, streamIds: string[]): Promise<Map<string, number>> {
  const rows = await tx.query<{ id: string; version: number }>(
    `select s.id, v.version from unnest($1::text[]) as s(id)
       cross join lateral (select version from events e where e.stream_id = s.id
                            order by version desc limit 1) v`,
    [streamIds],
  );
  return new Map(rows.map((r) => [r.id, r.version]));
}

/** The results of commands already stored, rebuilt from their events. */
async function storedCommands(
  tx: Transaction,
  commandIds: string[],
): Promise<Map<string, AppendResult>> {
  const done = new Map<string, AppendResult>();
  if (commandIds.length === 0) return done;
  const rows = await tx.query<StoredCommand>(
    `select command_id, stream_id, min(version) as first, max(version) as last,
            max(position) as position, ${isoMicros('max(recorded_at)')} as recorded_at
       from events where command_id = any($1::text[]) group by command_id, stream_id`,
    [commandIds],
  );
  for (const row of rows) {
    const prior = done.get(row.command_id);
    const stream = { streamId: row.stream_id, version: row.last, firstVersion: row.first };
    if (prior) {
      prior.streams.push(stream);
      prior.position = Math.max(prior.position, row.position);
    } else {
      done.set(row.command_id, {
        position: row.position,
        streams: [stream],
        duplicate: true,
        recordedAt: row.recorded_at,
      });
    }
  }
  return done;
}

/**
 * Runs inside a transaction: locks the head, decides each command, writes the accepted
 * events with `write` (which also moves the head), and returns one outcome per command.
 */
export async function appendPrepared(
  tx: Transaction,
  commands: PreparedCommand[],
  write: (tx: Transaction, rows: AppendRow[], head: LogHead) => Promise<void>,
): Promise<Outcome[]> {
  // The lock is its own statement: the lookups below must run with a snapshot taken
  // after the previous holder committed.
  const [head] = await tx.query<Head>(
    `select position, encode(hash, 'hex') as hash, ${isoMicros('recorded_at')} as recorded_at,
            ${isoMicros('clock_timestamp()')} as now
       from event_log_head for update`,
  );
  if (!head) throw new Error('event_log_head is missing: run the migrations');
  // Transaction time never runs backwards along the log, even if the clock does.
  const recordedAt = head.now > head.recorded_at ? head.now : head.recorded_at;

  // Every command id is looked up, even for new streams: a retried command may name other
  // streams than its first try did (an identifier drawn anew), and must still not repeat.
  const [current, done] = await Promise.all([
    streamVersions(tx, [...new Set(commands.flatMap((c) => c.streams.map((s) => s.streamId)))]),
    storedCommands(tx, [...new Set(commands.map((c) => c.commandId))]),
  ]);

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
      let version = base;
      for (const event of s.events) {
        version++;
        position++;
        const next = chainHash(hash, version, recordedAt, event.digest);
        rows.push({ position, version, recordedAt, event, prevHash: hash, hash: next });
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

const MOVE_HEAD = `update event_log_head
  set position = $1, hash = decode($2, 'hex'), recorded_at = $3::timestamptz`;

/** Few rows: one statement inserts them, moves the head and notifies followers. */
export async function insertRows(tx: Transaction, rows: AppendRow[], head: LogHead): Promise<void> {
  await tx.query(
    `with inserted as (
       insert into events (${EVENT_COLUMNS.join(', ')})
       select p, s, v, t, sv, d, m, c, o, r, decode(ph, 'hex'), decode(h, 'hex')
         from unnest($4::bigint[], $5::text[], $6::int[], $7::text[], $8::smallint[],
                            $9::json[], $10::json[], $11::text[], $12::timestamptz[],
                            $13::timestamptz[], $14::text[], $15::text[])
           as u(p, s, v, t, sv, d, m, c, o, r, ph, h)
     ), head as (${MOVE_HEAD})
     select pg_notify('${NOTIFY_CHANNEL}', $1::text)`,
    [
      head.position,
      head.hash,
      head.recordedAt,
      rows.map((r) => r.position),
      rows.map((r) => r.event.streamId),
      rows.map((r) => r.version),
      rows.map((r) => r.event.type),
      rows.map((r) => r.event.schemaVersion),
      rows.map((r) => r.event.dataText),
      rows.map((r) => r.event.metadataText),
      rows.map((r) => r.event.commandId),
      rows.map((r) => r.event.occurredAt),
      rows.map((r) => r.recordedAt),
      rows.map((r) => r.prevHash),
      rows.map((r) => r.hash),
    ],
  );
}

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
  'recorded_at',
  'prev_hash',
  'hash',
] as const;

/** Many rows: COPY, for imports. Only the positional columns are rendered under the lock. */
export async function copyRows(tx: Transaction, rows: AppendRow[], head: LogHead): Promise<void> {
  const chunks: Buffer[] = [];
  for (let start = 0; start < rows.length; start += 2000) {
    const parts: Buffer[] = [];
    for (const r of rows.slice(start, start + 2000)) {
      parts.push(
        r.event.line,
        Buffer.from(
          `\t${r.position}\t${r.version}\t${r.recordedAt}\t\\\\x${r.prevHash}\t\\\\x${r.hash}\n`,
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
