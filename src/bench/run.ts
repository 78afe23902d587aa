import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, totalmem } from 'node:os';
import {
  appendBench,
  bulkBench,
  bulkFromWorkerBench,
  readAllBench,
  withBenchStore,
} from './store-bench';

export interface BenchOptions {
  events?: number;
  concurrency: number;
  preload?: number;
  runs: number;
  compare?: boolean;
  /** lag: appended events per second; http: seconds per scenario. */
  rate?: number;
  seconds?: number;
  seed?: number;
  only?: string;
  /** http: persons (and names) drawn from the register. */
  sample?: number;
  /** http: seconds of load before each scenario's measurement. */
  warmup?: number;
  /** lag: on the register at DATABASE_URL rather than a scratch one. */
  inPlace?: boolean;
}

const print = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

const SHARED_BENCH = join(__dirname, '..', '..', '..', 'shared', 'bench');

/** The peer and the database ceiling, measured on the same server in the same run. */
function compare(url: string, events: number, concurrency: number) {
  if (!existsSync(SHARED_BENCH)) {
    process.stderr.write(`--compare: ${SHARED_BENCH} not found, skipped\n`);
    return;
  }
  for (const [script, args] of [
    ['pg-ceiling.sh', [url, '15', String(concurrency)]],
    ['peer-append.sh', [url, String(events), String(concurrency)]],
  ] as const) {
    const out = execFileSync('bash', [join(SHARED_BENCH, script), ...args], { encoding: 'utf8' });
    for (const line of out.split('\n').filter((l) => l.startsWith('{')))
      print(JSON.parse(line) as object);
  }
}

export async function runBench(scenario: string, o: BenchOptions): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('benchmarks run on PostgreSQL: set DATABASE_URL');
  print({
    system: 'machine',
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    at: new Date().toISOString(),
  });
  const scenarios = scenario === 'store' ? ['append', 'bulk-append', 'read-all'] : [scenario];
  if (o.compare) compare(url, o.events ?? 20_000, o.concurrency);
  for (let run = 1; run <= o.runs; run++) {
    for (const s of scenarios) {
      switch (s) {
        case 'append':
          print({
            run,
            ...(await withBenchStore(url, (st) =>
              appendBench(st, o.events ?? 20_000, o.concurrency),
            )),
          });
          break;
        case 'bulk-append':
          print({
            run,
            ...(await withBenchStore(url, (st) => bulkBench(st, o.events ?? 500_000))),
          });
          print({
            run,
            ...(await withBenchStore(url, (st) => bulkFromWorkerBench(st, o.events ?? 500_000))),
          });
          break;
        case 'read-all':
          print({
            run,
            ...(await withBenchStore(url, async (st) => {
              await bulkBench(st, o.events ?? 500_000);
              // Steady state: autovacuum would otherwise run on the fresh rows mid-read.
              await st.db.exec('vacuum analyze events');
              print({ run, ...(await readAllBench(st)) });
              return readAllBench(st, 5000, true);
            })),
          });
          break;
        case 'append-at-scale':
          await withBenchStore(url, async (st) => {
            const events = o.events ?? 20_000;
            print({ run, stored: 0, ...(await appendBench(st, events, o.concurrency, 'empty')) });
            const preload = o.preload ?? 10_000_000;
            const loaded = await bulkBench(st, preload, 'preload');
            print({ run, ...loaded, scenario: 'preload' });
            await st.db.exec('vacuum analyze events');
            print({
              run,
              stored: preload,
              ...(await appendBench(st, events, o.concurrency, 'loaded')),
            });
          });
          break;
        case 'rebuild': {
          const { rebuildBench } = await import('./projections-bench');
          print({ run, ...(await rebuildBench(url)) });
          break;
        }
        case 'rebuild-ceiling': {
          const { rebuildCeilingBench } = await import('./ceiling-bench');
          print({ run, ...(await rebuildCeilingBench(url)) });
          break;
        }
        case 'lag': {
          const { lagBench } = await import('./projections-bench');
          print({
            run,
            ...(await lagBench(url, {
              rate: o.rate ?? 2000,
              seconds: o.seconds ?? 60,
              seed: o.seed ?? 1000 + run,
              inPlace: o.inPlace ?? false,
            })),
          });
          break;
        }
        case 'lag-feed': {
          const { feedAtRate } = await import('./projections-bench');
          await feedAtRate(url, {
            rate: o.rate ?? 2000,
            seconds: o.seconds ?? 60,
            seed: o.seed ?? 1,
            inPlace: o.inPlace ?? false,
          });
          return;
        }
        case 'http': {
          const { httpBench } = await import('./http-bench');
          for (const line of await httpBench(url, {
            seconds: o.seconds ?? 20,
            connections: o.concurrency === 64 ? 50 : o.concurrency,
            only: o.only,
            sample: o.sample,
            warmup: o.warmup ?? 5,
          }))
            print({ run, ...line });
          break;
        }
        case 'history': {
          const { benchHistory } = await import('./history-bench');
          await benchHistory(url, o.events ?? 2000);
          break;
        }
        case 'extract': {
          const { benchExtract } = await import('./extract-bench');
          await benchExtract({
            documents: o.events ?? 200,
            print: (line) => print({ run, ...line }),
          });
          break;
        }
        default:
          throw new Error(`unknown scenario ${s}`);
      }
    }
  }
}
