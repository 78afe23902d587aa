import type { EventStore } from './event-store';
import { NOTIFY_CHANNEL } from './append';
import type { StoredEvent } from './types';

export interface SubscriptionOptions {
  /** Deliver events after this position (0: from the beginning). */
  from: number;
  handle: (events: StoredEvent[]) => Promise<void> | void;
  batchSize?: number;
  /** Polling interval when no notification arrives (a safety net, not the main path). */
  pollMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Reads pages of the global log and hands them to `handle`, one page at a time; the next
 * page is read only after the handler resolved. When caught up it waits for a NOTIFY
 * from an append (or the poll interval) and reads again.
 */
export class Subscription {
  private position: number;
  private stopped = false;
  private wake: (() => void) | null = null;
  // Set by a notification that arrives while a page is being read, so it is not missed.
  private notified = false;
  private unlisten: (() => Promise<void>) | null = null;
  private loop: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: EventStore,
    private readonly options: SubscriptionOptions,
  ) {
    this.position = options.from;
  }

  get lastPosition(): number {
    return this.position;
  }

  start(): void {
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    try {
      this.unlisten = await this.store.db.listen(NOTIFY_CHANNEL, () => {
        this.notified = true;
        this.wake?.();
      });
    } catch (error) {
      this.options.onError?.(error);
    }
    const batchSize = this.options.batchSize ?? 1000;
    while (!this.stopped) {
      this.notified = false;
      try {
        const events = await this.store.readAll(this.position, batchSize);
        if (events.length > 0) {
          await this.options.handle(events);
          this.position = events[events.length - 1]!.position;
          if (events.length === batchSize) continue;
        }
      } catch (error) {
        this.options.onError?.(error);
      }
      await this.idle();
    }
  }

  private idle(): Promise<void> {
    if (this.notified || this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.options.pollMs ?? 1000);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
    await this.unlisten?.();
  }
}
