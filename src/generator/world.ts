/**
 * What every part of the simulation shares: its options, the one random stream (a seed gives
 * the same register only if every draw comes in the same order), the Recorder, the geography,
 * and the agenda. Actions are filed under the year of their registration date, so register
 * books are filled in order and a book is never reopened once its year is over.
 */
import type { ParentDetails } from '../domain';
import { Recorder } from './acts';
import { buildGeography, type Geography } from './geography';
import type { Sim } from './people';
import { Random, yearOfDay, yearStart } from './random';

export interface SimulationOptions {
  persons: number;
  seed: number;
  startYear: number;
  endYear: number;
}

/** Born before this year: a paper act, digitised later. */
export const ELECTRONIC_FROM = 1991;
/** From this year, paper acts not yet needed by the electronic register are digitised anyway. */
export const CAMPAIGN_FROM = 2010;

export type Action =
  | { kind: 'birth'; day: number; child: Sim; late: boolean; filiation: Filiation }
  | { kind: 'marriage'; day: number; husband: Sim; wife: Sim; date: number; polygamy: boolean }
  | { kind: 'divorce'; day: number; husband: Sim; wife: Sim; date: number }
  | { kind: 'death' | 'digitise' | 'rectify' | 'rename'; day: number; p: Sim };

export type Filiation =
  | { kind: 'both'; father: Sim | ParentDetails; mother: Sim | ParentDetails }
  | { kind: 'unknown-father'; mother: Sim | ParentDetails }
  | { kind: 'unknown-parents' };

export class World {
  readonly random: Random;
  readonly recorder: Recorder;
  readonly geo: Geography = buildGeography();
  /** The last day simulated. */
  readonly endDay: number;
  /** The first day of the electronic register (or of the simulation, if later). */
  readonly electronicDay: number;
  private readonly agenda = new Map<number, Action[]>();
  private references = 0;

  constructor(readonly options: SimulationOptions) {
    this.random = new Random(options.seed);
    this.recorder = new Recorder(options.seed, this.random);
    this.endDay = yearStart(options.endYear + 1) - 1;
    this.electronicDay = yearStart(Math.max(ELECTRONIC_FROM, options.startYear));
  }

  schedule(action: Action): void {
    const year = yearOfDay(action.day);
    const list = this.agenda.get(year);
    if (list) list.push(action);
    else this.agenda.set(year, [action]);
  }

  /** The actions registered in `year`, in date order, removed from the agenda. */
  takeYear(year: number): Action[] {
    const actions = this.agenda.get(year) ?? [];
    this.agenda.delete(year);
    actions.sort((a, b) => a.day - b.day);
    return actions;
  }

  reference(prefix: string, day: number): string {
    return `${prefix}/${yearOfDay(day)}/${++this.references}`;
  }
}
