import type { EntitySchema } from '@mikro-orm/core';
import type { Sql, Transaction } from '../eventstore/db';
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
  /**
   * A rebuild's own way to fill the tables from position zero, when `apply` page by page
   * would load and rewrite the same rows again and again. Optional: without it, a rebuild
   * runs `apply`. Whatever it does, the tables it leaves must equal what `apply` leaves
   * (test/projections/rebuild-equivalence.int-spec.ts checks it on random registers).
   */
  rebuilder?(): Rebuilder;
  /**
   * Rows the projection derives from its own tables rather than from the events (its
   * `apply` keeps them in step page by page). A rebuild writes them with the statements
   * this gives, once its load has filled, indexed and analysed the tables, before it
   * catches up with `apply`: each runs in a transaction of its own, two at a time, with
   * the fresh tables first on the search path (as is `sql`, to size them).
   */
  derived?(sql: Pick<Sql, 'query'>): Promise<readonly string[]>;
}

/** What projections read of an event: where it is in the log and what it says. */
export type ProjectedEvent = Pick<
  StoredEvent,
  'position' | 'streamId' | 'version' | 'type' | 'data'
>;

/**
 * An event as a rebuild reads it: what the projections read of it (no metadata, no
 * timestamps), and whether its stream has more events.
 */
export interface RebuildEvent extends ProjectedEvent {
  /**
   * No later event of this stream is part of this rebuild (the rebuild reads up to a fixed
   * position; what comes after is applied by `apply`): what the stream's events alone
   * determine is final and may be written and forgotten.
   */
  readonly lastOfStream: boolean;
}

/**
 * Fills a projection's fresh tables from position zero to the rebuild's position. Each
 * call runs in a transaction of its own with the fresh tables first on the search path;
 * calls come one after the other, pages in log order, only the projection's event types
 * (and, when it asks for `streamEnds`, every stream's last event whatever its type).
 * Memory must stay bounded by what is still open (a register has tens of millions of
 * persons): write and forget what no later event can change.
 */
export interface Rebuilder {
  /**
   * Also receive each stream's last event when it is of a type the projection does not
   * read (its data is not read): without it, a stream that ends on such an event stays
   * open in memory until `finish`.
   */
  readonly streamEnds?: boolean;
  apply(tx: Transaction, events: readonly RebuildEvent[]): Promise<void>;
  /** Writes what is left: afterwards the tables equal what `apply` leaves at that position. */
  finish(tx: Transaction): Promise<void>;
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
