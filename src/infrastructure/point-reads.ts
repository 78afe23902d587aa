/**
 * Point reads coalesced: the keys asked for in one turn of the event loop are read by one
 * query. Under load most of a read route's cost is per statement, not per row (a round trip
 * through the kernel's loopback on each side, a bind and an execute on the server): fifty
 * connections asking for fifty persons cost one statement instead of fifty. A key asked for
 * alone waits only for the end of the turn.
 *
 * A read may carry a payload that the load receives with the keys, one per read (the person
 * record's reads carry their access-log entries, written by the same statement).
 */
export class PointReads<V, P = void> {
  private next: Map<string, Waiting<V, P>[]> | null = null;

  /** `load`: the values of the keys found (a key absent from the map is not found). */
  constructor(
    private readonly load: (keys: string[], payloads: P[]) => Promise<Map<string, V>>,
    private readonly maxKeys = 256,
  ) {}

  get(key: string, payload: P): Promise<V | null> {
    return new Promise<V | null>((resolve, reject) => {
      if (!this.next) {
        this.next = new Map();
        setImmediate(() => this.flush());
      }
      const waiting = this.next.get(key);
      const read = { resolve, reject, payload };
      if (waiting) waiting.push(read);
      else this.next.set(key, [read]);
      if (this.next.size >= this.maxKeys) this.flush();
    });
  }

  private flush(): void {
    const batch = this.next;
    if (!batch) return;
    this.next = null;
    const payloads = [...batch.values()].flatMap((waiting) => waiting.map((w) => w.payload));
    this.load([...batch.keys()], payloads).then(
      (found) => {
        for (const [key, waiting] of batch)
          for (const w of waiting) w.resolve(found.get(key) ?? null);
      },
      (error: unknown) => {
        for (const waiting of batch.values()) for (const w of waiting) w.reject(error);
      },
    );
  }
}

interface Waiting<V, P> {
  resolve: (value: V | null) => void;
  reject: (error: unknown) => void;
  payload: P;
}
