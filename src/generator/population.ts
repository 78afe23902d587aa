/**
 * Births and the lives that follow. Each year's births are drawn (region by census share,
 * mother from the married women of the region) and the newborn is either written on paper
 * (before 1991) or scheduled for registration. Once someone is on record, or on paper, their
 * future is planned: death, entry on the marriage market, digitisation, corrections.
 *
 * Before 1991 ("paper era") acts exist only on paper: people born 1950-1990 are digitised
 * later, when the electronic register first needs them (their marriage, a child's birth,
 * their death, a rectification) or else during the digitisation campaign from 2010.
 */
import type { FullName, ParentDetails, Sex, Transcription } from '../domain';
import type { Commune } from './geography';
import type { MarriageMarket } from './marriages';
import { entryOf, FAMILY, FEMALE, MALE, spell, type NameEntry } from './names';
import { idcsFor, lifespanDays, marriageAge, Sim, YEAR } from './people';
import { isoDay, yearOfDay, yearStart, type Random } from './random';
import { CAMPAIGN_FROM, ELECTRONIC_FROM, type Filiation, type World } from './world';

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

/** The number of births of each year from `startYear`, summing to `persons`. */
export function apportionYears(persons: number, startYear: number, years: number): number[] {
  const weights = Array.from({ length: years }, (_, i) => birthWeight(startYear + i));
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (persons * w) / sum);
  const counts = exact.map(Math.floor);
  let left = persons - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; left > 0; i = (i + 1) % years, left--) counts[i]! += 1;
  return counts;
}

/** The name of someone who is not on the register (a parent, a declarant). */
export function offRegisterName(random: Random, sex: Sex, family?: NameEntry): FullName {
  return {
    given: spell(random.pick(sex === 'M' ? MALE : FEMALE), random),
    family: spell(family ?? random.pick(FAMILY), random),
  };
}

export class Population {
  private paperNumbers = new Map<string, number>();
  private counter = 0;
  private readonly idcsOffset: number;

  constructor(
    private readonly world: World,
    private readonly market: MarriageMarket,
  ) {
    // The first draw after the Recorder's creation: keep it first, or every seed changes.
    this.idcsOffset = world.random.int(0, 899_999_999);
  }

  births(year: number, count: number): void {
    const r = this.world.random;
    const geo = this.world.geo;
    const start = yearStart(year);
    const days = Math.min(yearStart(year + 1), this.world.endDay + 1) - start;
    const specs: { region: number; commune: Commune; born: number }[] = [];
    for (let i = 0; i < count; i++) {
      const region = r.weighted(geo.regionWeights);
      const communes = geo.communes[region]!;
      const commune = communes[r.weighted(geo.communeWeights[region]!)]!;
      specs.push({ region, commune, born: start + r.int(0, days - 1) });
    }
    specs.sort((a, b) => a.born - b.born);
    for (const spec of specs) {
      if (year < ELECTRONIC_FROM) this.paperBirth(spec.commune, spec.born);
      else this.plannedBirth(spec.commune, spec.born);
    }
  }

  /** Paper act numbers restart with each year's books. */
  closeYear(): void {
    this.paperNumbers = new Map();
  }

  /** The future of someone now on record (or on paper): death, marriage, corrections. */
  plan(p: Sim, from: number): void {
    const r = this.world.random;
    const endDay = this.world.endDay;
    if (p.death <= endDay) {
      // Families declare within 30 days, hospitals within 3; ~7.5 % are registered by judgment.
      const delay = r.chance(0.075) ? r.int(31, 1000) : r.chance(0.35) ? r.int(0, 3) : r.int(1, 30);
      let day = Math.max(p.death + delay, from + r.int(1, 30));
      if (day > endDay) day = Math.max(p.death, from);
      if (day <= endDay) this.world.schedule({ kind: 'death', day, p });
    }
    const age = marriageAge(p.sex, r);
    if (age !== null) this.market.enter(p, yearOfDay(p.born) + age);
    const later = (min: number) => min + r.int(0, Math.max(0, endDay - min));
    if (p.paper)
      this.world.schedule({
        kind: 'digitise',
        day: later(Math.min(yearStart(CAMPAIGN_FROM), endDay)),
        p,
      });
    const earliest = Math.max(from + 30, p.born + 30);
    if (earliest <= endDay) {
      if (r.chance(0.015)) this.world.schedule({ kind: 'rectify', day: later(earliest), p });
      if (r.chance(0.002)) this.world.schedule({ kind: 'rename', day: later(earliest), p });
    }
  }

  private newPerson(
    commune: Commune,
    born: number,
    sex: Sex,
    given: NameEntry,
    family: NameEntry,
    familyName = spell(family, this.world.random),
  ): Sim {
    const r = this.world.random;
    return new Sim(
      idcsFor(this.counter++, this.idcsOffset),
      sex,
      born,
      { given: spell(given, r), family: familyName },
      given,
      family,
      commune,
      born + lifespanDays(yearOfDay(born), r),
    );
  }

  /** Children take the father's family name, often in the spelling of his own act. */
  private childFamilyName(father: Sim | ParentDetails | undefined): {
    entry: NameEntry;
    form?: FullName['family'];
  } {
    const r = this.world.random;
    if (father instanceof Sim) {
      return { entry: father.family, form: r.chance(0.85) ? father.name.family : undefined };
    }
    const entry = (father && entryOf(father.name.family.ar)) ?? r.pick(FAMILY);
    return { entry };
  }

  private paperBirth(commune: Commune, born: number): void {
    const r = this.world.random;
    const electronicDay = this.world.electronicDay;
    const mother = this.market.pickMother(commune.region, born);
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
    if (p.death < electronicDay) p.death = electronicDay + r.int(0, Math.floor(25 * YEAR));
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
      father: { name: script(father?.name ?? offRegisterName(r, 'M', family.entry)) },
      mother: { name: script(mother?.name ?? offRegisterName(r, 'F')) },
    };
    const key = {
      office,
      year,
      actNumber: n,
      volume: String(1 + Math.floor((n - 1) / 300)),
      folio: String(1 + Math.floor(((n - 1) % 300) / 2)),
    };
    p.paper = { key, transcription };
    this.plan(p, electronicDay);
  }

  private offRegisterParent(sex: Sex, childBorn: number, family?: NameEntry): ParentDetails {
    const r = this.world.random;
    const year = yearOfDay(childBorn) - r.int(sex === 'M' ? 24 : 19, sex === 'M' ? 50 : 42);
    return { name: offRegisterName(r, sex, family), born: { date: String(year) } };
  }

  private plannedBirth(commune: Commune, born: number): void {
    const r = this.world.random;
    const endDay = this.world.endDay;
    let filiation: Filiation;
    const draw = r.next();
    if (draw < 0.002) filiation = { kind: 'unknown-parents' };
    else if (draw < 0.027)
      filiation = {
        kind: 'unknown-father',
        mother:
          this.market.pickSingleMother(commune.region, born) ?? this.offRegisterParent('F', born),
      };
    else {
      const mother = this.market.pickMother(commune.region, born);
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
      if (day > endDay) late = false;
    }
    if (!late) day = born + r.int(0, 30);
    this.world.schedule({ kind: 'birth', day: Math.min(day!, endDay), child, late, filiation });
  }
}
