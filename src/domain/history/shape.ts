import type { PersonState } from '../person/state';
import { assertNever } from '../shared/errors';
import type { FieldChange } from './types';

/**
 * The record as a flat list of fields, the form in which legal staff read a change: a dotted
 * path per value (`name.given.lat`, `father.idcs`, `death.date`). Elements of lists are whole
 * values: a marriage is `spouses[<spouse IDCS>@<since>]`, so a divorce reads as that entry
 * leaving `spouses` and arriving in `endedMarriages`; append-only lists (previous names,
 * rectifications) are numbered. Null and absent are the same: not on the record.
 */
export type Shape = ReadonlyMap<string, unknown>;

/** The state without its envelope: the record's fields next to the status. */
function flatState(state: PersonState): Record<string, unknown> {
  switch (state.status) {
    case 'unregistered':
      return { status: state.status };
    case 'pre-declared':
    case 'unidentified-deceased':
    case 'annulled':
      return { ...state };
    case 'alive':
      return { status: state.status, ...state.record };
    case 'deceased':
      return { status: state.status, ...state.record, death: state.death };
    default:
      return assertNever(state);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function elementKey(element: unknown, index: number, used: Set<string>): string {
  let key = String(index);
  if (isObject(element) && typeof element.idcs === 'string' && typeof element.since === 'string') {
    key = `${element.idcs}@${element.since}`;
    for (let n = 2; used.has(key); n++) key = `${element.idcs}@${element.since}#${n}`;
  }
  used.add(key);
  return key;
}

function flatten(value: unknown, path: string, out: Map<string, unknown>): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    const used = new Set<string>();
    value.forEach((element, i) => {
      if (element !== null && element !== undefined)
        out.set(`${path}[${elementKey(element, i, used)}]`, element);
    });
    return;
  }
  if (isObject(value)) {
    for (const [key, inner] of Object.entries(value))
      flatten(inner, path ? `${path}.${key}` : key, out);
    return;
  }
  out.set(path, value);
}

/** A list's elements under their field names (`spouses[<idcs>@<since>]`, `previousNames[0]`). */
function elements(list: readonly unknown[], path: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  flatten(list, path, out);
  return out;
}

export function shapeOf(state: PersonState): Shape {
  const out = new Map<string, unknown>();
  flatten(flatState(state), '', out);
  return out;
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => sameValue(x, b[i]));
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a).filter((k) => a[k] !== undefined);
  if (keys.length !== Object.keys(b).filter((k) => b[k] !== undefined).length) return false;
  return keys.every((k) => sameValue(a[k], b[k]));
}

/** Fields that differ, in the order of the later record, then those it no longer has. */
export function diffShapes(before: Shape, after: Shape): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [field, value] of after) {
    const old = before.get(field) ?? null;
    if (!sameValue(old, value)) changes.push({ field, before: old, after: value });
  }
  for (const [field, old] of before)
    if (!after.has(field)) changes.push({ field, before: old, after: null });
  return changes;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/**
 * The same changes as `diffShapes(shapeOf(a), shapeOf(b))`, found by walking both values
 * together: evolve shares every part of the record it did not change, so a part that is the
 * same object on both sides is skipped without being flattened.
 */
function diffValues(before: unknown, after: unknown, path: string, out: FieldChange[]): void {
  if (before === after) return;
  if (isObject(before) && isObject(after)) {
    for (const key in after) {
      const value = after[key];
      if (before[key] !== value) diffValues(before[key], value, join(path, key), out);
    }
    for (const key in before)
      if (!(key in after)) diffValues(before[key], undefined, join(path, key), out);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const old = elements(before, path);
    const now = elements(after, path);
    for (const [field, value] of now) {
      const was = old.get(field) ?? null;
      if (!sameValue(was, value)) out.push({ field, before: was, after: value });
    }
    for (const [field, was] of old)
      if (!now.has(field)) out.push({ field, before: was, after: null });
    return;
  }
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  flatten(before, path, a);
  flatten(after, path, b);
  out.push(...diffShapes(a, b));
}

/** What changed between two states, field by field, in the order of the record. */
export function diffStates(before: PersonState, after: PersonState): FieldChange[] {
  const out: FieldChange[] = [];
  diffValues(flatState(before), flatState(after), '', out);
  return out;
}
