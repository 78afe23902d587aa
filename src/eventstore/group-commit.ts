/**
 * Group commit: commands that arrive while a transaction is committing wait, then commit
 * together in the next one. One fsync then acknowledges many commands, which is how the
 * store passes the database's one-transaction-per-event ceiling. A command is
 * acknowledged only after its transaction committed.
 */
import { appendBatch, copyRows, type Outcome, type PreparedCommand } from './append';
import type { Database } from './db';
import type { AppendResult } from './types';

interface Pending {
  command: PreparedCommand;
  events: number;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

export class GroupCommitWriter {
  private queue: Pending[] = [];
  private lanes = 0;

  constructor(
    private readonly db: Database,
    private readonly maxEventsPerBatch = 1000,
    /**
     * Transactions in flight at once. The next batch's transaction is already open and
     * waiting for the head's lock when the previous one commits, so no round trip is lost
     * between commits. Appends stay serial: the lock orders them.
     */
    private readonly maxLanes = Number(process.env.SIJILL_APPEND_LANES ?? 2),
  ) {}

  append(command: PreparedCommand): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ command, events: command.eventCount, resolve, reject });
      if (this.lanes < this.maxLanes) {
        this.lanes++;
        // Let the commands issued in the same tick join the first batch.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.take();
        await this.commit(batch);
      }
    } finally {
      this.lanes--;
    }
  }

  private take(): Pending[] {
    let events = 0;
    let n = 0;
    while (n < this.queue.length) {
      events += this.queue[n]!.events;
      if (n > 0 && events > this.maxEventsPerBatch) break;
      n++;
    }
    return this.queue.splice(0, n);
  }

  private async commit(batch: Pending[]): Promise<void> {
    let outcomes: Outcome[];
    try {
      outcomes = await appendBatch(
        this.db,
        batch.map((p) => p.command),
        copyRows,
      );
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      // Something failed the whole transaction (a value the database refused, a lost
      // connection). Retry each command alone, so only the faulty one fails. Command ids
      // make the retry safe even if the first commit did land.
      for (const pending of batch) await this.commit([pending]);
      return;
    }
    batch.forEach((pending, i) => {
      const outcome = outcomes[i]!;
      if (outcome instanceof Error) pending.reject(outcome);
      else pending.resolve(outcome);
    });
  }
}
