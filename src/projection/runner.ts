/**
 * Runs one projection: follows the global log from its checkpoint and applies each page
 * in one transaction with the checkpoint's move.
 *
 * Exactly once: the transaction first locks the projection's checkpoint row and checks it
 * still holds the position this runner read; then the rows; then the move. A second
 * runner (another instance of the app, a rebuild swapping tables in) either waits for the
 * row or finds it moved and resumes from what is stored. Locking the checkpoint before
 * the tables gives every writer the same lock order, so a rebuild's swap cannot deadlock
 * with a page being applied.
 *
 * One active runner: the runner that holds the projection's lease (an advisory lock on a
 * session of its own) applies pages; the others stand by, keep their position from the
 * checkpoint table (so waitFor works on every instance), and take over when the lease is
 * free.
 */
import type { Database, Transaction } from '../eventstore/db';
import type { EventStore, StoredEvent, Subscription } from '../eventstore';
import { leasesFor, type Lease, type Leases } from './leadership';
import type { Projection } from './projection';

export class CheckpointMoved extends Error {
  constructor(name: string) {
    super(`projection ${name}: its checkpoint was moved by another runner`);
    this.name = 'CheckpointMoved';
  }
}

function quoted(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * Applies one page of the log to `projections` and moves their checkpoints from `from`
 * to the page's last position, in one transaction. `schema` (a rebuild) puts fresh
 * copies of the projections' tables first on the search path.
 */
export async function applyPage(
  db: Database,
  projections: readonly Projection[],
  events: readonly StoredEvent[],
  from: number,
  options: { schema?: string; checkpoints?: boolean } = {},
): Promise<number> {
  const last = events[events.length - 1];
  if (!last) return from;
  const names = projections.map((p) => p.name).sort();
  const checkpoints = options.checkpoints ?? true;
  const opening = checkpoints
    ? `select name, position from projection_checkpoints
        where name in (${names.map(quoted).join(', ')}) order by name for update`
    : undefined;
  await db.transaction(async (tx) => {
    if (checkpoints) {
      const held = new Map(tx.openingRows.map((r) => [String(r.name), Number(r.position)]));
      for (const name of names) if (held.get(name) !== from) throw new CheckpointMoved(name);
    }
    if (options.schema) await tx.exec(`set local search_path = ${options.schema}, public`);
    await applyEvents(tx, projections, events);
    if (checkpoints)
      await tx.query(
        `update projection_checkpoints set position = $2, updated_at = now()
          where name = any($1::text[])`,
        [names, last.position],
      );
  }, opening);
  return last.position;
}

/** Hands each projection the events of its types, in order, inside `tx`. */
export async function applyEvents(
  tx: Transaction,
  projections: readonly Projection[],
  events: readonly StoredEvent[],
): Promise<void> {
  for (const projection of projections) {
    const relevant = events.filter((e) => projection.eventTypes.has(e.type));
    if (relevant.length > 0) await projection.apply(tx, relevant);
  }
}

export async function readCheckpoint(db: Database, name: string): Promise<number> {
  await db.query(
    `insert into projection_checkpoints (name) values ($1) on conflict (name) do nothing`,
    [name],
  );
  const [row] = await db.query<{ position: number }>(
    'select position from projection_checkpoints where name = $1',
    [name],
  );
  return row?.position ?? 0;
}

export interface RunnerOptions {
  batchSize?: number;
  onError?: (error: unknown) => void;
  /** Shared by the runners of one process; by default the runner opens its own. */
  leases?: Leases;
  /** How often a standing-by runner re-reads the checkpoint and tries for the lease. */
  standbyMs?: number;
}

export class ProjectionRunner {
  private subscription: Subscription | null = null;
  private lease: Lease | null = null;
  private standbyTimer: NodeJS.Timeout | null = null;
  private position = 0;
  private stopped = false;
  private waiters: { position: number; resolve: () => void }[] = [];
  private readonly leases: Leases;
  private readonly ownLeases: boolean;

  constructor(
    private readonly db: Database,
    private readonly store: EventStore,
    private readonly projection: Projection,
    private readonly options: RunnerOptions = {},
  ) {
    this.ownLeases = !options.leases;
    this.leases = options.leases ?? leasesFor(db);
  }

  /** The last position this runner applied (or found applied). */
  get checkpoint(): number {
    return this.position;
  }

  /** Whether this runner is the one applying pages. */
  get active(): boolean {
    return this.lease !== null;
  }

  async start(): Promise<void> {
    this.advance(await readCheckpoint(this.db, this.projection.name));
    await this.contend();
  }

  /** Takes the lease and follows the log, or stands by until the lease is free. */
  private async contend(): Promise<void> {
    if (this.stopped) return;
    const lease = await this.leases.tryAcquire(this.projection.name).catch((error: unknown) => {
      this.options.onError?.(error);
      return null;
    });
    if (!lease) return this.standBy();
    this.lease = lease;
    void lease.lost.then(() => this.demote(lease));
    this.advance(await readCheckpoint(this.db, this.projection.name));
    this.follow();
  }

  private standBy(): void {
    if (this.stopped) return;
    this.standbyTimer = setTimeout(() => {
      this.standbyTimer = null;
      void readCheckpoint(this.db, this.projection.name)
        .then((position) => this.advance(position))
        .catch((error: unknown) => this.options.onError?.(error))
        .then(() => this.contend());
    }, this.options.standbyMs ?? 1000);
  }

  /** The lease was lost (its session ended): stop applying, stand by again. */
  private async demote(lease: Lease): Promise<void> {
    if (this.lease !== lease) return;
    this.lease = null;
    const subscription = this.subscription;
    this.subscription = null;
    await subscription?.stop();
    this.standBy();
  }

  private advance(position: number): void {
    if (position < this.position) return;
    this.position = position;
    this.waiters = this.waiters.filter((w) =>
      w.position <= position ? (w.resolve(), false) : true,
    );
  }

  private follow(): void {
    if (this.stopped) return;
    this.subscription = this.store.subscribe({
      from: this.position,
      batchSize: this.options.batchSize ?? 1000,
      handle: async (events) => {
        this.advance(await applyPage(this.db, [this.projection], events, this.position));
      },
      onError: (error) => {
        this.options.onError?.(error);
        // Resume from what is stored: the failed page was rolled back whole.
        void this.restart();
      },
    });
  }

  private async restart(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = null;
    await subscription?.stop();
    if (this.stopped || !this.lease) return;
    // A rebuild may have swapped the tables in at a lower position than ours.
    this.position = await readCheckpoint(this.db, this.projection.name);
    this.advance(this.position);
    this.follow();
  }

  /**
   * Read your own writes: resolves once this projection has applied `position` (a
   * command's reply), or rejects after `timeoutMs`.
   */
  waitFor(position: number, timeoutMs = 2000): Promise<void> {
    if (this.position >= position) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(
          new Error(
            `projection ${this.projection.name} has not reached ${position} in ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push({ position, resolve: done });
      if (!this.active) void this.pollWhileWaiting();
    });
  }

  /** A runner standing by learns of the active one's progress from the checkpoint table. */
  private async pollWhileWaiting(): Promise<void> {
    while (!this.stopped && !this.active && this.waiters.length > 0) {
      await new Promise((r) => setTimeout(r, 25));
      try {
        this.advance(await readCheckpoint(this.db, this.projection.name));
      } catch (error) {
        this.options.onError?.(error);
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.standbyTimer) clearTimeout(this.standbyTimer);
    await this.subscription?.stop();
    const lease = this.lease;
    this.lease = null;
    await lease?.release().catch(() => undefined);
    if (this.ownLeases) await this.leases.close();
  }
}
