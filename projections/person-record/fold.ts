/**
 * Folding a page of the global log into persons' records, in memory: the projection loads
 * the states the page touches, folds here, and writes back what changed with the entries
 * the events wrote. The state is the domain's own evolvePerson (entries.ts only copies).
 */
import {
  evolvePerson,
  initialPersonState,
  PERSON_EVENT_TYPES,
  type PersonEvent,
  type PersonState,
} from '../../src/domain';
import type { ProjectedEvent } from '../../src/projection/projection';
import { entryOf, type RecordEntry } from './entries';

export interface FoldedPerson {
  idcs: string;
  state: PersonState;
  /** Stream version and global position of the last event applied (0 before any). */
  version: number;
  position: number;
}

export const PERSON_EVENTS: ReadonlySet<string> = new Set(Object.keys(PERSON_EVENT_TYPES));

const PERSON_STREAM = 'person-';

/** The IDCS whose record an event belongs to, or null for another stream's event. */
export function personOf(event: ProjectedEvent): string | null {
  return event.streamId.startsWith(PERSON_STREAM) && PERSON_EVENTS.has(event.type)
    ? event.streamId.slice(PERSON_STREAM.length)
    : null;
}

export const unfolded = (idcs: string): FoldedPerson => ({
  idcs,
  state: initialPersonState(),
  version: 0,
  position: 0,
});

export interface PersonEntry {
  idcs: string;
  entry: RecordEntry;
}

/** Folds one event into the person; `entries` receives what the event wrote on the acts. */
export function applyEvent(
  person: FoldedPerson,
  stored: ProjectedEvent,
  entries: PersonEntry[],
): FoldedPerson {
  const event = { type: stored.type, data: stored.data } as PersonEvent;
  const state = evolvePerson(person.state, event);
  const at = { version: stored.version, position: stored.position };
  const entry = entryOf(person.state, state, event, at);
  if (entry) entries.push({ idcs: person.idcs, entry });
  return { idcs: person.idcs, state, ...at };
}

/**
 * Applies a page (in position order, as the log gives it) to the persons it touches.
 * `persons` holds their stored rows (absent: nothing applied yet) and is updated in place.
 * Returns the persons changed, each once, and the entries written, in position order. An
 * event at or below a row's version is already in it and is skipped.
 */
export function foldPage(
  persons: Map<string, FoldedPerson>,
  events: readonly ProjectedEvent[],
): { changed: FoldedPerson[]; entries: PersonEntry[] } {
  const changed = new Set<string>();
  const entries: PersonEntry[] = [];
  for (const event of events) {
    const idcs = personOf(event);
    if (idcs === null) continue;
    const person = persons.get(idcs) ?? unfolded(idcs);
    if (event.version <= person.version) continue;
    persons.set(idcs, applyEvent(person, event, entries));
    changed.add(idcs);
  }
  return { changed: [...changed].map((idcs) => persons.get(idcs)!), entries };
}

/** One person's record from their whole stream: what the projection's rows must equal. */
export function foldStream(
  idcs: string,
  events: readonly ProjectedEvent[],
): { person: FoldedPerson; entries: RecordEntry[] } {
  const entries: PersonEntry[] = [];
  const person = events.reduce((p, e) => applyEvent(p, e, entries), unfolded(idcs));
  return { person, entries: entries.map((e) => e.entry) };
}
