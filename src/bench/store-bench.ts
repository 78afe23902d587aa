/**
 * Event-store benchmarks. The event is the one the peer and ceiling scripts write (a
 * birth registration of ~400 bytes), one new stream per command, as a civil-status
 * office registering births would.
 */
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  EventStore,
  PostgresDatabase,
  migrate,
  type AppendRequest,
  type PreparedCommand,
} from '../eventstore';
import { withScratchDatabase } from './bench-db';
import { quantile } from './quantile';

export interface BenchResult {
  system: 'sijill';
  scenario: string;
  events: number;
  eventsPerSec: number;
  [key: string]: unknown;
}

export function birthEvent(i: number) {
  return {
    type: 'BirthRegistered',
    data: {
      act: { office: `BEC-${i % 2405}`, year: 2025, number: i },
      child: {
        firstName: { ar: 'محمد', lat: 'Mohammed' },
        familyName: { ar: 'العلوي', lat: 'El Alaoui' },
        sex: i % 2 ? 'M' : 'F',
      },
      birth: {
        date: '2025-05-12',
        place: { commune: `C${i % 1503}`, province: `P${i % 75}`, region: `R${i % 12}` },
      },
      father: { personId: String(1000000000 + i) },
      mother: { personId: String(2000000000 + i) },
    },
    metadata: { actor: { userId: 'U-123', role: 'registrar', office: `BEC-${i % 2405}` } },
  };
}

export function birthCommand(run: string, i: number): AppendRequest {
  return {
    commandId: `${run}-${i}`,
    streams: [
      { streamId: `person-${run}-${i}`, expectedVersion: 'no_stream', events: [birthEvent(i)] },
    ],
  };
}

export async function appendBench(
  store: EventStore,
  events: number,
  concurrency: number,
  run = Date.now().toString(36),
): Promise<BenchResult> {
  // Warm the pool and the plans.
  await Promise.all(
    Array.from({ length: concurrency }, (_, i) => store.append(birthCommand(`${run}w`, i))),
  );
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < events; i = next++) {
        const s = performance.now();
        await store.append(birthCommand(run, i));
        latencies.push(performance.now() - s);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    system: 'sijill',
    scenario: 'append-new-stream',
    events,
    concurrency,
    eventsPerSec: Math.round(events / seconds),
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
  };
}

/**
 * CPU time of this process (all its threads) per event since `start`: on a shared machine
 * it moves far less between runs than the wall-clock rate does.
 */
const cpuPerEvent = (start: NodeJS.CpuUsage, events: number) => {
  const used = process.cpuUsage(start);
  return Number(((used.user + used.system) / Math.max(1, events)).toFixed(2));
};

export async function bulkBench(store: EventStore, events: number, run = Date.now().toString(36)) {
  function* commands() {
    for (let i = 0; i < events; i++) yield birthCommand(`${run}b`, i);
  }
  const t0 = performance.now();
  const cpu = process.cpuUsage();
  const report = await store.appendBulk(commands(), {
    chunkSize: 10_000,
  });
  const seconds = (performance.now() - t0) / 1000;
  return {
    system: 'sijill',
    scenario: 'bulk-append',
    events: report.events,
    eventsPerSec: Math.round(report.events / seconds),
    nodeCpuUsPerEvent: cpuPerEvent(cpu, report.events),
  } satisfies BenchResult;
}

/**
 * Reads the whole log in pages. `parse` also parses every event's data and metadata
 * (the store leaves them as JSON text until first read).
 */
/** Bulk append of commands prepared on a worker thread (see bulk-worker.ts). */
export async function bulkFromWorkerBench(
  store: EventStore,
  events: number,
  run = Date.now().toString(36),
): Promise<BenchResult> {
  const file = join(__dirname, `bulk-worker${extname(__filename)}`);
  const worker = new Worker(file, {
    workerData: { run: `${run}w`, events },
    execArgv: file.endsWith('.ts') ? ['-r', '@swc-node/register'] : [],
  });
  const queue: PreparedCommand[][] = [];
  let done = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  worker.on('message', (m: { batch: PreparedCommand[]; done: boolean }) => {
    queue.push(m.batch);
    done ||= m.done;
    wake?.();
  });
  worker.on('error', (error) => {
    failure = error;
    wake?.();
  });
  worker.on('exit', (code) => {
    failure ??= done ? undefined : new Error(`bulk worker exited (${code})`);
    wake?.();
  });
  async function* commands(): AsyncGenerator<PreparedCommand> {
    worker.postMessage({ credit: 16 });
    for (;;) {
      const batch = queue.shift();
      if (batch) {
        worker.postMessage({ credit: 1 });
        yield* batch;
      } else if (failure) throw failure;
      else if (done) return;
      else await new Promise<void>((resolve) => (wake = resolve));
    }
  }
  const t0 = performance.now();
  const cpu = process.cpuUsage();
  const report = await store.appendBulk(commands(), { chunkSize: 10_000 });
  const seconds = (performance.now() - t0) / 1000;
  const nodeCpuUsPerEvent = cpuPerEvent(cpu, report.events);
  await worker.terminate();
  return {
    system: 'sijill',
    scenario: 'bulk-append-prepared-in-worker',
    events: report.events,
    eventsPerSec: Math.round(report.events / seconds),
    nodeCpuUsPerEvent,
  };
}

export async function readAllBench(
  store: EventStore,
  pageSize = 5000,
  parse = false,
): Promise<BenchResult> {
  let events = 0;
  let check = 0;
  const t0 = performance.now();
  for await (const page of store.readAllPages(0, pageSize)) {
    events += page.length;
    if (parse) for (const e of page) check += e.data === null ? 0 : e.metadata.eventId.length;
  }
  const seconds = (performance.now() - t0) / 1000;
  if (parse && check === 0) throw new Error('no event was parsed');
  return {
    system: 'sijill',
    scenario: parse ? 'read-all-parsed' : 'read-all',
    events,
    pageSize,
    eventsPerSec: Math.round(events / seconds),
  };
}

export async function withBenchStore<T>(
  url: string,
  work: (store: EventStore) => Promise<T>,
  poolSize = 4,
): Promise<T> {
  return withScratchDatabase(url, 'sijill_bench', async (scratch) => {
    const db = new PostgresDatabase(scratch, poolSize);
    try {
      await migrate(db);
      return await work(new EventStore(db));
    } finally {
      await db.close();
    }
  });
}
