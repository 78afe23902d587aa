/**
 * Generates a synthetic national register: a population simulated from 1950 (by default)
 * whose every act goes through the domain deciders, streamed into the event store with
 * appendBulk so that memory holds only the living, not the events.
 */
import type { AppendRequest, EventStore } from '../eventstore';
import { Simulation } from './simulation';

export interface GenerateOptions {
  persons: number;
  seed?: number;
  startYear?: number;
  endYear?: number;
  onProgress?: (progress: { persons: number; events: number }) => void;
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

export async function generateRegister(
  store: EventStore,
  options: GenerateOptions,
): Promise<GenerateResult> {
  const startYear = options.startYear ?? 1950;
  const endYear = options.endYear ?? 2024;
  if (!Number.isInteger(options.persons) || options.persons < 1) {
    throw new RangeError('persons: a positive whole number');
  }
  if (startYear < 1915 || endYear < startYear || endYear < 1991) {
    throw new RangeError('years: 1915 <= startYear <= endYear, and endYear >= 1991');
  }
  const simulation = new Simulation({
    persons: options.persons,
    seed: options.seed ?? 1,
    startYear,
    endYear,
  });
  const t0 = performance.now();
  // An async generator so that appendBulk pulls commands as it writes: the simulation
  // never runs more than a chunk ahead of the database.
  async function* requests(): AsyncGenerator<AppendRequest> {
    yield* simulation.run();
  }
  const report = await store.appendBulk(requests(), {
    chunkSize: 5000,
    onProgress: (p) =>
      options.onProgress?.({ persons: simulation.recorder.persons, events: p.events }),
  });
  if (report.conflicts > 0) {
    const first = report.conflictDetails[0];
    throw new Error(
      `${report.conflicts} commands conflicted (first: ${first?.commandId}: ${first?.error.message}); was the database used by another generation?`,
    );
  }
  const seconds = (performance.now() - t0) / 1000;
  return {
    persons: simulation.recorder.persons,
    events: report.events,
    seconds: Math.round(seconds * 100) / 100,
    eventsPerSec: Math.round(report.events / seconds),
    rejected: simulation.rejected,
    duplicates: report.duplicates,
  };
}
