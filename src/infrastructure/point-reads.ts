/**
 * Point reads coalesced: the keys asked for in one turn of the event loop, or while earlier
 * reads were running (Batches), are read by one query. Under load most of a read route's
 * cost is per statement, not per row (a round trip through the kernel's loopback on each
 * side, a bind and an execute on the server): fifty connections asking for fifty persons
 * cost one statement instead of fifty. A key asked for alone waits only for the end of the
 * turn.
 *
 * A read may carry a payload that the load receives with the keys, one per read (the person
 * record's reads carry their access-log entries, written by the same statement).
 */
import { Batches, groupBy, type BatchOptions, type Waiting } from './batches';

interface Read<V, P> extends Waiting<V | null> {
  key: string;
  payload: P;
}

export class PointReads<V, P = void> {
  private readonly batches: Batches<Read<V, P>>;

  /** `load`: the values of the keys found (a key absent from the map is not found). */
  constructor(
    private readonly load: (keys: string[], payloads: P[]) => Promise<Map<string, V>>,
    options: BatchOptions = {},
  ) {
    this.batches = new Batches((reads) => this.read(reads), options);
  }

  get(key: string, payload: P): Promise<V | null> {
    return new Promise<V | null>((resolve, reject) =>
      this.batches.add({ key, payload, resolve, reject }),
    );
  }

  private async read(reads: Read<V, P>[]): Promise<void> {
    const byKey = groupBy(reads, (read) => read.key);
    const payloads = [...byKey.values()].flatMap((same) => same.map((r) => r.payload));
    try {
      const found = await this.load([...byKey.keys()], payloads);
      for (const read of reads) read.resolve(found.get(read.key) ?? null);
    } catch (error) {
      for (const read of reads) read.reject(error);
    }
  }
}
