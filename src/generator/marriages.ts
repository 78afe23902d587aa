/**
 * The marriage market: each year, the single men and women of a region who entered it that
 * year are paired at random; the unpaired may try again the next year. It also keeps the
 * pools that births and further marriages draw from: married women (the mothers of the births
 * to come) and married men (for the few further marriages a judge authorises).
 *
 * A marriage in the paper era is only remembered on both spouses, to be noted when their acts
 * are digitised; from the electronic era it is scheduled for registration.
 */
import { REGIONS } from './geography';
import { aliveOn, YEAR, type Sim } from './people';
import { yearOfDay, yearStart } from './random';
import { ELECTRONIC_FROM, type World } from './world';

export class MarriageMarket {
  private readonly market = new Map<number, { M: Sim[]; F: Sim[] }[]>();
  /** Married women by region: the mothers of the births to come. */
  private readonly mothers: Sim[][] = REGIONS.map(() => []);
  /** Married men by region, for the few further marriages a judge authorises. */
  private readonly husbands: Sim[][] = REGIONS.map(() => []);

  constructor(private readonly world: World) {}

  enter(p: Sim, year: number): void {
    if (year > this.world.options.endYear || p.death <= yearStart(year)) return;
    let regions = this.market.get(year);
    if (!regions) this.market.set(year, (regions = REGIONS.map(() => ({ M: [], F: [] }))));
    regions[p.commune.region]![p.sex].push(p);
  }

  /** A marriage now on record: the wife may bear children, the husband take a further wife. */
  registered(h: Sim, w: Sim): void {
    this.mothers[w.commune.region]!.push(w);
    this.husbands[h.commune.region]!.push(h);
  }

  pair(year: number): void {
    const regions = this.market.get(year);
    if (!regions) return;
    this.market.delete(year);
    const r = this.world.random;
    const start = yearStart(year);
    const free = (p: Sim) => aliveOn(p, start) && p.spouses.length === 0;
    regions.forEach((pool, region) => {
      const women = r.shuffle(pool.F.filter(free));
      const men = r.shuffle(pool.M.filter(free));
      const pairs = Math.min(women.length, men.length);
      for (let i = 0; i < pairs; i++) {
        const w = women[i]!;
        const date = Math.min(start + r.int(0, 364), this.world.endDay);
        // A few husbands take a further wife, which needs a judge's authorisation.
        const second =
          year >= ELECTRONIC_FROM && r.chance(0.004) ? this.pickHusband(region, date) : undefined;
        if (second) men.push(men[i]!);
        this.marry(second ?? men[i]!, w, date, second !== undefined);
      }
      for (const p of [...women.slice(pairs), ...men.slice(pairs)]) {
        const age = year - yearOfDay(p.born);
        if (age < (p.sex === 'F' ? 40 : 55) && r.chance(0.6)) this.enter(p, year + 1);
      }
    });
  }

  /** A married woman of the region who may bear a child on `day`, if one is found quickly. */
  pickMother(region: number, day: number): Sim | undefined {
    const pool = this.mothers[region]!;
    for (let tries = 0; tries < 12 && pool.length > 0; tries++) {
      const i = this.world.random.int(0, pool.length - 1);
      const w = pool[i]!;
      const age = (day - w.born) / YEAR;
      const husband = w.spouses[0];
      if (!aliveOn(w, day) || age > 45 || !husband) {
        pool[i] = pool[pool.length - 1]!;
        pool.pop();
        continue;
      }
      if (age < 18 || (w.lastChild !== undefined && day - w.lastChild < 450)) continue;
      if (!aliveOn(husband, day - 280)) continue;
      return w;
    }
    return undefined;
  }

  /** An unmarried woman on this year's market of the region, for a birth without a father. */
  pickSingleMother(region: number, day: number): Sim | undefined {
    const women = this.market.get(yearOfDay(day))?.[region]?.F ?? [];
    for (let tries = 0; tries < 5 && women.length > 0; tries++) {
      const w = this.world.random.pick(women);
      const age = (day - w.born) / YEAR;
      if (aliveOn(w, day) && w.spouses.length === 0 && age >= 18 && age <= 40) return w;
    }
    return undefined;
  }

  private pickHusband(region: number, day: number): Sim | undefined {
    const pool = this.husbands[region]!;
    if (pool.length === 0) return undefined;
    const h = this.world.random.pick(pool);
    const age = (day - h.born) / YEAR;
    return aliveOn(h, day) && h.spouses.length >= 1 && h.spouses.length < 4 && age < 65
      ? h
      : undefined;
  }

  private marry(h: Sim, w: Sim, date: number, polygamy: boolean): void {
    if (!aliveOn(h, date) || !aliveOn(w, date)) return;
    if (yearOfDay(date) < ELECTRONIC_FROM) {
      // On paper: nothing is written now; the note is carried over when the act is digitised.
      const reference = this.world.reference('ADL', date);
      h.spouses.push(w);
      w.spouses.push(h);
      h.paperMarriage = { spouse: w, day: date, reference };
      w.paperMarriage = { spouse: h, day: date, reference };
      this.mothers[w.commune.region]!.push(w);
      this.planDivorce(h, w, date);
      return;
    }
    this.world.schedule({
      kind: 'marriage',
      day: Math.min(date + this.world.random.int(7, 60), this.world.endDay),
      husband: h,
      wife: w,
      date,
      polygamy,
    });
  }

  planDivorce(h: Sim, w: Sim, date: number): void {
    const r = this.world.random;
    // About a third of marriages end in divorce, most in the first years.
    if (!r.chance(0.36)) return;
    const divorce = date + 120 + Math.floor(r.exponential(6 * YEAR));
    const day = divorce + r.int(10, 60);
    if (divorce >= this.world.electronicDay && day <= this.world.endDay)
      this.world.schedule({ kind: 'divorce', day, husband: h, wife: w, date: divorce });
  }

  /** Drops from the pools those no longer eligible on `day`, and caps the husbands kept. */
  compact(day: number): void {
    for (let region = 0; region < REGIONS.length; region++) {
      this.mothers[region] = this.mothers[region]!.filter(
        (w) => aliveOn(w, day) && w.spouses.length > 0 && day - w.born < 46 * YEAR,
      );
      const men = this.husbands[region]!.filter((h) => aliveOn(h, day) && h.spouses.length > 0);
      this.husbands[region] = men.length > 2000 ? men.slice(-2000) : men;
    }
  }
}
