/**
 * The synthetic country, year by year. Each year: its births are drawn (region by census
 * share, mother from the married women of the region), the marriage market of the year is
 * paired, then every action that falls due that year (registrations, marriages noted,
 * divorces, deaths, digitisations, rectifications) runs in date order through the Recorder.
 * Actions are filed under the year of their registration date, so register books are filled
 * in order and a book is never reopened once its year is over.
 *
 * Before 1991 ("paper era") acts exist only on paper: people born 1950-1990 are digitised
 * later, when the electronic register first needs them (their marriage, a child's birth,
 * their death, a rectification) or else during the digitisation campaign from 2010.
 */
import type { AppendRequest } from '../eventstore';
import {
  InvalidCommand,
  RuleViolation,
  recordOf,
  type Declarant,
  type DivorceKind,
  type FiliationInput,
  type FullName,
  type LegalBasis,
  type ParentDetails,
  type Sex,
  type Transcription,
} from '../domain';
import { Recorder } from './acts';
import { buildGeography, REGIONS, type Commune, type Geography } from './geography';
import { ABD, entryOf, FAMILY, FEMALE, MALE, otherSpelling, spell, type NameEntry } from './names';
import { aliveOn, clockTime, idcsFor, lifespanDays, marriageAge, Sim, YEAR } from './people';
import { Random, isoDay, yearOfDay, yearStart } from './random';

export interface SimulationOptions {
  persons: number;
  seed: number;
  startYear: number;
  endYear: number;
}

/** Born before this year: a paper act, digitised later. */
export const ELECTRONIC_FROM = 1991;
const CAMPAIGN_FROM = 2010;
const ICD10 = ['I21', 'I64', 'E11', 'J18', 'C34', 'N18', 'I50', 'K74', 'A41', 'V89', 'P07', 'J44'];

type Action =
  | { kind: 'birth'; day: number; child: Sim; late: boolean; filiation: Filiation }
  | { kind: 'marriage'; day: number; husband: Sim; wife: Sim; date: number; polygamy: boolean }
  | { kind: 'divorce'; day: number; husband: Sim; wife: Sim; date: number }
  | { kind: 'death' | 'digitise' | 'rectify' | 'rename'; day: number; p: Sim };

type Filiation =
  | { kind: 'both'; father: Sim | ParentDetails; mother: Sim | ParentDetails }
  | { kind: 'unknown-father'; mother: Sim | ParentDetails }
  | { kind: 'unknown-parents' };

/** Registered births a year, in thousands: the shape of Morocco's curve, scaled to `persons`. */
const BIRTH_CURVE: [number, number][] = [
  [1950, 420],
  [1960, 520],
  [1970, 620],
  [1980, 690],
  [1990, 680],
  [2000, 620],
  [2010, 640],
  [2020, 600],
  [2024, 540],
  [2100, 540],
];

function birthWeight(year: number): number {
  for (let i = 1; i < BIRTH_CURVE.length; i++) {
    const [y1, w1] = BIRTH_CURVE[i]!;
    const [y0, w0] = BIRTH_CURVE[i - 1]!;
    if (year <= y1) return w0 + ((w1 - w0) * (Math.max(year, y0) - y0)) / (y1 - y0);
  }
  return 540;
}

export class Simulation {
  readonly recorder: Recorder;
  /** Commands a decider refused (the simulation's checks should make this 0). */
  rejected = 0;
  private readonly random: Random;
  private readonly geo: Geography = buildGeography();
  private readonly agenda = new Map<number, Action[]>();
  private readonly market = new Map<number, { M: Sim[]; F: Sim[] }[]>();
  /** Married women by region: the mothers of the births to come. */
  private readonly mothers: Sim[][] = REGIONS.map(() => []);
  /** Married men by region, for the few further marriages a judge authorises. */
  private readonly husbands: Sim[][] = REGIONS.map(() => []);
  private paperNumbers = new Map<string, number>();
  private counter = 0;
  private references = 0;
  private readonly idcsOffset: number;
  private readonly endDay: number;
  private readonly electronicDay: number;

  constructor(private readonly options: SimulationOptions) {
    this.random = new Random(options.seed);
    this.recorder = new Recorder(options.seed, this.random);
    this.idcsOffset = this.random.int(0, 899_999_999);
    this.endDay = yearStart(options.endYear + 1) - 1;
    this.electronicDay = yearStart(Math.max(ELECTRONIC_FROM, options.startYear));
  }

  *run(): Generator<AppendRequest> {
    const { startYear, endYear, persons } = this.options;
    const years = endYear - startYear + 1;
    const counts = apportionYears(persons, startYear, years);
    for (let y = startYear; y <= endYear; y++) {
      this.births(y, counts[y - startYear] ?? 0);
      this.pairMarket(y);
      const actions = this.agenda.get(y) ?? [];
      this.agenda.delete(y);
      actions.sort((a, b) => a.day - b.day);
      for (const action of actions) {
        try {
          yield* this.act(action);
        } catch (error) {
          if (!(error instanceof RuleViolation || error instanceof InvalidCommand)) throw error;
          this.rejected++;
        }
      }
      this.paperNumbers = new Map();
      this.compactPools(yearStart(y + 1));
    }
  }

  private schedule(action: Action): void {
    const year = yearOfDay(action.day);
    const list = this.agenda.get(year);
    if (list) list.push(action);
    else this.agenda.set(year, [action]);
  }

  private reference(prefix: string, day: number): string {
    return `${prefix}/${yearOfDay(day)}/${++this.references}`;
  }

  // ---- births ---------------------------------------------------------------------------

  private births(year: number, count: number): void {
    const r = this.random;
    const start = yearStart(year);
    const days = Math.min(yearStart(year + 1), this.endDay + 1) - start;
    const specs: { region: number; commune: Commune; born: number }[] = [];
    for (let i = 0; i < count; i++) {
      const region = r.weighted(this.geo.regionWeights);
      const communes = this.geo.communes[region]!;
      const commune = communes[r.weighted(this.geo.communeWeights[region]!)]!;
      specs.push({ region, commune, born: start + r.int(0, days - 1) });
    }
    specs.sort((a, b) => a.born - b.born);
    for (const spec of specs) {
      if (year < ELECTRONIC_FROM) this.paperBirth(spec.commune, spec.born);
      else this.plannedBirth(spec.commune, spec.born);
    }
  }

  private newPerson(
    commune: Commune,
    born: number,
    sex: Sex,
    given: NameEntry,
    family: NameEntry,
    familyName = spell(family, this.random),
  ): Sim {
    return new Sim(
      idcsFor(this.counter++, this.idcsOffset),
      sex,
      born,
      { given: spell(given, this.random), family: familyName },
      given,
      family,
      commune,
      born + lifespanDays(yearOfDay(born), this.random),
    );
  }

  /** Children take the father's family name, often in the spelling of his own act. */
  private childFamilyName(father: Sim | ParentDetails | undefined): {
    entry: NameEntry;
    form?: FullName['family'];
  } {
    if (father instanceof Sim) {
      return {
        entry: father.family,
        form: this.random.chance(0.85) ? father.name.family : undefined,
      };
    }
    const entry = (father && entryOf(father.name.family.ar)) ?? this.random.pick(FAMILY);
    return { entry };
  }

  private paperBirth(commune: Commune, born: number): void {
    const r = this.random;
    const mother = this.pickMother(commune.region, born);
    const father = mother?.spouses[0];
    const sex: Sex = r.chance(0.512) ? 'M' : 'F';
    const family = this.childFamilyName(father);
    const p = this.newPerson(
      commune,
      born,
      sex,
      r.pick(sex === 'M' ? MALE : FEMALE),
      family.entry,
      family.form,
    );
    if (mother) mother.lastChild = born;
    // Survivors only: people who died before the electronic register are not generated.
    if (p.death < this.electronicDay)
      p.death = this.electronicDay + r.int(0, Math.floor(25 * YEAR));
    const office = r.pick(commune.offices);
    const n = (this.paperNumbers.get(office) ?? 0) + 1;
    this.paperNumbers.set(office, n);
    const year = yearOfDay(born);
    const iso = isoDay(born);
    // French-era acts were often kept in Latin script only; old acts often give only a year.
    const latinOnly = year < 1958 && r.chance(0.4);
    const script = (name: FullName) =>
      latinOnly
        ? {
            given: { lat: name.given.lat ?? name.given.ar },
            family: { lat: name.family.lat ?? name.family.ar },
          }
        : name;
    const yearOnly = r.chance(year < 1970 ? 0.35 : 0.12);
    const transcription: Transcription = {
      name: script(p.name),
      sex,
      born: { date: yearOnly ? iso.slice(0, 4) : iso, place: commune.place },
      father: { name: script(father?.name ?? this.offRegisterName('M', family.entry)) },
      mother: { name: script(mother?.name ?? this.offRegisterName('F')) },
    };
    const key = {
      office,
      year,
      actNumber: n,
      volume: String(1 + Math.floor((n - 1) / 300)),
      folio: String(1 + Math.floor(((n - 1) % 300) / 2)),
    };
    p.paper = { key, transcription };
    this.plan(p, this.electronicDay);
  }

  private offRegisterName(sex: Sex, family?: NameEntry): FullName {
    return {
      given: spell(this.random.pick(sex === 'M' ? MALE : FEMALE), this.random),
      family: spell(family ?? this.random.pick(FAMILY), this.random),
    };
  }

  private offRegisterParent(sex: Sex, childBorn: number, family?: NameEntry): ParentDetails {
    const year =
      yearOfDay(childBorn) - this.random.int(sex === 'M' ? 24 : 19, sex === 'M' ? 50 : 42);
    return { name: this.offRegisterName(sex, family), born: { date: String(year) } };
  }

  private plannedBirth(commune: Commune, born: number): void {
    const r = this.random;
    let filiation: Filiation;
    const draw = r.next();
    if (draw < 0.002) filiation = { kind: 'unknown-parents' };
    else if (draw < 0.027)
      filiation = {
        kind: 'unknown-father',
        mother: this.pickSingleMother(commune.region, born) ?? this.offRegisterParent('F', born),
      };
    else {
      const mother = this.pickMother(commune.region, born);
      const father = mother?.spouses[0];
      filiation =
        mother && father
          ? { kind: 'both', father, mother }
          : {
              kind: 'both',
              father: this.offRegisterParent('M', born),
              mother: this.offRegisterParent('F', born),
            };
    }
    if (
      filiation.kind !== 'unknown-parents' &&
      'idcs' in filiation.mother &&
      'lastChild' in filiation.mother
    )
      filiation.mother.lastChild = born;
    const sex: Sex = r.chance(0.512) ? 'M' : 'F';
    const family =
      filiation.kind === 'both'
        ? this.childFamilyName(filiation.father)
        : { entry: r.pick(FAMILY) };
    const child = this.newPerson(
      commune,
      born,
      sex,
      r.pick(sex === 'M' ? MALE : FEMALE),
      family.entry,
      family.form,
    );
    // About 12 % of births are registered late, on a declaratory judgment (DOMAIN.md).
    let late = r.chance(0.1206);
    let day: number;
    if (late) {
      const d = r.next();
      day =
        born +
        (d < 0.6 ? r.int(31, 365) : d < 0.9 ? r.int(366, 5 * 365) : r.int(5 * 365, 10 * 365));
      if (day > this.endDay) late = false;
    }
    if (!late) day = born + r.int(0, 30);
    this.schedule({ kind: 'birth', day: Math.min(day!, this.endDay), child, late, filiation });
  }

  private pickMother(region: number, day: number): Sim | undefined {
    const pool = this.mothers[region]!;
    for (let tries = 0; tries < 12 && pool.length > 0; tries++) {
      const i = this.random.int(0, pool.length - 1);
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

  private pickSingleMother(region: number, day: number): Sim | undefined {
    const women = this.market.get(yearOfDay(day))?.[region]?.F ?? [];
    for (let tries = 0; tries < 5 && women.length > 0; tries++) {
      const w = this.random.pick(women);
      const age = (day - w.born) / YEAR;
      if (aliveOn(w, day) && w.spouses.length === 0 && age >= 18 && age <= 40) return w;
    }
    return undefined;
  }

  /** The future of someone now on record (or on paper): death, marriage, corrections. */
  private plan(p: Sim, from: number): void {
    const r = this.random;
    if (p.death <= this.endDay) {
      // Families declare within 30 days, hospitals within 3; ~7.5 % are registered by judgment.
      const delay = r.chance(0.075) ? r.int(31, 1000) : r.chance(0.35) ? r.int(0, 3) : r.int(1, 30);
      let day = Math.max(p.death + delay, from + r.int(1, 30));
      if (day > this.endDay) day = Math.max(p.death, from);
      if (day <= this.endDay) this.schedule({ kind: 'death', day, p });
    }
    const age = marriageAge(p.sex, r);
    if (age !== null) this.enterMarket(p, yearOfDay(p.born) + age);
    const later = (min: number) => min + r.int(0, Math.max(0, this.endDay - min));
    if (p.paper)
      this.schedule({
        kind: 'digitise',
        day: later(Math.min(yearStart(CAMPAIGN_FROM), this.endDay)),
        p,
      });
    const earliest = Math.max(from + 30, p.born + 30);
    if (earliest <= this.endDay) {
      if (r.chance(0.015)) this.schedule({ kind: 'rectify', day: later(earliest), p });
      if (r.chance(0.002)) this.schedule({ kind: 'rename', day: later(earliest), p });
    }
  }

  // ---- marriages ------------------------------------------------------------------------

  private enterMarket(p: Sim, year: number): void {
    if (year > this.options.endYear || p.death <= yearStart(year)) return;
    let regions = this.market.get(year);
    if (!regions) this.market.set(year, (regions = REGIONS.map(() => ({ M: [], F: [] }))));
    regions[p.commune.region]![p.sex].push(p);
  }

  private pairMarket(year: number): void {
    const regions = this.market.get(year);
    if (!regions) return;
    this.market.delete(year);
    const r = this.random;
    const start = yearStart(year);
    const free = (p: Sim) => aliveOn(p, start) && p.spouses.length === 0;
    regions.forEach((pool, region) => {
      const women = r.shuffle(pool.F.filter(free));
      const men = r.shuffle(pool.M.filter(free));
      const pairs = Math.min(women.length, men.length);
      for (let i = 0; i < pairs; i++) {
        const w = women[i]!;
        const date = Math.min(start + r.int(0, 364), this.endDay);
        // A few husbands take a further wife, which needs a judge's authorisation.
        const second =
          year >= ELECTRONIC_FROM && r.chance(0.004) ? this.pickHusband(region, date) : undefined;
        if (second) men.push(men[i]!);
        this.marry(second ?? men[i]!, w, date, second !== undefined);
      }
      for (const p of [...women.slice(pairs), ...men.slice(pairs)]) {
        const age = year - yearOfDay(p.born);
        if (age < (p.sex === 'F' ? 40 : 55) && r.chance(0.6)) this.enterMarket(p, year + 1);
      }
    });
  }

  private pickHusband(region: number, day: number): Sim | undefined {
    const pool = this.husbands[region]!;
    if (pool.length === 0) return undefined;
    const h = this.random.pick(pool);
    const age = (day - h.born) / YEAR;
    return aliveOn(h, day) && h.spouses.length >= 1 && h.spouses.length < 4 && age < 65
      ? h
      : undefined;
  }

  private marry(h: Sim, w: Sim, date: number, polygamy: boolean): void {
    if (!aliveOn(h, date) || !aliveOn(w, date)) return;
    if (yearOfDay(date) < ELECTRONIC_FROM) {
      // On paper: nothing is written now; the note is carried over when the act is digitised.
      const reference = this.reference('ADL', date);
      h.spouses.push(w);
      w.spouses.push(h);
      h.paperMarriage = { spouse: w, day: date, reference };
      w.paperMarriage = { spouse: h, day: date, reference };
      this.mothers[w.commune.region]!.push(w);
      this.planDivorce(h, w, date);
      return;
    }
    this.schedule({
      kind: 'marriage',
      day: Math.min(date + this.random.int(7, 60), this.endDay),
      husband: h,
      wife: w,
      date,
      polygamy,
    });
  }

  private planDivorce(h: Sim, w: Sim, date: number): void {
    // About a third of marriages end in divorce, most in the first years.
    if (!this.random.chance(0.36)) return;
    const divorce = date + 120 + Math.floor(this.random.exponential(6 * YEAR));
    const day = divorce + this.random.int(10, 60);
    if (divorce >= this.electronicDay && day <= this.endDay)
      this.schedule({ kind: 'divorce', day, husband: h, wife: w, date: divorce });
  }

  private compactPools(day: number): void {
    for (let region = 0; region < REGIONS.length; region++) {
      this.mothers[region] = this.mothers[region]!.filter(
        (w) => aliveOn(w, day) && w.spouses.length > 0 && day - w.born < 46 * YEAR,
      );
      const men = this.husbands[region]!.filter((h) => aliveOn(h, day) && h.spouses.length > 0);
      this.husbands[region] = men.length > 2000 ? men.slice(-2000) : men;
    }
  }

  // ---- actions --------------------------------------------------------------------------

  /** Brings a paper act into the register (with its paper marriage) before anything is noted. */
  private *ensure(p: Sim, day: number): Generator<AppendRequest> {
    if (p.paper) yield this.recorder.digitise(p, day);
    const m = p.paperMarriage;
    if (!m) return;
    const s = m.spouse;
    if (s.paper) yield this.recorder.digitise(s, day);
    p.paperMarriage = undefined;
    s.paperMarriage = undefined;
    const [h, w] = p.sex === 'M' ? [p, s] : [s, p];
    h.spouses = h.spouses.filter((x) => x !== w);
    w.spouses = w.spouses.filter((x) => x !== h);
    const contract = this.adoulAct(h, m.day, m.reference);
    yield this.recorder.marriage(h, w, { date: m.day, day, contract });
  }

  private adoulAct(h: Sim, date: number, reference: string): LegalBasis {
    const capital = REGIONS[h.commune.region]?.capital ?? 'Rabat';
    return {
      kind: 'act',
      authority: `Section de la justice de la famille, ${capital}`,
      reference,
      date: isoDay(date),
    };
  }

  private *act(a: Action): Generator<AppendRequest> {
    switch (a.kind) {
      case 'birth':
        yield* this.registerBirth(a);
        return;
      case 'marriage': {
        const { husband: h, wife: w, date, polygamy } = a;
        if (!aliveOn(h, date) || !aliveOn(w, date) || w.spouses.length > 0) return;
        if (h.spouses.length > (polygamy ? 3 : 0)) return;
        yield* this.ensure(h, a.day);
        yield* this.ensure(w, a.day);
        const further = h.spouses.length > 0;
        const contract = this.adoulAct(h, date, this.reference('ADL', date));
        const authorisation = further
          ? {
              court: h.commune.court,
              reference: this.reference('POLY', date),
              date: isoDay(date - this.random.int(20, 120)),
            }
          : undefined;
        yield this.recorder.marriage(h, w, {
          date,
          day: a.day,
          contract,
          ...(authorisation && { polygamy: authorisation }),
        });
        this.mothers[w.commune.region]!.push(w);
        this.husbands[h.commune.region]!.push(h);
        return this.planDivorce(h, w, date);
      }
      case 'divorce': {
        const { husband: h, wife: w, date } = a;
        if (!h.spouses.includes(w) || !aliveOn(h, date) || !aliveOn(w, date)) return;
        yield* this.ensure(h, a.day);
        yield* this.ensure(w, a.day);
        const draw = this.random.next();
        const kind: DivorceKind =
          draw < 0.45 ? 'mutual-consent' : draw < 0.7 ? 'talaq' : draw < 0.9 ? 'tatliq' : 'khul';
        const basis: LegalBasis =
          kind === 'talaq'
            ? this.adoulAct(h, date, this.reference('TLQ', date))
            : {
                kind: 'judgment',
                court: h.commune.court,
                reference: this.reference('DIV', date),
                date: isoDay(date),
              };
        yield this.recorder.divorce(h, w, { date, day: a.day, kind, basis });
        for (const p of [h, w]) {
          if (this.random.chance(p.sex === 'F' ? 0.4 : 0.6))
            this.enterMarket(p, yearOfDay(date) + this.random.int(1, 3));
        }
        return;
      }
      case 'death':
        yield* this.registerDeath(a.p, a.day);
        return;
      case 'digitise':
        yield* this.ensure(a.p, a.day);
        return;
      case 'rectify':
        yield* this.rectify(a.p, a.day);
        return;
      case 'rename':
        yield* this.rename(a.p, a.day);
        return;
    }
  }

  private parentDetails(p: Sim | ParentDetails): ParentDetails {
    if (!(p instanceof Sim)) return p;
    const born = recordOf(p.state)?.birthDate;
    return {
      idcs: p.idcs,
      name: p.name,
      born: { ...(born && { date: born }), place: p.commune.place },
    };
  }

  private *registerBirth(a: Extract<Action, { kind: 'birth' }>): Generator<AppendRequest> {
    const { child, filiation, day } = a;
    const r = this.random;
    const isSim = (p: Sim | ParentDetails): p is Sim => p instanceof Sim;
    let input: FiliationInput;
    let declarant: Declarant;
    if (filiation.kind === 'unknown-parents') {
      input = { kind: 'unknown-parents' };
      declarant = { relation: 'public-prosecutor', name: this.offRegisterName('M') };
    } else {
      for (const parent of filiation.kind === 'both'
        ? [filiation.father, filiation.mother]
        : [filiation.mother]) {
        if (isSim(parent)) yield* this.ensure(parent, day);
      }
      const mother = this.parentDetails(filiation.mother);
      const person = (p: Sim | ParentDetails, relation: Declarant['relation']): Declarant =>
        isSim(p) ? { relation, name: p.name, idcs: p.idcs } : { relation, name: p.name };
      if (filiation.kind === 'unknown-father') {
        input = { kind: 'unknown-father', mother, fatherGivenName: spell(r.pick(ABD), r) };
        declarant = person(filiation.mother, 'mother');
      } else {
        input = { kind: 'both-parents', father: this.parentDetails(filiation.father), mother };
        const fatherAlive = !isSim(filiation.father) || filiation.father.death > day;
        const motherAlive = !isSim(filiation.mother) || filiation.mother.death > day;
        if (fatherAlive && (r.chance(0.7) || !motherAlive))
          declarant = person(filiation.father, 'father');
        else if (motherAlive) declarant = person(filiation.mother, 'mother');
        else
          declarant = {
            relation: 'testamentary-guardian',
            name: this.offRegisterName('M'),
            whyNotPreceding: 'Père et mère décédés',
          };
      }
    }
    const basis: LegalBasis = a.late
      ? {
          kind: 'judgment',
          court: child.commune.court,
          reference: this.reference('JD', day),
          date: isoDay(day - r.int(2, 20)),
        }
      : { kind: 'declaration' };
    const office = r.pick(child.commune.offices);
    yield this.recorder.birth(child, {
      office,
      time: clockTime(r),
      filiation: input,
      declarant,
      basis,
      regDay: day,
    });
    this.plan(child, day);
  }

  private *registerDeath(p: Sim, day: number): Generator<AppendRequest> {
    if (p.state.status === 'deceased') return;
    yield* this.ensure(p, day);
    const r = this.random;
    const delay = day - p.death;
    const spouse = p.spouses[0];
    const declarant =
      delay <= 3 && r.chance(0.5)
        ? {
            kind: 'institution' as const,
            institution: {
              type: 'hospital' as const,
              name: `Hôpital provincial ${p.commune.place.province}`,
            },
          }
        : spouse
          ? {
              kind: 'family' as const,
              name: spouse.name,
              relation: spouse.sex === 'F' ? 'épouse' : 'époux',
              idcs: spouse.idcs,
            }
          : {
              kind: 'family' as const,
              name: this.offRegisterName('M', p.family),
              relation: r.pick(['fils', 'frère', 'neveu']),
            };
    const limit = declarant.kind === 'institution' ? 3 : 30;
    const basis: LegalBasis =
      delay > limit
        ? {
            kind: 'judgment',
            court: p.commune.court,
            reference: this.reference('JDD', day),
            date: isoDay(day - r.int(1, Math.min(20, delay))),
          }
        : { kind: 'declaration' };
    const office = r.pick(p.commune.offices);
    yield this.recorder.death(p, {
      office,
      place: p.commune.place,
      day,
      declarant,
      basis,
      icd10: r.pick(ICD10),
    });
  }

  private *rectify(p: Sim, day: number): Generator<AppendRequest> {
    if (!aliveOn(p, day)) return;
    yield* this.ensure(p, day);
    const record = recordOf(p.state);
    if (!record) return;
    const r = this.random;
    const authorisation = (): LegalBasis => ({
      kind: 'authorisation',
      authority: `Procureur du Roi près le ${p.commune.court}`,
      reference: this.reference('RECT', day),
      date: isoDay(day - r.int(5, 60)),
    });
    // Old acts that give only a year are completed by a judgment; otherwise a Latin spelling
    // is brought back in line with the Arabic original, a material correction.
    if (record.birthDate?.length === 4) {
      const basis: LegalBasis = {
        kind: 'judgment',
        court: p.commune.court,
        reference: this.reference('JR', day),
        date: isoDay(day - r.int(5, 60)),
      };
      yield this.recorder.rectify(p, {
        day,
        field: 'birthDate',
        oldValue: record.birthDate,
        newValue: isoDay(p.born),
        basis,
      });
      return;
    }
    const given = record.name.given.lat;
    const better = otherSpelling(p.given, given);
    if (given !== undefined && better !== undefined) {
      yield this.recorder.rectify(p, {
        day,
        field: 'givenName.lat',
        oldValue: given,
        newValue: better,
        basis: authorisation(),
      });
      p.name = { ...p.name, given: { ar: p.given.ar, lat: better } };
    }
  }

  private *rename(p: Sim, day: number): Generator<AppendRequest> {
    if (!aliveOn(p, day)) return;
    yield* this.ensure(p, day);
    let family = this.random.pick(FAMILY);
    if (family === p.family) family = FAMILY[(FAMILY.indexOf(family) + 1) % FAMILY.length]!;
    const name = spell(family, this.random);
    const basis: LegalBasis = {
      kind: 'authorisation',
      authority: "Haute commission de l'état civil",
      reference: this.reference('HCEC', day),
      date: isoDay(day - this.random.int(30, 200)),
    };
    yield this.recorder.rename(p, { day, family: name, basis });
    p.family = family;
    p.name = { ...p.name, family: name };
  }
}

function apportionYears(persons: number, startYear: number, years: number): number[] {
  const weights = Array.from({ length: years }, (_, i) => birthWeight(startYear + i));
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (persons * w) / sum);
  const counts = exact.map(Math.floor);
  let left = persons - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; left > 0; i = (i + 1) % years, left--) counts[i]! += 1;
  return counts;
}
