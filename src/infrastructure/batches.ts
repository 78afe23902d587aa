/**
 * Work gathered into batches, as a database's group commit does: what arrives in one turn
 * of the event loop goes together, at most `inFlight` batches run at once, and what
 * arrives while they run waits for one of them to end and goes with the rest. Sent as
 * soon as it arrives, each caller's work would go alone once the first replies had spread
 * the callers' next requests over different turns; under load, most of a statement's cost
 * is per statement (a round trip, a bind and an execute), not per row.
 */
export interface BatchOptions {
  /** A batch that reaches this size goes at once, whatever is running (default 256). */
  maxItems?: number;
  /** Batches running at once (default 2). */
  inFlight?: number;
}

export class Batches<T> {
  private next: T[] | null = null;
  private scheduled = false;
  private running = 0;
  private readonly maxItems: number;
  private readonly inFlight: number;

  /** `run` answers every item of its batch itself; its rejection is not seen here. */
  constructor(
    private readonly run: (items: T[]) => Promise<void>,
    options: BatchOptions = {},
  ) {
    this.maxItems = options.maxItems ?? 256;
    this.inFlight = options.inFlight ?? 2;
  }

  add(item: T): void {
    (this.next ??= []).push(item);
    if (this.next.length >= this.maxItems) this.flush();
    else this.schedule();
  }

  /** After the I/O of this turn of the event loop, so that its items share a batch. */
  private schedule(): void {
    if (this.scheduled || this.running >= this.inFlight || !this.next) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.running < this.inFlight) this.flush();
    });
  }

  private flush(): void {
    const batch = this.next;
    if (!batch) return;
    this.next = null;
    this.running += 1;
    void this.run(batch)
      .catch(() => undefined)
      .finally(() => {
        this.running -= 1;
        this.schedule();
      });
  }
}

/** A caller's item, answered when its batch is done. */
export interface Waiting<V> {
  resolve: (value: V) => void;
  reject: (error: unknown) => void;
}

/** Items grouped by a key, in the order each key first came. */
export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const same = groups.get(key);
    if (same) same.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
