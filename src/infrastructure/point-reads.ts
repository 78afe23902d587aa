/**
 * Point reads coalesced: the keys asked for in one turn of the event loop are read by one
 * query. Under load most of a read route's cost is per statement, not per row (a round trip
 * through the kernel's loopback on each side, a bind and an execute on the server): fifty
 * connections asking for fifty persons cost one statement instead of fifty. A key asked for
 * alone waits only for the end of the turn.
 */
export class PointReads<V> {
  private next: Map<string, Waiting<V>[]> | null = null;

  /** `load`: the values of the keys found (a key absent from the map is not found). */
  constructor(
    private readonly load: (keys: string[]) => Promise<Map<string, V>>,
    private readonly maxKeys = 256,
  ) {}

  get(key: string): Promise<V | null> {
    return new Promise<V | null>((resolve, reject) => {
      if (!this.next) {
        this.next = new Map();
        setImmediate(() => this.flush());
      }
      const waiting = this.next.get(key);
      if (waiting) waiting.push({ resolve, reject });
      else this.next.set(key, [{ resolve, reject }]);
      if (this.next.size >= this.maxKeys) this.flush();
    });
  }

  private flush(): void {
    const batch = this.next;
    if (!batch) return;
    this.next = null;
    this.load([...batch.keys()]).then(
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

interface Waiting<V> {
  resolve: (value: V | null) => void;
  reject: (error: unknown) => void;
}
