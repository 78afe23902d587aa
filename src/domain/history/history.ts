import { evolvePerson, type PersonEvent } from '../index';
import { initialPersonState, type PersonState } from '../person/state';
import { actorOf, describe, legalBasisOf } from './describe';
import { asPersonEvent, correctionsIn, effectOf, inEffectOn } from './effect';
import { instantKey, parseInstant } from './instant';
import { diffStates, shapeOf } from './shape';
import type {
  Effect,
  EventRef,
  FieldChange,
  HistoryEvent,
  ProvenanceEntry,
  TimelineEntry,
  TimePoint,
} from './types';

/** A stored event with what history derives from it once. */
interface Read {
  stored: HistoryEvent;
  event: PersonEvent | null;
  recordedKey: string;
}

const read = (stored: HistoryEvent): Read => ({
  stored,
  event: asPersonEvent(stored),
  recordedKey: instantKey(stored.recordedAt),
});

/** The stream in version order, only what was recorded at or before `asOf`. */
function known(events: readonly HistoryEvent[], asOf: string | undefined): Read[] {
  const limit = asOf === undefined ? undefined : (parseInstant(asOf) ?? asOf);
  return [...events]
    .sort((a, b) => a.version - b.version)
    .map(read)
    .filter((r) => limit === undefined || r.recordedKey <= limit);
}

function refOf(r: Read, effect: Effect): EventRef {
  const s = r.stored;
  return {
    position: s.position,
    version: s.version,
    type: s.type,
    recordedAt: s.recordedAt,
    occurredAt: s.occurredAt,
    effect,
    actor: actorOf(s, r.event),
    legalBasis: legalBasisOf(s, r.event),
  };
}

const UNKNOWN_TYPE: Effect = { kind: 'undated' };

function effects(reads: readonly Read[]): Effect[] {
  const corrections = correctionsIn(reads.map((r) => r.event));
  return reads.map((r) => (r.event ? effectOf(r.event, corrections) : UNKNOWN_TYPE));
}

interface Step {
  read: Read;
  effect: Effect;
  applied: boolean;
}

/**
 * The events that make up the record at a point: those known at `asOf`, in the order they
 * were recorded (an order evolve always accepted), each marked applied or not yet in effect
 * at `validAt`. Effects are judged with everything known at `asOf`, so a rectified birth
 * date moves the birth.
 */
function steps(events: readonly HistoryEvent[], point: TimePoint): Step[] {
  const reads = known(events, point.asOf);
  const effectList = effects(reads);
  return reads.map((r, i) => {
    const effect = effectList[i]!;
    const applied =
      r.event !== null && (point.validAt === undefined || inEffectOn(effect, point.validAt));
    return { read: r, effect, applied };
  });
}

const fold = (list: readonly Step[]): PersonState =>
  list.reduce(
    (s, step) => (step.applied ? evolvePerson(s, step.read.event!) : s),
    initialPersonState(),
  );

/** Every event on the record, oldest first, with what it changed (as of `asOf`). */
export function timeline(events: readonly HistoryEvent[], asOf?: string): TimelineEntry[] {
  const reads = known(events, asOf);
  const effectList = effects(reads);
  let state = initialPersonState();
  return reads.map((r, i) => {
    let changes: FieldChange[] = [];
    if (r.event) {
      const next = evolvePerson(state, r.event);
      changes = diffStates(state, next);
      state = next;
    }
    return {
      ...refOf(r, effectList[i]!),
      description: r.event
        ? describe(r.event)
        : `${r.stored.type} (a type this version cannot read)`,
      changes,
    };
  });
}

export interface RecordAt {
  point: TimePoint;
  state: PersonState;
  /** Events recorded at `asOf`. */
  known: number;
  applied: EventRef[];
  /** Known at `asOf`, but not in effect at `validAt`. */
  notYetInEffect: EventRef[];
}

/** The record at a point on both axes, folded by the same evolve as every projection. */
export function recordAt(events: readonly HistoryEvent[], point: TimePoint): RecordAt {
  const list = steps(events, point);
  return {
    point,
    state: fold(list),
    known: list.length,
    applied: list.filter((s) => s.applied).map((s) => refOf(s.read, s.effect)),
    notYetInEffect: list
      .filter((s) => !s.applied && s.read.event !== null)
      .map((s) => refOf(s.read, s.effect)),
  };
}

/** What differs between the record at two points (fields of `from` → fields of `to`). */
export function diffBetween(
  events: readonly HistoryEvent[],
  from: TimePoint,
  to: TimePoint,
): FieldChange[] {
  return diffStates(fold(steps(events, from)), fold(steps(events, to)));
}

/** For each field of the record at a point, the event that last set it. */
export function provenance(
  events: readonly HistoryEvent[],
  point: TimePoint = {},
): ProvenanceEntry[] {
  const setBy = new Map<string, Step>();
  let state = initialPersonState();
  for (const step of steps(events, point)) {
    if (!step.applied) continue;
    const next = evolvePerson(state, step.read.event!);
    for (const change of diffStates(state, next)) setBy.set(change.field, step);
    state = next;
  }
  // Only the initial `status: unregistered` can lack an event: nothing set it.
  return [...shapeOf(state)].flatMap(([field, value]) => {
    const step = setBy.get(field);
    return step ? [{ field, value, setBy: refOf(step.read, step.effect) }] : [];
  });
}
