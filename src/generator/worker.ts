/**
 * The simulation's thread. Generating (deciders, evolve, Hijri dates) costs about as much
 * CPU as preparing and hashing the events does. This thread simulates and also prepares
 * (serialises, hashes) each command, so the main thread only numbers, chains and writes. Batches go across by structured
 * clone, which keeps shared objects (names, places, actors) shared instead of copying them
 * per event as JSON would, and only on credit from the main thread, so the simulation never
 * runs more than a few batches ahead of the database.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { packLines, prepareAppend, type AppendRequest, type PreparedCommand } from '../eventstore';
import { Simulation, type SimulationOptions } from './simulation';

export type FromWorker =
  | { kind: 'batch'; requests: PreparedCommand[]; persons: number }
  | { kind: 'done'; persons: number; rejected: number };

export interface ToWorker {
  credit: number;
}

const BATCH = 500;

function serve(port: NonNullable<typeof parentPort>, options: SimulationOptions): void {
  const simulation = new Simulation(options);
  const requests = simulation.run();
  let credit = 0;
  let finished = false;
  const post = (message: FromWorker) => port.postMessage(message);
  port.on('message', (message: ToWorker) => {
    credit += message.credit;
    while (credit > 0 && !finished) {
      const batch: PreparedCommand[] = [];
      while (batch.length < BATCH) {
        const next: IteratorResult<AppendRequest> = requests.next();
        if (next.done) {
          finished = true;
          break;
        }
        // Serialising and hashing here too keeps the main thread for the database.
        batch.push(prepareAppend(next.value));
      }
      credit--;
      const persons = simulation.recorder.persons;
      if (batch.length > 0) {
        const transfer = packLines(batch);
        port.postMessage({ kind: 'batch', requests: batch, persons } satisfies FromWorker, [
          transfer,
        ]);
      }
      if (finished) {
        post({ kind: 'done', persons, rejected: simulation.rejected });
        port.close();
      }
    }
  });
}

if (parentPort) serve(parentPort, workerData as SimulationOptions);
