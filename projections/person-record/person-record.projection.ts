/**
 * The person record: each person's civil status as it stands, folded by the domain's own
 * evolvePerson, with the entries each event wrote on the acts. A page is applied
 * set-based: one query loads the states of every person it touches, the page is folded in
 * memory in position order (several events of one person included), the changed rows are
 * deleted and written back with COPY, and the entries the events wrote are appended with
 * COPY: four statements, whatever the page holds.
 */
import type { StoredEvent } from '../../src/eventstore';
import type { Sql, Transaction } from '../../src/eventstore/db';
import {
  defineProjection,
  type RebuildEvent,
  type Rebuilder,
} from '../../src/projection/projection';
import type { RecordEntry } from './entries';
import {
  applyEvent,
  foldPage,
  PERSON_EVENTS,
  personOf,
  unfolded,
  type FoldedPerson,
  type PersonEntry,
} from './fold';
import { copyJson } from '../../src/projection/copy';
import { PersonRecordEntity, PersonRecordEntryEntity } from './person-record.entity';

const byPosition = (a: StoredEvent, b: StoredEvent) => a.position - b.position;

const PERSON_COLUMNS = ['idcs', 'status', 'state', 'version', 'position'];
const ENTRY_COLUMNS = ['idcs', 'version', 'position', 'kind', 'entry'];

async function writePersons(tx: Transaction, persons: readonly FoldedPerson[]): Promise<void> {
  if (persons.length === 0) return;
  const lines = persons.map(
    (p) => `${p.idcs}\t${p.state.status}\t${copyJson(p.state)}\t${p.version}\t${p.position}\n`,
  );
  await tx.copyIn('person_record', PERSON_COLUMNS, lines);
}

async function writeEntries(tx: Transaction, entries: readonly PersonEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const lines = entries.map(
    ({ idcs, entry: e }) => `${idcs}\t${e.version}\t${e.position}\t${e.kind}\t${copyJson(e)}\n`,
  );
  await tx.copyIn('person_record_entry', ENTRY_COLUMNS, lines);
}

/**
 * A rebuild folds each person in memory from their first event to their last and writes
 * the row once, instead of loading and rewriting it at every page that touches them;
 * entries are final as soon as written. Memory holds the persons whose stream goes on.
 */
function rebuilder(): Rebuilder {
  const open = new Map<string, FoldedPerson>();
  return {
    async apply(tx: Transaction, events: readonly RebuildEvent[]): Promise<void> {
      const entries: PersonEntry[] = [];
      const done: FoldedPerson[] = [];
      for (const event of events) {
        const idcs = personOf(event);
        if (idcs === null) continue;
        const person = applyEvent(open.get(idcs) ?? unfolded(idcs), event, entries);
        if (event.lastOfStream) {
          open.delete(idcs);
          done.push(person);
        } else open.set(idcs, person);
      }
      await writePersons(tx, done);
      await writeEntries(tx, entries);
    },
    async finish(tx: Transaction): Promise<void> {
      await writePersons(tx, [...open.values()]);
      open.clear();
    },
  };
}

export const personRecord = defineProjection({
  rebuilder,
  name: 'person-record',
  eventTypes: PERSON_EVENTS,
  entities: [PersonRecordEntity, PersonRecordEntryEntity],
  async apply(tx: Transaction, events: readonly StoredEvent[]): Promise<void> {
    const ordered = events.every((e, i) => i === 0 || events[i - 1]!.position < e.position)
      ? events
      : [...events].sort(byPosition);
    const ids = [...new Set(ordered.map(personOf).filter((id) => id !== null))];
    if (ids.length === 0) return;
    const stored = await tx.query<FoldedPerson>(
      'select idcs, state, version, position from person_record where idcs = any($1::text[])',
      [ids],
    );
    const { changed, entries } = foldPage(new Map(stored.map((r) => [r.idcs, r])), ordered);
    if (changed.length === 0) return;
    // COPY is the cheapest way in for rows of this size (measured: half the server's CPU of
    // an upsert from a JSON document), so the rows it replaces are deleted first.
    const existed = new Set(stored.map((r) => r.idcs));
    const replaced = changed.filter((p) => existed.has(p.idcs)).map((p) => p.idcs);
    if (replaced.length > 0)
      await tx.query('delete from person_record where idcs = any($1::text[])', [replaced]);
    await writePersons(tx, changed);
    await writeEntries(tx, entries);
  },
});

/** Whether the register has a record under this IDCS, without reading it. */
export async function personRecordExists(db: Sql, idcs: string): Promise<boolean> {
  return (await db.query('select 1 from person_record where idcs = $1', [idcs])).length > 0;
}

/** A person's folded state and entries, or null when the register has no such IDCS. */
export async function findPersonRecord(
  db: Sql,
  idcs: string,
): Promise<{ person: FoldedPerson; entries: RecordEntry[] } | null> {
  return (await findPersonRecords(db, [idcs])).get(idcs) ?? null;
}

/** The records of these persons that the register has, by IDCS (one statement). */
export async function findPersonRecords(
  db: Sql,
  ids: readonly string[],
): Promise<Map<string, { person: FoldedPerson; entries: RecordEntry[] }>> {
  return recordsByIdcs(
    await db.query<RecordRow>(
      `select ${RECORD_COLUMNS} from person_record r where r.idcs = any($1::text[])`,
      [ids],
    ),
  );
}

/** A record's columns from `person_record r`, its entries in stream order. */
export const RECORD_COLUMNS = `r.idcs, r.state, r.version, r.position,
  coalesce((select json_agg(e.entry order by e.version) from person_record_entry e
             where e.idcs = r.idcs), '[]'::json) as entries`;

export type RecordRow = FoldedPerson & { entries: RecordEntry[] };

export function recordsByIdcs(
  rows: readonly RecordRow[],
): Map<string, { person: FoldedPerson; entries: RecordEntry[] }> {
  return new Map(rows.map(({ entries, ...person }) => [person.idcs, { person, entries }]));
}
