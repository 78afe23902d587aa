/**
 * Read-side benchmarks on the register at DATABASE_URL (a generated one: they write to
 * it).
 *
 * - `rebuild`: every projection rebuilt from position zero into new tables and swapped
 *   in; events/s over the whole log.
 * - `lag`: the projections running as in the application while commands from a second
 *   simulated population are appended at a steady rate (2,000 events/s by default).
 *   Every 50 ms a probe takes the log's head position and times how long until every
 *   projection has applied it: the lag a reader waiting for its own write would see.
 */
import { PROJECTIONS } from '../../projections';
import { EventStore, PostgresDatabase } from '../eventstore';
import type { PreparedCommand } from '../eventstore/append';
import { workerSource } from '../generator/generate';
import { leasesFor } from '../projection/leadership';
import { rebuildProjections } from '../projection/rebuild';
import { ProjectionRunner } from '../projection/runner';

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;

export async function rebuildBench(url: string, pageSize = 5000) {
  const db = new PostgresDatabase(url, 4);
  try {
    const store = new EventStore(db);
    const report = await rebuildProjections(db, store, PROJECTIONS, { pageSize });
    return { scenario: 'rebuild', ...report, seconds: Math.round(report.seconds * 10) / 10 };
  } finally {
    await db.close();
  }
}

export async function lagBench(
  url: string,
  options: { rate: number; seconds: number; seed: number; persons: number },
) {
  const db = new PostgresDatabase(url, 10);
  const store = new EventStore(db);
  const leases = leasesFor(db);
  const runners = PROJECTIONS.map(
    (p) => new ProjectionRunner(db, store, p, { leases, batchSize: 5000 }),
  );
  try {
    await Promise.all(runners.map((r) => r.start()));
    const head = await store.headPosition();
    await Promise.all(runners.map((r) => r.waitFor(head, 3_600_000)));

    const source = workerSource({
      persons: options.persons,
      seed: options.seed,
      startYear: 1950,
      endYear: 2024,
    });
    const deadline = performance.now() + options.seconds * 1000;
    const started = performance.now();
    let sent = 0;
    // Commands released at the target rate, in small chunks (one transaction each).
    async function* paced(): AsyncGenerator<PreparedCommand> {
      for await (const command of source.requests) {
        if (performance.now() > deadline) return;
        if (!('prepared' in command)) throw new Error('the generator yields prepared commands');
        const due = started + (sent / options.rate) * 1000;
        const wait = due - performance.now();
        if (wait > 1) await new Promise((r) => setTimeout(r, wait));
        sent += command.eventCount;
        yield command;
      }
    }
    const lags: number[] = [];
    let probing = true;
    const probe = (async () => {
      while (probing) {
        const t0 = performance.now();
        const position = await store.headPosition();
        await Promise.all(runners.map((r) => r.waitFor(position, 60_000)));
        lags.push(performance.now() - t0);
        const rest = 50 - (performance.now() - t0);
        if (rest > 0) await new Promise((r) => setTimeout(r, rest));
      }
    })();
    const report = await store.appendBulk(paced(), { chunkSize: 20 });
    const seconds = (performance.now() - started) / 1000;
    probing = false;
    await probe;
    lags.sort((a, b) => a - b);
    return {
      scenario: 'lag',
      targetEventsPerSec: options.rate,
      appendedEventsPerSec: Math.round(report.events / seconds),
      events: report.events,
      conflicts: report.conflicts,
      seconds: Math.round(seconds),
      probes: lags.length,
      p50Ms: Math.round(percentile(lags, 50) * 10) / 10,
      p99Ms: Math.round(percentile(lags, 99) * 10) / 10,
      maxMs: Math.round((lags[lags.length - 1] ?? 0) * 10) / 10,
      projections: PROJECTIONS.map((p) => p.name),
    };
  } finally {
    await Promise.all(runners.map((r) => r.stop()));
    await leases.close();
    await db.close();
  }
}
