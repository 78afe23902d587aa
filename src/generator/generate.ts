/**
 * Generates a synthetic national register: a population simulated from 1950 (by default)
 * whose every act goes through the domain deciders, streamed into the event store with
 * appendBulk so that memory holds the living, not the events.
 */
import { totalmem } from 'node:os';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AppendRequest, EventStore, PreparedCommand } from '../eventstore';
import { Simulation, type SimulationOptions } from './simulation';
import type { FromWorker, ToWorker } from './worker';

export interface GenerateOptions {
  persons: number;
  seed?: number;
  startYear?: number;
  endYear?: number;
  onProgress?: (progress: { persons: number; events: number }) => void;
  /** Simulate on the calling thread instead of a worker (slower; easier to debug). */
  inline?: boolean;
}

export interface GenerateResult {
  persons: number;
  events: number;
  seconds: number;
  eventsPerSec: number;
  /** Commands the deciders refused; the simulation avoids them, so this should be 0. */
  rejected: number;
  /** Commands already stored by an earlier run with the same seed (nothing appended). */
  duplicates: number;
}

export interface Source {
  requests: Iterable<AppendRequest> | AsyncIterable<PreparedCommand>;
  persons: () => number;
  rejected: () => number;
}

export function inlineSource(options: SimulationOptions): Source {
  const simulation = new Simulation(options);
  return {
    requests: simulation.run(),
    persons: () => simulation.recorder.persons,
    rejected: () => simulation.rejected,
  };
}

/** Old generation of the simulation's thread: 60 % of the machine's memory, at least 8 GB. */
function simulationHeapMb(): number {
  return Math.max(8192, Math.floor((totalmem() / 2 ** 20) * 0.6));
}

export function workerSource(options: SimulationOptions): Source {
  const file = join(__dirname, `worker${extname(__filename)}`);
  // Run from TypeScript sources (tests, `node -r @swc-node/register`): the thread needs the hook.
  const execArgv = file.endsWith('.ts') ? ['-r', '@swc-node/register'] : [];
  // A young generation large enough for a batch in flight: most objects then die young
  // instead of being copied to the old generation (measured: a third less GC time).
  const worker = new Worker(file, {
    workerData: options,
    execArgv,
    // The simulation keeps every living person (~700 bytes each). With a fixed 8 GB it
    // spent 87 % of its time collecting past 15 million events of a 10-million register
    // (profiled): a heap sized to the machine, like a rebuild's.
    resourceLimits: { maxYoungGenerationSizeMb: 96, maxOldGenerationSizeMb: simulationHeapMb() },
  });
  const state = { persons: 0, rejected: 0, done: false, failure: undefined as Error | undefined };
  const queue: PreparedCommand[][] = [];
  let wake: (() => void) | undefined;
  const signal = () => {
    wake?.();
    wake = undefined;
  };
  worker.on('message', (message: FromWorker) => {
    state.persons = message.persons;
    if (message.kind === 'batch') queue.push(message.requests);
    else {
      state.rejected = message.rejected;
      state.done = true;
    }
    signal();
  });
  worker.on('error', (error) => {
    state.failure = error;
    signal();
  });
  worker.on('exit', (code) => {
    if (!state.done && !state.failure)
      state.failure = new Error(`generator thread exited (${code})`);
    signal();
  });
  const credit = (n: number) => worker.postMessage({ credit: n } satisfies ToWorker);
  async function* requests(): AsyncGenerator<PreparedCommand> {
    try {
      credit(20);
      for (;;) {
        const batch = queue.shift();
        if (batch !== undefined) {
          credit(1);
          yield* batch;
        } else if (state.failure) throw state.failure;
        else if (state.done) return;
        else await new Promise<void>((resolve) => (wake = resolve));
      }
    } finally {
      if (!state.done) await worker.terminate();
    }
  }
  return { requests: requests(), persons: () => state.persons, rejected: () => state.rejected };
}

/** The last year a generated register simulates, unless told otherwise. */
export const GENERATED_UNTIL = 2024;

export async function generateRegister(
  store: EventStore,
  options: GenerateOptions,
): Promise<GenerateResult> {
  const startYear = options.startYear ?? 1950;
  const endYear = options.endYear ?? GENERATED_UNTIL;
  if (!Number.isInteger(options.persons) || options.persons < 1) {
    throw new RangeError('persons: a positive whole number');
  }
  if (startYear < 1915 || endYear < startYear || endYear < 1991) {
    throw new RangeError('years: 1915 <= startYear <= endYear, and endYear >= 1991');
  }
  const simulation: SimulationOptions = {
    persons: options.persons,
    seed: options.seed ?? 1,
    startYear,
    endYear,
  };
  const t0 = performance.now();
  const source = options.inline ? inlineSource(simulation) : workerSource(simulation);
  const report = await store.appendBulk(source.requests, {
    chunkSize: 10000,
    onProgress: (p) => options.onProgress?.({ persons: source.persons(), events: p.events }),
  });
  if (report.conflicts > 0) {
    const first = report.conflictDetails[0];
    throw new Error(
      `${report.conflicts} commands conflicted (first ${first?.commandId}: ${first?.error.message}): is another generation writing to this database?`,
    );
  }
  const seconds = (performance.now() - t0) / 1000;
  return {
    persons: source.persons(),
    events: report.events,
    seconds: Math.round(seconds * 100) / 100,
    eventsPerSec: Math.round(report.events / seconds),
    rejected: source.rejected(),
    duplicates: report.duplicates,
  };
}
