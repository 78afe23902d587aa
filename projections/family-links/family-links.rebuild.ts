/**
 * The family-links rebuild: the rows of persons and marriages still open stay in memory,
 * every page is folded into them in place by the fold the incremental `apply` uses
 * (`foldInto`, which `foldPage` runs on copies), and a row is written by COPY, once, when
 * no later event of the rebuild can change it.
 *
 * When that is, follows from the streams the events are on (checked as they come):
 * - a person's row, filiations and kafala orders change only through events about that
 *   person, which are on the person's own stream: final at its last event;
 * - a marriage changes only through MarriageNoted and DivorceNoted (written on both
 *   spouses' streams) and MarriageDissolvedByDeath (on the surviving spouse's): final once
 *   both spouses' streams have had their last event.
 * What the rebuild's last page leaves open is written by `finish`.
 */
import { assertNever, personStream } from '../../src/domain';
import type { Transaction } from '../../src/eventstore/db';
import { CopyStaging } from '../../src/eventstore/staging';
import type { RebuildEvent, Rebuilder } from '../../src/projection/projection';
import {
  KAFALA_COPY_COLUMNS,
  kafalaLine,
  MARRIAGE_COPY_COLUMNS,
  marriageLine,
  PARENT_COPY_COLUMNS,
  parentLine,
  PERSON_COPY_COLUMNS,
  personLine,
} from './family-links.copy';
import type { FamilyKafalaRow, ParentRole } from './family-links.entity';
import {
  FAMILY_EVENT_TYPES,
  foldInto,
  keysOf,
  type FamilyEvent,
  type PositionedEvent,
} from './family-links.fold';
import { emptyRows, kafalaKey, parentKey, type FamilyRows } from './family-links.rows';

const ROLES: readonly ParentRole[] = ['father', 'mother'];
const PERSON_PREFIX = personStream('');
const FAMILY_TYPES: ReadonlySet<string> = new Set(FAMILY_EVENT_TYPES);
/** Half a megabyte: few writes to the socket, little memory per table. */
const CHUNK = 1 << 19;

/**
 * COPY text waiting for the next write, for one table: encoded as it comes into buffers
 * outside the JavaScript heap, so that the lines do not outlive a young collection. The
 * buffers serve again once their COPY has finished: a new one per chunk counted against
 * V8's external-memory trigger, which starts full markings of the whole heap
 * (src/eventstore/staging.ts).
 */
class Pending {
  private chunks: Buffer[] = [];
  private filled: Buffer[] = [];
  /** Every chunk written at once comes back: as many kept as were ever waiting. */
  private readonly staging = new CopyStaging(CHUNK, Infinity);
  private buffer = this.staging.take();
  private used = 0;
  private sealed = 0;
  constructor(
    readonly table: string,
    readonly columns: readonly string[],
  ) {}

  add(line: string): void {
    // UTF-8 takes at most three bytes per UTF-16 unit.
    if (this.used + 3 * line.length > this.buffer.length) {
      this.seal();
      if (3 * line.length > this.buffer.length) this.buffer = Buffer.allocUnsafe(3 * line.length);
    }
    this.used += this.buffer.write(line, this.used);
  }

  /** Bytes waiting. */
  get size(): number {
    return this.sealed + this.used;
  }

  async write(tx: Transaction): Promise<void> {
    this.seal();
    if (this.chunks.length === 0) return;
    const chunks = this.chunks;
    const filled = this.filled;
    this.chunks = [];
    this.filled = [];
    this.sealed = 0;
    await tx.copyIn(this.table, this.columns, chunks);
    // The server has read every byte: the socket no longer holds these buffers. (A COPY
    // that failed leaves them to the collector.)
    this.staging.give(filled);
  }

  private seal(): void {
    if (this.used === 0) return;
    this.chunks.push(this.buffer.subarray(0, this.used));
    this.filled.push(this.buffer);
    this.sealed += this.used;
    this.buffer = this.staging.take();
    this.used = 0;
  }
}

/**
 * Whether an event is on the stream of a person it is about: the rows it touches are then
 * final at that stream's end (or, for a marriage, at the end of both spouses' streams).
 */
function onOwnStream(streamId: string, e: FamilyEvent): boolean {
  switch (e.type) {
    case 'MarriageNoted':
      return isStreamOf(streamId, e.data.husband.idcs) || isStreamOf(streamId, e.data.wife.idcs);
    case 'DivorceNoted':
      return isStreamOf(streamId, e.data.husband) || isStreamOf(streamId, e.data.wife);
    case 'BirthRegistered':
    case 'LegacyActDigitised':
    case 'DeathRegistered':
    case 'MarriageDissolvedByDeath':
    case 'PaternityRecognised':
    case 'KafalaNoted':
    case 'KafalaEnded':
    case 'NameChanged':
    case 'RectificationNoted':
    case 'ActAnnulled':
      return isStreamOf(streamId, e.data.idcs);
    default:
      return assertNever(e);
  }
}

/** `streamId === personStream(idcs)`, without building the string for every event. */
const isStreamOf = (streamId: string, idcs: string) =>
  streamId.length === PERSON_PREFIX.length + idcs.length &&
  streamId.endsWith(idcs) &&
  streamId.startsWith(PERSON_PREFIX);

/** Below this many bytes of COPY text pending, a page leaves them for a later one. */
const WRITE_AT = 8 << 20;

export class FamilyLinksRebuilder implements Rebuilder {
  readonly streamEnds = true;
  /**
   * The open rows, folded into in place. Their kafala map stays empty: a page's fold gets
   * the kafala of its children only (the fold finds a child's orders by scanning the map).
   */
  private readonly rows: FamilyRows = emptyRows();
  /** The open kafala rows, by child. */
  private readonly kafala = new Map<string, FamilyKafalaRow[]>();
  /** Open marriages: how many of their spouses' streams have not ended yet. */
  private readonly openSpouses = new Map<string, number>();
  /** The open marriages of each spouse whose stream has not ended yet. */
  private readonly marriagesOf = new Map<string, string[]>();

  private readonly pending = {
    persons: new Pending('family_person', PERSON_COPY_COLUMNS),
    parents: new Pending('family_parent', PARENT_COPY_COLUMNS),
    marriages: new Pending('family_marriage', MARRIAGE_COPY_COLUMNS),
    kafala: new Pending('family_kafala', KAFALA_COPY_COLUMNS),
  };

  async apply(tx: Transaction, events: readonly RebuildEvent[]): Promise<void> {
    this.fold(events);
    const { persons, parents, marriages, kafala } = this.pending;
    if (persons.size + parents.size + marriages.size + kafala.size >= WRITE_AT)
      await this.write(tx);
  }

  async finish(tx: Transaction): Promise<void> {
    // close() deletes the entry being visited: a Map's iteration allows it.
    for (const idcs of this.rows.persons.keys()) this.close(idcs);
    for (const { child } of this.rows.parents.values()) this.close(child);
    for (const child of this.kafala.keys()) this.close(child);
    for (const row of this.rows.marriages.values()) this.pending.marriages.add(marriageLine(row));
    this.rows.marriages.clear();
    this.openSpouses.clear();
    this.marriagesOf.clear();
    await this.write(tx);
  }

  /** How many rows are held open: what memory the rebuild needs beyond a page. */
  openRows(): number {
    let kafala = 0;
    for (const rows of this.kafala.values()) kafala += rows.length;
    const { persons, parents, marriages } = this.rows;
    return persons.size + parents.size + marriages.size + kafala;
  }

  /** Folds a page into the open rows, then retires what the page's last events made final. */
  fold(events: readonly RebuildEvent[]): void {
    const page: PositionedEvent[] = [];
    const marriageNotes: RebuildEvent[] = [];
    for (const e of events) {
      // Another type's event comes only to say that its stream has ended.
      if (!FAMILY_TYPES.has(e.type)) continue;
      const event = { type: e.type, data: e.data } as FamilyEvent;
      if (!onOwnStream(e.streamId, event))
        throw new Error(
          `family-links rebuild: ${e.type} at ${e.position} is on ${e.streamId}, not on the ` +
            `stream of a person it is about: its rows could not be known final`,
        );
      page.push({ position: e.position, event });
      if (
        event.type === 'MarriageNoted' ||
        event.type === 'DivorceNoted' ||
        event.type === 'MarriageDissolvedByDeath'
      )
        marriageNotes.push(e);
    }
    // The fold finds a child's orders by scanning its map: it gets those of the page's
    // children only, taken out of the open ones and put back after.
    const kafala = new Map<string, FamilyKafalaRow>();
    if (this.kafala.size > 0)
      for (const child of keysOf(page).children) {
        const rows = this.kafala.get(child);
        if (!rows) continue;
        for (const row of rows) kafala.set(kafalaKey(row), row);
        this.kafala.delete(child);
      }
    foldInto({ ...this.rows, kafala }, page);
    for (const row of kafala.values()) {
      const rows = this.kafala.get(row.child);
      if (rows) rows.push(row);
      else this.kafala.set(row.child, [row]);
    }
    for (const e of marriageNotes) this.trackMarriage(e);
    for (const e of events) {
      if (!e.lastOfStream) continue;
      const idcs = e.streamId.slice(PERSON_PREFIX.length);
      this.close(idcs);
      this.closeMarriagesOf(idcs);
    }
  }

  /** A marriage's first note makes it open; its notes must be on its spouses' streams. */
  private trackMarriage(e: RebuildEvent): void {
    const id = (e.data as { marriageId: string }).marriageId;
    const row = this.rows.marriages.get(id);
    if (!row) return;
    if (!isStreamOf(e.streamId, row.husband) && !isStreamOf(e.streamId, row.wife))
      throw new Error(
        `family-links rebuild: ${e.type} at ${e.position} is on ${e.streamId}, not on a ` +
          `stream of marriage ${id}'s spouses`,
      );
    if (this.openSpouses.has(id)) return;
    const spouses = row.husband === row.wife ? [row.husband] : [row.husband, row.wife];
    this.openSpouses.set(id, spouses.length);
    for (const spouse of spouses) {
      const ids = this.marriagesOf.get(spouse);
      if (ids) ids.push(id);
      else this.marriagesOf.set(spouse, [id]);
    }
  }

  /** The person's own rows are final: written, and forgotten. */
  private close(idcs: string): void {
    const { persons, parents } = this.rows;
    const person = persons.get(idcs);
    if (person) {
      this.pending.persons.add(personLine(person));
      persons.delete(idcs);
    }
    for (const role of ROLES) {
      const key = parentKey(idcs, role);
      const parent = parents.get(key);
      if (parent) {
        this.pending.parents.add(parentLine(parent));
        parents.delete(key);
      }
    }
    const kafala = this.kafala.get(idcs);
    if (kafala) {
      for (const row of kafala) this.pending.kafala.add(kafalaLine(row));
      this.kafala.delete(idcs);
    }
  }

  private closeMarriagesOf(idcs: string): void {
    const ids = this.marriagesOf.get(idcs);
    if (!ids) return;
    this.marriagesOf.delete(idcs);
    for (const id of ids) {
      const open = this.openSpouses.get(id);
      if (open === undefined) continue;
      if (open > 1) {
        this.openSpouses.set(id, open - 1);
        continue;
      }
      const row = this.rows.marriages.get(id);
      if (row) this.pending.marriages.add(marriageLine(row));
      this.rows.marriages.delete(id);
      this.openSpouses.delete(id);
    }
  }

  private async write(tx: Transaction): Promise<void> {
    // One after the other: they share the transaction's connection.
    for (const table of Object.values(this.pending)) await table.write(tx);
  }
}

export const familyLinksRebuilder = (): Rebuilder => new FamilyLinksRebuilder();
