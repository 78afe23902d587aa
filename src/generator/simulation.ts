/**
 * The synthetic country, year by year. Each year: its births are drawn (region by census
 * share, mother from the married women of the region), the marriage market of the year is
 * paired, then every action that falls due that year (registrations, marriages noted,
 * divorces, deaths, digitisations, rectifications) runs in date order through the Recorder.
 *
 * The parts share one World, hence one random stream: the order in which they are created
 * and called here is the order of the draws, and so what a seed produces.
 */
import type { AppendRequest } from '../eventstore';
import { InvalidCommand, RuleViolation } from '../domain';
import type { Recorder } from './acts';
import { MarriageMarket } from './marriages';
import { apportionYears, Population } from './population';
import { yearStart } from './random';
import { Registrar } from './registration';
import { World, type SimulationOptions } from './world';

export { ELECTRONIC_FROM, type SimulationOptions } from './world';

export class Simulation {
  readonly recorder: Recorder;
  /** Commands a decider refused (the simulation's checks should make this 0). */
  rejected = 0;
  private readonly world: World;
  private readonly market: MarriageMarket;
  private readonly population: Population;
  private readonly registrar: Registrar;

  constructor(private readonly options: SimulationOptions) {
    this.world = new World(options);
    this.recorder = this.world.recorder;
    this.market = new MarriageMarket(this.world);
    this.population = new Population(this.world, this.market);
    this.registrar = new Registrar(this.world, this.market, this.population);
  }

  *run(): Generator<AppendRequest> {
    const { startYear, endYear, persons } = this.options;
    const years = endYear - startYear + 1;
    const counts = apportionYears(persons, startYear, years);
    for (let y = startYear; y <= endYear; y++) {
      this.population.births(y, counts[y - startYear] ?? 0);
      this.market.pair(y);
      for (const action of this.world.takeYear(y)) {
        try {
          yield* this.registrar.act(action);
        } catch (error) {
          if (!(error instanceof RuleViolation || error instanceof InvalidCommand)) throw error;
          this.rejected++;
        }
      }
      this.population.closeYear();
      this.market.compact(yearStart(y + 1));
    }
  }
}
