/**
 * The actions that fall due, turned into commands through the Recorder: registrations of
 * births and deaths, marriages and divorces noted, digitisations, rectifications, changes of
 * family name. A paper act is digitised (with its paper marriage) the first time one of these
 * needs its person on the electronic register.
 */
import type { AppendRequest } from '../eventstore';
import {
  recordOf,
  type Declarant,
  type DivorceKind,
  type FiliationInput,
  type LegalBasis,
  type ParentDetails,
} from '../domain';
import { REGIONS } from './geography';
import type { MarriageMarket } from './marriages';
import { ABD, FAMILY, otherSpelling, spell } from './names';
import { aliveOn, clockTime, Sim } from './people';
import { offRegisterName, type Population } from './population';
import { isoDay, yearOfDay } from './random';
import type { Action, World } from './world';

const ICD10 = ['I21', 'I64', 'E11', 'J18', 'C34', 'N18', 'I50', 'K74', 'A41', 'V89', 'P07', 'J44'];

export class Registrar {
  constructor(
    private readonly world: World,
    private readonly market: MarriageMarket,
    private readonly population: Population,
  ) {}

  *act(a: Action): Generator<AppendRequest> {
    switch (a.kind) {
      case 'birth':
        yield* this.registerBirth(a);
        return;
      case 'marriage':
        yield* this.registerMarriage(a);
        return;
      case 'divorce':
        yield* this.registerDivorce(a);
        return;
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

  /** Brings a paper act into the register (with its paper marriage) before anything is noted. */
  private *ensure(p: Sim, day: number): Generator<AppendRequest> {
    const recorder = this.world.recorder;
    if (p.paper) yield recorder.digitise(p, day);
    const m = p.paperMarriage;
    if (!m) return;
    const s = m.spouse;
    if (s.paper) yield recorder.digitise(s, day);
    p.paperMarriage = undefined;
    s.paperMarriage = undefined;
    const [h, w] = p.sex === 'M' ? [p, s] : [s, p];
    h.spouses = h.spouses.filter((x) => x !== w);
    w.spouses = w.spouses.filter((x) => x !== h);
    const contract = this.adoulAct(h, m.day, m.reference);
    yield recorder.marriage(h, w, { date: m.day, day, contract });
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

  private *registerMarriage(a: Extract<Action, { kind: 'marriage' }>): Generator<AppendRequest> {
    const { husband: h, wife: w, date, polygamy } = a;
    if (!aliveOn(h, date) || !aliveOn(w, date) || w.spouses.length > 0) return;
    if (h.spouses.length > (polygamy ? 3 : 0)) return;
    yield* this.ensure(h, a.day);
    yield* this.ensure(w, a.day);
    const further = h.spouses.length > 0;
    const contract = this.adoulAct(h, date, this.world.reference('ADL', date));
    const authorisation = further
      ? {
          court: h.commune.court,
          reference: this.world.reference('POLY', date),
          date: isoDay(date - this.world.random.int(20, 120)),
        }
      : undefined;
    yield this.world.recorder.marriage(h, w, {
      date,
      day: a.day,
      contract,
      ...(authorisation && { polygamy: authorisation }),
    });
    this.market.registered(h, w);
    this.market.planDivorce(h, w, date);
  }

  private *registerDivorce(a: Extract<Action, { kind: 'divorce' }>): Generator<AppendRequest> {
    const { husband: h, wife: w, date } = a;
    if (!h.spouses.includes(w) || !aliveOn(h, date) || !aliveOn(w, date)) return;
    yield* this.ensure(h, a.day);
    yield* this.ensure(w, a.day);
    const r = this.world.random;
    const draw = r.next();
    const kind: DivorceKind =
      draw < 0.45 ? 'mutual-consent' : draw < 0.7 ? 'talaq' : draw < 0.9 ? 'tatliq' : 'khul';
    const basis: LegalBasis =
      kind === 'talaq'
        ? this.adoulAct(h, date, this.world.reference('TLQ', date))
        : {
            kind: 'judgment',
            court: h.commune.court,
            reference: this.world.reference('DIV', date),
            date: isoDay(date),
          };
    yield this.world.recorder.divorce(h, w, { date, day: a.day, kind, basis });
    for (const p of [h, w]) {
      if (r.chance(p.sex === 'F' ? 0.4 : 0.6)) this.market.enter(p, yearOfDay(date) + r.int(1, 3));
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
    const r = this.world.random;
    const isSim = (p: Sim | ParentDetails): p is Sim => p instanceof Sim;
    let input: FiliationInput;
    let declarant: Declarant;
    if (filiation.kind === 'unknown-parents') {
      input = { kind: 'unknown-parents' };
      declarant = { relation: 'public-prosecutor', name: offRegisterName(r, 'M') };
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
            name: offRegisterName(r, 'M'),
            whyNotPreceding: 'Père et mère décédés',
          };
      }
    }
    const basis: LegalBasis = a.late
      ? {
          kind: 'judgment',
          court: child.commune.court,
          reference: this.world.reference('JD', day),
          date: isoDay(day - r.int(2, 20)),
        }
      : { kind: 'declaration' };
    const office = r.pick(child.commune.offices);
    yield this.world.recorder.birth(child, {
      office,
      time: clockTime(r),
      filiation: input,
      declarant,
      basis,
      regDay: day,
    });
    this.population.plan(child, day);
  }

  private *registerDeath(p: Sim, day: number): Generator<AppendRequest> {
    if (p.state.status === 'deceased') return;
    yield* this.ensure(p, day);
    const r = this.world.random;
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
              name: offRegisterName(r, 'M', p.family),
              relation: r.pick(['fils', 'frère', 'neveu']),
            };
    const limit = declarant.kind === 'institution' ? 3 : 30;
    const basis: LegalBasis =
      delay > limit
        ? {
            kind: 'judgment',
            court: p.commune.court,
            reference: this.world.reference('JDD', day),
            date: isoDay(day - r.int(1, Math.min(20, delay))),
          }
        : { kind: 'declaration' };
    const office = r.pick(p.commune.offices);
    yield this.world.recorder.death(p, {
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
    const r = this.world.random;
    const authorisation = (): LegalBasis => ({
      kind: 'authorisation',
      authority: `Procureur du Roi près le ${p.commune.court}`,
      reference: this.world.reference('RECT', day),
      date: isoDay(day - r.int(5, 60)),
    });
    // Old acts that give only a year are completed by a judgment; otherwise a Latin spelling
    // is brought back in line with the Arabic original, a material correction.
    if (record.birthDate?.length === 4) {
      const basis: LegalBasis = {
        kind: 'judgment',
        court: p.commune.court,
        reference: this.world.reference('JR', day),
        date: isoDay(day - r.int(5, 60)),
      };
      yield this.world.recorder.rectify(p, {
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
      yield this.world.recorder.rectify(p, {
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
    const r = this.world.random;
    let family = r.pick(FAMILY);
    if (family === p.family) family = FAMILY[(FAMILY.indexOf(family) + 1) % FAMILY.length]!;
    const name = spell(family, r);
    const basis: LegalBasis = {
      kind: 'authorisation',
      authority: "Haute commission de l'état civil",
      reference: this.world.reference('HCEC', day),
      date: isoDay(day - r.int(30, 200)),
    };
    yield this.world.recorder.rename(p, { day, family: name, basis });
    p.family = family;
    p.name = { ...p.name, family: name };
  }
}
