/**
 * Runs one projection: follows the global log from its checkpoint and applies each page
 * in one transaction with the checkpoint's move. The move is guarded by the position it
 * was read at, so two runners of the same projection (two instances of the app) can never
 * both apply a page: the second one's transaction fails and it resumes from the
 * checkpoint the first one wrote.
 */
import type { Database } from '../eventstore/db';
import type { EventStore, StoredEvent, Subscription } from '../eventstore';
import type { Projection } from './projection';

export class CheckpointMoved extends Error {
  constructor(name: string) {
    super(`projection ${name}: its checkpoint was moved by another runner`);
    this.name = 'CheckpointMoved';
  }
}

export class ProjectionRunner {
  private subscription: Subscription | null = null;
  private position = 0;
  private stopped = false;
  private waiters: { position: number; resolve: () => void }[] = [];

  constructor(
    private readonly db: Database,
    private readonly store: EventStore,
    private readonly projection: Projection,
    private readonly options: { batchSize?: number; onError?: (error: unknown) => void } = {},
  ) {}

  /** The last position this runner applied (or found applied). */
  get checkpoint(): number {
    return this.position;
  }

  async start(): Promise<void> {
    this.advance(await this.readCheckpoint());
    this.follow();
  }

  private advance(position: number): void {
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
      handle: (events) => this.applyPage(events),
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
    if (this.stopped) return;
    this.advance(await this.readCheckpoint());
    this.follow();
  }

  private async applyPage(events: StoredEvent[]): Promise<void> {
    const last = events[events.length - 1];
    if (!last) return;
    const relevant = events.filter((e) => this.projection.eventTypes.has(e.type));
    const from = this.position;
    await this.db.transaction(async (tx) => {
      if (relevant.length > 0) await this.projection.apply(tx, relevant);
      const moved = await tx.query(
        `update projection_checkpoints set position = $2, updated_at = now()
          where name = $1 and position = $3 returning position`,
        [this.projection.name, last.position, from],
      );
      if (moved.length === 0) throw new CheckpointMoved(this.projection.name);
    });
    this.advance(last.position);
  }

  private async readCheckpoint(): Promise<number> {
    await this.db.query(
      `insert into projection_checkpoints (name) values ($1) on conflict (name) do nothing`,
      [this.projection.name],
    );
    const [row] = await this.db.query<{ position: number }>(
      'select position from projection_checkpoints where name = $1',
      [this.projection.name],
    );
    return row?.position ?? 0;
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
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.stop();
  }
}
