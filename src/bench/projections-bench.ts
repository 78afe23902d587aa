/**
 * Read-side benchmarks on the register at DATABASE_URL (a generated one: they write to
 * it).
 *
 * - `rebuild`: every projection rebuilt from position zero into new tables and swapped
 *   in; events/s over the whole log.
 * - `lag`: on a scratch database, the projections running as in the application while a
 *   simulated register's commands are appended at a steady rate (2,000 events/s by
 *   default). With `--in-place`, on the generated register at DATABASE_URL itself (its
 *   read models as large as the register): the appender simulates the births of the two
 *   years after the generator's last, whose register books are new, with IDCS of its own
 *   seed (one in about ninety collides with a stored person: refused, and counted).
 *   Every 50 ms a probe takes the log's head position and times how long until every
 *   projection has applied it: the lag a reader waiting for its own write would see.
 */
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { PROJECTIONS } from '../../projections';
import { EventStore, PostgresDatabase, WrongExpectedVersionError, migrate } from '../eventstore';
import { withScratchDatabase } from './bench-db';
import { quantile } from './quantile';
import { GENERATED_UNTIL, workerSource } from '../generator/generate';
import { leasesFor } from '../projection/leadership';
import { rebuildProjections } from '../projection/rebuild';
import { ProjectionRunner } from '../projection/runner';

export async function rebuildBench(url: string, pageSize = 5000) {
  const db = new PostgresDatabase(url, 4);
  try {
    const store = new EventStore(db);
    const report = await rebuildProjections(db, store, PROJECTIONS, {
      pageSize,
      threads: availableParallelism(),
    });
    return { scenario: 'rebuild', ...report, seconds: Math.round(report.seconds * 10) / 10 };
  } finally {
    await db.close();
  }
}

interface LagOptions {
  rate: number;
  seconds: number;
  seed: number;
  inPlace: boolean;
}

export async function lagBench(base: string, options: LagOptions) {
  // A register of its own, unless in place: commands of another simulation of the same
  // years would collide with the act numbers of the register books already there.
  return options.inPlace
    ? measureLag(base, options)
    : withScratchDatabase(base, 'sijill_lag', (url) => measureLag(url, options));
}

async function measureLag(url: string, options: LagOptions) {
  const db = new PostgresDatabase(url, 10);
  await migrate(db);
  const store = new EventStore(db);
  const leases = leasesFor(db);
  const runners = PROJECTIONS.map(
    (p) => new ProjectionRunner(db, store, p, { leases, batchSize: 5000 }),
  );
  try {
    await Promise.all(runners.map((r) => r.start()));
    const head = await store.headPosition();
    await Promise.all(runners.map((r) => r.waitFor(head, 3_600_000)));

    // The appender runs in a process of its own, like a registration service beside the
    // instance that projects: they do not share an event loop.
    const started = performance.now();
    const feeder = spawn(
      process.execPath,
      [
        join(__dirname, '..', '..', 'bin', 'sijill.js'),
        'bench',
        'lag-feed',
        '--rate',
        String(options.rate),
        '--seconds',
        String(options.seconds),
        '--seed',
        String(options.seed),
        ...(options.inPlace ? ['--in-place'] : []),
      ],
      { env: { ...process.env, DATABASE_URL: url }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    feeder.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const fed = new Promise<number | null>((resolve) => feeder.on('exit', resolve));
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
    const code = await fed;
    const seconds = (performance.now() - started) / 1000;
    probing = false;
    await probe;
    const report = JSON.parse(output.trim().split('\n').pop() ?? '{}') as {
      events?: number;
      conflicts?: number;
      duplicates?: number;
      seconds?: number;
    };
    if (code !== 0 || report.events === undefined) throw new Error(`the appender failed (${code})`);
    lags.sort((a, b) => a - b);
    return {
      scenario: 'lag',
      targetEventsPerSec: options.rate,
      appendedEventsPerSec: Math.round(report.events / (report.seconds ?? seconds)),
      events: report.events,
      conflicts: report.conflicts,
      // Commands already stored by an earlier run of the same seed: nothing written, not counted.
      duplicates: report.duplicates,
      seconds: Math.round(seconds),
      probes: lags.length,
      p50Ms: quantile(lags, 0.5),
      p99Ms: quantile(lags, 0.99),
      maxMs: Math.round((lags[lags.length - 1] ?? 0) * 10) / 10,
      projections: PROJECTIONS.map((p) => p.name),
    };
  } finally {
    await Promise.all(runners.map((r) => r.stop()));
    await leases.close();
    await db.close();
  }
}

/** Commands of the feed waiting for their append at once, at most. */
const MAX_IN_FLIGHT = 512;

/** The appender of the lag benchmark: a simulated register's commands at a steady rate. */
export async function feedAtRate(url: string, options: LagOptions): Promise<void> {
  const db = new PostgresDatabase(url, 4);
  try {
    const store = new EventStore(db);
    const source = workerSource({
      // About 2.4 events per person: enough for the run, with a margin.
      persons: Math.ceil((options.rate * options.seconds) / 2) + 10_000,
      seed: options.seed,
      ...(options.inPlace
        ? { startYear: GENERATED_UNTIL + 1, endYear: GENERATED_UNTIL + 2 }
        : { startYear: 1950, endYear: GENERATED_UNTIL }),
    });
    const started = performance.now();
    const deadline = started + options.seconds * 1000;
    let sent = 0;
    const report = { events: 0, conflicts: 0, duplicates: 0 };
    // Each command is appended when due, as a registration service appends one: concurrent
    // commands share the group commit's transactions, however long each takes on a large
    // register. A bounded number wait at once, so that a stalled database stalls the feed.
    const inFlight = new Set<Promise<void>>();
    for await (const command of source.requests) {
      if (performance.now() > deadline) break;
      if (!('prepared' in command)) throw new Error('the generator yields prepared commands');
      const due = started + (sent / options.rate) * 1000;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      sent += command.eventCount;
      const appended = store.appendPrepared(command).then(
        (result) => {
          if (result.duplicate) report.duplicates += 1;
          else report.events += command.eventCount;
        },
        (error: unknown) => {
          if (!(error instanceof WrongExpectedVersionError)) throw error;
          report.conflicts += 1;
        },
      );
      inFlight.add(appended);
      void appended.finally(() => inFlight.delete(appended)).catch(() => undefined);
      if (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(`${JSON.stringify({ ...report, seconds })}\n`);
  } finally {
    await db.close();
  }
}
