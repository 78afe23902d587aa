/**
 * One active runner per projection across every instance of the application: the runner
 * that holds a session-level advisory lock applies pages; the others stand by and take
 * over when its session ends (the process died, the connection dropped). The lock is on a
 * connection of its own, outside the pool, so that it lives exactly as long as the
 * session that proves the leader is alive.
 */
import pg from 'pg';
import type { Database } from '../eventstore/db';

/** Advisory-lock class for projections (the first key of the two-key form). */
export const LOCK_CLASS = 0x5131;

export interface Lease {
  /** Resolves when the lease is lost (the session ended); never rejects. */
  readonly lost: Promise<void>;
  release(): Promise<void>;
}

export interface Leases {
  /** The lease on `name`, or null when another session holds it. */
  tryAcquire(name: string): Promise<Lease | null>;
  close(): Promise<void>;
}

export function projectionLockKey(name: string): number {
  // FNV-1a, folded to a signed 32-bit integer (pg's int4).
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

export function leasesFor(db: Database): Leases {
  return db.kind === 'postgres' && 'url' in db
    ? new PostgresLeases(String((db as { url: string }).url))
    : new ProcessLeases(db);
}

/** PostgreSQL: advisory locks held by one dedicated session. */
class PostgresLeases implements Leases {
  private client: pg.Client | null = null;
  private connecting: Promise<pg.Client> | null = null;
  private lostSignals: (() => void)[] = [];
  /** One query at a time on the session: runners of one process ask together at start. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly url: string) {}

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private session(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= (async () => {
      const client = new pg.Client({ connectionString: this.url });
      const drop = () => {
        if (this.client !== client) return;
        this.client = null;
        const signals = this.lostSignals.splice(0);
        for (const signal of signals) signal();
      };
      client.on('error', drop);
      client.on('end', drop);
      try {
        await client.connect();
      } finally {
        this.connecting = null;
      }
      this.client = client;
      return client;
    })();
    return this.connecting;
  }

  tryAcquire(name: string): Promise<Lease | null> {
    return this.serially(() => this.acquire(name));
  }

  private async acquire(name: string): Promise<Lease | null> {
    const client = await this.session();
    const key = projectionLockKey(name);
    const result = await client.query<{ ok: boolean }>(
      'select pg_try_advisory_lock($1, $2) as ok',
      [LOCK_CLASS, key],
    );
    if (!result.rows[0]?.ok) return null;
    let signal!: () => void;
    const lost = new Promise<void>((resolve) => (signal = resolve));
    this.lostSignals.push(signal);
    return {
      lost,
      release: async () => {
        this.lostSignals = this.lostSignals.filter((s) => s !== signal);
        if (this.client === client)
          await this.serially(() =>
            client.query('select pg_advisory_unlock($1, $2)', [LOCK_CLASS, key]),
          );
        signal();
      },
    };
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = null;
    for (const signal of this.lostSignals.splice(0)) signal();
    await client?.end();
  }
}

/** PGlite lives in one process: leases are held in memory. */
const heldByDatabase = new WeakMap<Database, Set<string>>();

class ProcessLeases implements Leases {
  private readonly held: Set<string>;
  private readonly mine = new Map<string, () => void>();

  constructor(db: Database) {
    this.held = heldByDatabase.get(db) ?? new Set();
    heldByDatabase.set(db, this.held);
  }

  tryAcquire(name: string): Promise<Lease | null> {
    if (this.held.has(name)) return Promise.resolve(null);
    this.held.add(name);
    let signal!: () => void;
    const lost = new Promise<void>((resolve) => (signal = resolve));
    this.mine.set(name, signal);
    return Promise.resolve({
      lost,
      release: () => {
        this.held.delete(name);
        this.mine.delete(name);
        signal();
        return Promise.resolve();
      },
    });
  }

  close(): Promise<void> {
    for (const [name, signal] of this.mine) {
      this.held.delete(name);
      signal();
    }
    this.mine.clear();
    return Promise.resolve();
  }
}
