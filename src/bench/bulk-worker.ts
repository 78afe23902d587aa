/**
 * The bulk benchmark's producer thread: generates the birth commands of a range, prepares
 * them (serialises, hashes) and posts them in batches, as an import reading a file would.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { packLines, prepareAppend, type PreparedCommand } from '../eventstore';
import { birthCommand } from './store-bench';

const { run, events } = workerData as { run: string; events: number };
const BATCH = 1000;
let credit = 0;
let next = 0;

parentPort?.on('message', (message: { credit: number }) => {
  credit += message.credit;
  while (credit > 0 && next < events) {
    const batch: PreparedCommand[] = [];
    for (const end = Math.min(events, next + BATCH); next < end; next++)
      batch.push(prepareAppend(birthCommand(run, next)));
    credit--;
    parentPort!.postMessage({ batch, done: next >= events }, [packLines(batch)]);
  }
});
