/**
 * Imports (EventStore.appendBulk). A chunk of commands is held as a few large buffers and
 * arrays instead of several objects per event: a chunk lives through its preparation and
 * its transaction, long enough for every object in it to be copied by the young-generation
 * collector and promoted, and that copying cost more than serialising and hashing put
 * together. The bytes written and the chain are the same as appendBatch writes.
 */
import { hash } from 'node:crypto';
import { uuidv7 } from '../shared/uuid';
import {
  COPY_COLUMNS,
  LOCK_HEAD,
  PIECE,
  ROW_END_ROOM,
  appendPrepared,
  checkRequest,
  copyRows,
  eventText,
  lookUp,
  moveHead,
  redoChecked,
  RedoChecked,
  rowEnd,
  satisfies,
  transactionTime,
  type Head,
  type PreparedCommand,
} from './append';
import { chainHash, copyText } from './chain';
import type { Database, Transaction } from './db';
import { WrongExpectedVersionError, type AppendRequest, type ExpectedVersion } from './types';

/**
 * Content lines go into slabs, each twice the size of the one before up to the last size
 * here, so that a small chunk stays small; a longer line gets a slab of its own.
 */
const SLAB_SIZES = [1 << 16, 1 << 17, 1 << 18, 1 << 19, 1 << 20];
/** Each line is followed by its content digest, in hex. */
const DIGEST_HEX = 64;

export class BulkChunk {
  private readonly slabs: Buffer[] = [];
  private used = 0;
  /** Bytes of all lines, without their digests. */
  private bytes = 0;
  // Per event: where its line is.
  private readonly lineSlab: number[] = [];
  private readonly lineStart: number[] = [];
  private readonly lineLength: number[] = [];
  // Per command.
  private readonly commandIds: string[] = [];
  private readonly streamCounts: number[] = [];
  // Per stream of each command, in order.
  private readonly streamIds: string[] = [];
  private readonly expected: ExpectedVersion[] = [];
  private readonly eventCounts: number[] = [];

  get commands(): number {
    return this.commandIds.length;
  }

  get events(): number {
    return this.lineStart.length;
  }

  /** Serialises and digests a request (as `prepare` does), or takes a prepared command in. */
  add(request: AppendRequest | PreparedCommand): void {
    if ('prepared' in request) {
      this.addPrepared(request);
      return;
    }
    checkRequest(request);
    const events = this.events;
    try {
      const commandId = request.commandId ?? uuidv7();
      const commandText = copyText(commandId);
      for (const s of request.streams) {
        const streamText = copyText(s.streamId);
        for (const e of s.events) this.addLine(eventText(streamText, commandText, e));
      }
      this.addCommand(commandId, request.streams);
    } catch (error) {
      // An event that cannot be rendered (a bad date) leaves no line behind.
      this.lineSlab.length = events;
      this.lineStart.length = events;
      this.lineLength.length = events;
      this.bytes = this.lineLength.reduce((sum, length) => sum + length, 0);
      throw error;
    }
  }

  private addPrepared(command: PreparedCommand): void {
    for (const s of command.streams)
      for (const e of s.events) {
        const at = this.room(e.line.byteLength + DIGEST_HEX);
        const slab = this.slabs[this.slabs.length - 1]!;
        slab.set(e.line, at);
        slab.write(e.digest, at + e.line.byteLength, 'latin1');
        this.record(at, e.line.byteLength);
      }
    this.addCommand(command.commandId, command.streams);
  }

  private addLine(text: string): void {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    const at = this.room(text.length * 3 + DIGEST_HEX);
    const slab = this.slabs[this.slabs.length - 1]!;
    const length = slab.write(text, at, 'utf8');
    slab.write(hash('sha256', slab.subarray(at, at + length), 'hex'), at + length, 'latin1');
    this.record(at, length);
  }

  private addCommand(
    commandId: string,
    streams: readonly { streamId: string; expectedVersion: ExpectedVersion; events: unknown[] }[],
  ): void {
    this.commandIds.push(commandId);
    this.streamCounts.push(streams.length);
    for (const s of streams) {
      this.streamIds.push(s.streamId);
      this.expected.push(s.expectedVersion);
      this.eventCounts.push(s.events.length);
    }
  }

  /** Where `size` bytes fit in the last slab, after starting a new one if needed. */
  private room(size: number): number {
    const last = this.slabs[this.slabs.length - 1];
    if (!last || size > last.length - this.used) {
      const next = SLAB_SIZES[Math.min(this.slabs.length, SLAB_SIZES.length - 1)]!;
      this.slabs.push(Buffer.allocUnsafe(Math.max(next, size)));
      this.used = 0;
    }
    return this.used;
  }

  private record(at: number, length: number): void {
    this.lineSlab.push(this.slabs.length - 1);
    this.lineStart.push(at);
    this.lineLength.push(length);
    this.used = at + length + DIGEST_HEX;
    this.bytes += length;
  }

  /**
   * Decides the chunk under the lock without looking up what must be new: any stream whose
   * expectation fails, here or in the database's unique indexes, throws for the checked
   * path. Returns the version of each stream before its command.
   */
  async decide(tx: Transaction): Promise<number[]> {
    const lookups = new Set<string>();
    this.expected.forEach((expected, k) => {
      if (expected !== 'no_stream' && expected !== 0) lookups.add(this.streamIds[k]!);
    });
    const current =
      lookups.size > 0 ? (await lookUp(tx, [...lookups], [])).current : new Map<string, number>();
    const bases = new Array<number>(this.streamIds.length);
    for (let k = 0; k < this.streamIds.length; k++) {
      const streamId = this.streamIds[k]!;
      const base = current.get(streamId) ?? 0;
      if (!satisfies(this.expected[k]!, base)) throw new RedoChecked();
      bases[k] = base;
      current.set(streamId, base + this.eventCounts[k]!);
    }
    return bases;
  }

  /**
   * The chunk's rows in COPY text, numbered and chained from `head`: the same bytes
   * copyRows renders. Lazy, so that the server parses a piece while the next is hashed.
   */
  *rows(bases: number[], head: Head, recordedAt: string, end: { hash: string }) {
    const room = ROW_END_ROOM + recordedAt.length;
    let position = head.position;
    let prev = head.hash;
    let piece = Buffer.allocUnsafe(Math.min(PIECE, this.bytes + this.events * room));
    let used = 0;
    let k = 0;
    let event = 0;
    for (let command = 0; command < this.commandIds.length; command++) {
      let rank = 0;
      for (let s = 0; s < this.streamCounts[command]!; s++, k++) {
        let version = bases[k]!;
        for (let n = 0; n < this.eventCounts[k]!; n++, event++) {
          version++;
          position++;
          const slab = this.slabs[this.lineSlab[event]!]!;
          const start = this.lineStart[event]!;
          const end = start + this.lineLength[event]!;
          const next = chainHash(
            prev,
            version,
            recordedAt,
            slab.toString('latin1', end, end + DIGEST_HEX),
          );
          if (end - start + room > piece.length - used) {
            if (used > 0) yield piece.subarray(0, used);
            piece = Buffer.allocUnsafe(Math.max(PIECE, end - start + room));
            used = 0;
          }
          used += slab.copy(piece, used, start, end);
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

  /** The chunk as prepared commands, for the checked path. */
  toCommands(): PreparedCommand[] {
    const commands: PreparedCommand[] = [];
    let k = 0;
    let event = 0;
    for (let command = 0; command < this.commandIds.length; command++) {
      const streams: PreparedCommand['streams'] = [];
      let eventCount = 0;
      for (let s = 0; s < this.streamCounts[command]!; s++, k++) {
        const events = [];
        for (let n = 0; n < this.eventCounts[k]!; n++, event++) {
          const slab = this.slabs[this.lineSlab[event]!]!;
          const start = this.lineStart[event]!;
          const end = start + this.lineLength[event]!;
          events.push({
            line: slab.subarray(start, end),
            digest: slab.toString('latin1', end, end + DIGEST_HEX),
          });
        }
        eventCount += events.length;
        streams.push({ streamId: this.streamIds[k]!, expectedVersion: this.expected[k]!, events });
      }
      commands.push({ prepared: true, commandId: this.commandIds[command]!, eventCount, streams });
    }
    return commands;
  }
}

export interface ChunkReport {
  appended: number;
  duplicates: number;
  conflicts: { commandId: string; error: WrongExpectedVersionError }[];
  events: number;
  lastPosition: number;
}

/**
 * Writes a chunk in one transaction: optimistically first, then, if a command conflicts or
 * was stored before (re-running an interrupted import), checked as appendBatch does, each
 * command decided on its own.
 */
export async function appendChunk(db: Database, chunk: BulkChunk): Promise<ChunkReport> {
  try {
    return await db.transaction(async (tx) => {
      const [head] = tx.openingRows as unknown as Head[];
      if (!head) throw new Error('event_log_head is missing: run the migrations');
      const recordedAt = transactionTime(head);
      const bases = await chunk.decide(tx);
      const end = { hash: '' };
      await tx.copyIn('events', COPY_COLUMNS, chunk.rows(bases, head, recordedAt, end));
      if (!end.hash) throw new Error('appendChunk: the rows were not all rendered');
      const last = head.position + chunk.events;
      await moveHead(tx, last, end.hash, recordedAt);
      return {
        appended: chunk.commands,
        duplicates: 0,
        conflicts: [],
        events: chunk.events,
        lastPosition: last,
      };
    }, LOCK_HEAD);
  } catch (error) {
    if (!redoChecked(error)) throw error;
  }
  const commands = chunk.toCommands();
  const outcomes = await db.transaction(
    (tx) => appendPrepared(tx, commands, copyRows, 'checked'),
    LOCK_HEAD,
  );
  const report: ChunkReport = {
    appended: 0,
    duplicates: 0,
    conflicts: [],
    events: 0,
    lastPosition: 0,
  };
  outcomes.forEach((outcome, i) => {
    if (outcome instanceof WrongExpectedVersionError) {
      report.conflicts.push({ commandId: commands[i]!.commandId, error: outcome });
    } else if (outcome.duplicate) {
      report.duplicates++;
    } else {
      report.appended++;
      report.events += commands[i]!.eventCount;
      report.lastPosition = Math.max(report.lastPosition, outcome.position);
    }
  });
  return report;
}
