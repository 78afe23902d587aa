/**
 * A rebuild's load in several threads: the projections split into groups of about equal
 * cost, each group folded in a worker thread that reads the log on its own connection
 * (rebuild-worker.ts). Folding is most of a rebuild's time in Node (a profile of the
 * 1-million rebuild: parsing events, the folds and rendering COPY lines kept one thread
 * busy while PostgreSQL used well under a core); threads spread it over the cores. Each
 * thread parses the events its group reads, so events read by both groups are parsed twice.
 */
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { heapShares, type HeapShareOf } from './heap-share';
import type { Projection } from './projection';
import type { Loaded, LoadProgress } from './rebuild-load';

/**
 * Each projection's share of the load's CPU in this thread, from the profile of the
 * 1-million rebuild (2026-11-26): person record and vital statistics each about twice the
 * family links or the name search; the register index little.
 */
const WEIGHT: Record<string, number> = {
  'person-record': 16,
  'vital-statistics': 14,
  'family-links': 8,
  'name-search': 8,
  'register-index': 1,
};

/**
 * The projections in groups, heaviest first into the lightest group, one group per thread;
 * null when the load stays in this thread (one thread asked, or a projection has no
 * rebuilder: `apply` in the fallback reads tables a thread would not see committed).
 */
export function inThreads(projections: readonly Projection[], threads = 1): Projection[][] | null {
  const count = Math.min(threads, projections.length);
  if (count < 2 || projections.some((p) => !p.rebuilder)) return null;
  const groups = Array.from({ length: count }, () => ({ weight: 0, members: [] as Projection[] }));
  const weight = (p: Projection) => WEIGHT[p.name] ?? 1;
  for (const p of [...projections].sort((a, b) => weight(b) - weight(a))) {
    const lightest = groups.reduce((a, b) => (b.weight < a.weight ? b : a));
    lightest.members.push(p);
    lightest.weight += weight(p);
  }
  return groups.map((g) => g.members);
}

export interface WorkerJob {
  url: string;
  names: string[];
  target: number;
  pageSize: number;
  /** This thread's share of the rebuild's heap budget (its buffer is shared, not copied). */
  heap: HeapShareOf;
}

export type FromWorker =
  | ({ kind: 'progress' } & LoadProgress)
  | { kind: 'done'; events: number; upTo: [string, number][]; rebuildersUntil: number | null }
  | { kind: 'failed'; message: string };

export async function loadInThreads(
  url: string,
  groups: readonly (readonly Projection[])[],
  target: number,
  options: { pageSize: number; heapBudget: number; onProgress?: (p: LoadProgress) => void },
): Promise<Loaded> {
  const shares = heapShares(options.heapBudget, groups.length);
  const file = join(__dirname, `rebuild-worker${extname(__filename)}`);
  // Run from TypeScript sources (tests, `sijill` without a build): the thread needs the hook.
  const execArgv = file.endsWith('.ts') ? ['-r', '@swc-node/register'] : [];
  const progress = groups.map(() => ({ position: 0, events: 0 }));
  const workers = groups.map((group, i) => {
    const job: WorkerJob = {
      url,
      names: group.map((p) => p.name),
      target,
      pageSize: options.pageSize,
      heap: shares[i]!,
    };
    return new Worker(file, { workerData: job, execArgv });
  });
  const runs = workers.map(
    (worker, i) =>
      new Promise<Loaded>((resolve, reject) => {
        worker.on('message', (message: FromWorker) => {
          if (message.kind === 'progress') {
            progress[i] = { position: message.position, events: message.events };
            options.onProgress?.({
              position: Math.min(...progress.map((p) => p.position)),
              events: Math.min(...progress.map((p) => p.events)),
            });
          } else if (message.kind === 'done')
            resolve({
              events: message.events,
              upTo: new Map(message.upTo),
              rebuildersUntil: message.rebuildersUntil,
            });
          else reject(new Error(`rebuild thread ${i + 1}: ${message.message}`));
        });
        worker.on('error', reject);
        worker.on('exit', (code) =>
          reject(new Error(`rebuild thread ${i + 1} exited (${code}) before its load was done`)),
        );
      }),
  );
  try {
    const loads = await Promise.all(runs);
    const stops = loads.map((l) => l.rebuildersUntil).filter((p): p is number => p !== null);
    return {
      events: Math.max(...loads.map((l) => l.events)),
      upTo: new Map(loads.flatMap((l) => [...l.upTo])),
      rebuildersUntil: stops.length > 0 ? Math.min(...stops) : null,
    };
  } finally {
    // A thread still loading when another failed: its transactions roll back, and the
    // next rebuild drops what the others wrote.
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
