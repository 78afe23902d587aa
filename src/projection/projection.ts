import type { Transaction } from '../eventstore/db';
import type { StoredEvent } from '../eventstore';

/**
 * A read model fed by the global log. `apply` writes its rows for a page of events inside
 * the transaction that also moves its checkpoint: both land, or neither.
 */
export interface Projection {
  readonly name: string;
  /** Event types it reads; the others are skipped without parsing their JSON. */
  readonly eventTypes: ReadonlySet<string>;
  apply(tx: Transaction, events: readonly StoredEvent[]): Promise<void>;
}
