import type { EntitySchema } from '@mikro-orm/core';
import type { Transaction } from '../eventstore/db';
import type { StoredEvent } from '../eventstore';

/**
 * A read model fed by the global log. `apply` writes its rows for a page of events inside
 * the transaction that also moves its checkpoint: both land, or neither.
 *
 * A projection reads and writes only its own `tables`, by unqualified name: a rebuild
 * runs the same `apply` with `search_path` pointing at fresh copies of those tables, then
 * swaps them in. It never reads another projection's tables, whose position differs.
 */
export interface Projection {
  readonly name: string;
  /** Event types it reads; the others are skipped without parsing their JSON. */
  readonly eventTypes: ReadonlySet<string>;
  /** The tables it owns (its entities' tables), rebuilt and swapped together. */
  readonly tables: readonly string[];
  /** The MikroORM entities that describe its tables (the migrations are made from them). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows of every shape
  readonly entities: readonly EntitySchema<any>[];
  apply(tx: Transaction, events: readonly StoredEvent[]): Promise<void>;
}

/** The tables of some entities, in their order. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows of every shape
export function tablesOf(entities: readonly EntitySchema<any>[]): string[] {
  return entities.map((e) => e.meta.tableName);
}

/** A projection whose `tables` are its entities' tables: one list, not two to keep in step. */
export function defineProjection(spec: Omit<Projection, 'tables'>): Projection {
  return { ...spec, tables: tablesOf(spec.entities) };
}
