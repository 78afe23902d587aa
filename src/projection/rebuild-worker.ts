/** A rebuild thread (rebuild-threads.ts): loads one group of projections from zero. */
import { parentPort, workerData } from 'node:worker_threads';
import { projectionNamed } from '../../projections';
import { EventStore, PostgresDatabase } from '../eventstore';
import { loadFromZero } from './rebuild-load';
import type { FromWorker, WorkerJob } from './rebuild-threads';

const job = workerData as WorkerJob;
const send = (message: FromWorker) => parentPort!.postMessage(message);

async function main(): Promise<void> {
  // Each lane runs its transactions one after the other: a connection per lane and one to
  // read the log.
  const db = new PostgresDatabase(job.url, job.names.length + 1);
  try {
    const loaded = await loadFromZero(
      db,
      new EventStore(db),
      job.names.map(projectionNamed),
      job.target,
      {
        pageSize: job.pageSize,
        heap: job.heap,
        onProgress: (p) => send({ kind: 'progress', ...p }),
      },
    );
    send({
      kind: 'done',
      events: loaded.events,
      upTo: [...loaded.upTo],
      rebuildersUntil: loaded.rebuildersUntil,
    });
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) =>
  send({
    kind: 'failed',
    message: error instanceof Error ? (error.stack ?? error.message) : String(error),
  }),
);
