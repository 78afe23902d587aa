import { allocate, type RegisterBook } from '../register/register.decider';
import type { RegisterEvent } from '../register/register.events';
import { DEFAULT_RULES, type CivilStatusRules } from '../rules';
import { dayOf, daysBetween } from '../shared/dates';
import { assertNever, invalid, violation } from '../shared/errors';
import type { Idcs } from '../shared/idcs';
import { isForeignPlace } from '../shared/types';
import type {
  BirthPlace,
  Command,
  CommandMetadata,
  DateInput,
  FullName,
  LegalBasis,
  ParentDetails,
  Place,
  Sex,
} from '../shared/types';
import * as v from '../shared/validate';
import { notInFuture } from '../person/guards';
import type { ParentLink, PersonState } from '../person/state';
import type {
  BirthEvent,
  BirthPreDeclared,
  BirthRegistered,
  Declarant,
  DeclarantRelation,
} from './birth.events';

export type FiliationInput =
  | { kind: 'both-parents'; father: ParentDetails; mother: ParentDetails }
  /** The mother chooses the child's family name (child.name.family) and an "Abd-" name. */
  | { kind: 'unknown-father'; mother: ParentDetails; fatherGivenName: FullName['given'] }
  | { kind: 'unknown-parents' };

interface ChildInput {
  idcs: Idcs;
  name: FullName;
  sex: Sex;
  born: DateInput;
}

interface BirthCommon {
  office: string;
  place: BirthPlace;
  filiation: FiliationInput;
  declarant: Declarant;
  /** A declaration within the legal period, else a declaratory judgment. */
  legalBasis: LegalBasis;
}

export type RegisterBirth = Command<'RegisterBirth', BirthCommon & { child: ChildInput }>;
/** Twins and more: one act each, numbered one after the other, in one transaction. */
export type RegisterMultipleBirth = Command<
  'RegisterMultipleBirth',
  BirthCommon & { children: ChildInput[] }
>;
export type PreDeclareBirth = Command<
  'PreDeclareBirth',
  {
    idcs: Idcs;
    facility: { code: string; name: string };
    child: { name?: FullName; sex: Sex; born: DateInput; place: Place };
    father?: ParentDetails;
    mother?: ParentDetails;
  }
>;

/** Output of a birth: the child's stream(s) and the office's register book for the year. */
export interface BirthDecision {
  child: BirthRegistered[];
  register: RegisterEvent[];
}

export function registerBirth(
  command: RegisterBirth,
  states: { child: PersonState; register: RegisterBook },
  rules: CivilStatusRules = DEFAULT_RULES,
): BirthDecision {
  const { child, ...common } = command.data;
  const act = birthAct(common, child, states.child, states.register, command.metadata, rules);
  return { child: [act.birth], register: [act.allocation] };
}

export function registerMultipleBirth(
  command: RegisterMultipleBirth,
  states: { children: Record<Idcs, PersonState>; register: RegisterBook },
  rules: CivilStatusRules = DEFAULT_RULES,
): { children: Record<Idcs, BirthRegistered[]>; register: RegisterEvent[] } {
  const { children, ...common } = command.data;
  if (!Array.isArray(children) || children.length < 2) {
    invalid('data.children', 'a multiple birth has at least two children');
  }
  const ids = children.map((c, i) => v.idcs(`data.children.${i}.idcs`, c.idcs));
  if (new Set(ids).size !== ids.length) invalid('data.children', 'each child has its own IDCS');
  let book = states.register;
  const out: Record<Idcs, BirthRegistered[]> = {};
  const register: RegisterEvent[] = [];
  children.forEach((child, i) => {
    const state = states.children[child.idcs];
    if (!state) invalid(`data.children.${i}`, `state of person-${child.idcs} not loaded`);
    const siblings = ids.filter((id) => id !== child.idcs);
    const multiple = { rank: i + 1, of: children.length, siblings };
    const act = birthAct(common, child, state, book, command.metadata, rules, multiple);
    book = act.book;
    out[child.idcs] = [act.birth];
    register.push(act.allocation);
  });
  return { children: out, register };
}

export function preDeclareBirth(
  command: PreDeclareBirth,
  state: PersonState,
  rules: CivilStatusRules = DEFAULT_RULES,
): BirthPreDeclared[] {
  const d = command.data;
  const idcs = v.idcs('data.idcs', d.idcs);
  v.text('data.facility.code', d.facility?.code);
  v.text('data.facility.name', d.facility?.name);
  if (d.child.name) v.fullName('data.child.name', d.child.name);
  sex('data.child.sex', d.child.sex);
  const born = v.actDate('data.child.born', d.child.born);
  v.place('data.child.place', d.child.place);
  if (d.father) parent('data.father', d.father);
  if (d.mother) parent('data.mother', d.mother);
  if (state.status !== 'unregistered') {
    violation('ALREADY_REGISTERED', `person-${idcs} is already ${state.status}`);
  }
  notInFuture('The birth', born.gregorian, command.metadata.now);
  const delay = daysBetween(born.gregorian, dayOf(command.metadata.now));
  if (delay > rules.deadlines.birthDays) {
    violation(
      'PRE_DECLARATION_WITHIN_DEADLINE',
      `Born ${delay} days ago: past ${rules.deadlines.birthDays} days a registrar needs a judgment`,
    );
  }
  const { born: _born, ...child } = d.child;
  return [
    {
      type: 'BirthPreDeclared',
      data: {
        ...d,
        idcs,
        child: { ...child, born },
        preDeclaredAt: command.metadata.now,
        by: command.metadata.actor,
      },
    },
  ];
}

// Legal order of declarants; the public prosecutor and the person themself stand outside it.
const DECLARANT_RANK: Partial<Record<DeclarantRelation, number>> = {
  father: 0,
  mother: 0,
  'testamentary-guardian': 1,
  brother: 2,
  nephew: 3,
};

function birthAct(
  common: BirthCommon,
  child: ChildInput,
  state: PersonState,
  book: RegisterBook,
  metadata: CommandMetadata,
  rules: CivilStatusRules,
  multipleBirth?: { rank: number; of: number; siblings: Idcs[] },
): { birth: BirthRegistered; allocation: RegisterEvent; book: RegisterBook } {
  const idcs = v.idcs('data.child.idcs', child.idcs);
  v.text('data.office', common.office);
  v.fullName('data.child.name', child.name);
  sex('data.child.sex', child.sex);
  const born = v.actDate('data.child.born', child.born);
  const place = v.place('data.place', common.place);
  v.fullName('data.declarant.name', common.declarant?.name);
  if (common.declarant.idcs !== undefined) v.idcs('data.declarant.idcs', common.declarant.idcs);
  const basis = v.legalBasis('data.legalBasis', common.legalBasis);
  if (basis.kind !== 'declaration' && basis.kind !== 'judgment') {
    invalid('data.legalBasis.kind', 'a birth is registered on a declaration or a judgment');
  }
  const filiation = common.filiation;

  let preDeclaration: BirthRegistered['data']['preDeclaration'];
  switch (state.status) {
    case 'unregistered':
      break;
    case 'pre-declared':
      preDeclaration = { facility: state.preDeclaration.facility, on: state.preDeclaration.on };
      break;
    case 'alive':
    case 'deceased':
    case 'unidentified-deceased':
    case 'annulled':
      return violation(
        'ALREADY_REGISTERED',
        `person-${idcs} already holds an act (${state.status})`,
      );
    default:
      return assertNever(state);
  }

  const today = dayOf(metadata.now);
  notInFuture('The birth', born.gregorian, metadata.now);
  if (basis.kind === 'judgment') notInFuture('The judgment', basis.date, metadata.now);
  checkDeclarant(common.declarant, filiation, basis);

  // A pre-declaration made by the health facility in time stops the clock: the family did
  // declare through the facility, the registrar merely drew up the act later.
  const declaredOn = preDeclaration?.on ?? today;
  const delayDays = daysBetween(born.gregorian, declaredOn);
  const limit = isForeignPlace(place) ? rules.deadlines.birthAbroadDays : rules.deadlines.birthDays;
  if (delayDays > limit && basis.kind !== 'judgment') {
    violation(
      'LATE_BIRTH_NEEDS_JUDGMENT',
      `Declared ${delayDays} days after the birth (limit ${limit}): a declaratory judgment is needed`,
    );
  }

  const { event: allocation, book: next } = allocate(
    book,
    { office: common.office, year: Number(today.slice(0, 4)), actKind: 'birth', idcs },
    metadata,
  );
  const birth: BirthRegistered = {
    type: 'BirthRegistered',
    data: {
      idcs,
      act: { office: common.office, year: allocation.data.year, number: allocation.data.actNumber },
      child: {
        name: child.name,
        sex: child.sex,
        born,
        place,
        ...(multipleBirth && { multipleBirth }),
      },
      filiation: filiation.kind,
      ...parents(filiation),
      declarant: common.declarant,
      legalBasis: basis,
      ...(preDeclaration && { preDeclaration }),
      delayDays,
      registered: { by: metadata.actor, on: v.actDate('metadata.now', { date: today }) },
    },
  };
  return { birth, allocation, book: next };
}

function parents(
  filiation: FiliationInput,
): Pick<BirthRegistered['data'], 'father' | 'mother' | 'notionalFatherGivenName'> {
  switch (filiation.kind) {
    case 'both-parents':
      return {
        father: parent('data.filiation.father', filiation.father),
        mother: parent('data.filiation.mother', filiation.mother),
      };
    case 'unknown-father':
      return {
        father: null,
        mother: parent('data.filiation.mother', filiation.mother),
        notionalFatherGivenName: v.personName(
          'data.filiation.fatherGivenName',
          filiation.fatherGivenName,
        ),
      };
    case 'unknown-parents':
      return { father: null, mother: null };
    default:
      return assertNever(filiation);
  }
}

function checkDeclarant(declarant: Declarant, filiation: FiliationInput, basis: LegalBasis): void {
  const relation = declarant.relation;
  if (filiation.kind === 'unknown-father') {
    if (relation !== 'mother') {
      violation('MOTHER_DECLARES_UNKNOWN_FATHER', `Declared by ${relation}, not the mother`);
    }
    // The chosen name must read as a name of God's servants ("Abd-"), never as a real father.
    if (!filiation.fatherGivenName.ar.replace(/\s/g, '').startsWith('عبد')) {
      violation('ABD_FATHER_FIRST_NAME', `"${filiation.fatherGivenName.ar}" is not an Abd- name`);
    }
  }
  if (filiation.kind === 'unknown-parents') {
    if (relation !== 'public-prosecutor') {
      violation('PROSECUTOR_DECLARES_UNKNOWN_PARENTS', `Declared by ${relation}`);
    }
    return;
  }
  if (relation === 'public-prosecutor') {
    violation('DECLARANT_ORDER', 'The public prosecutor declares only children of unknown parents');
  }
  if (basis.kind === 'judgment') return; // the court decided who may ask for the act
  if (relation === 'self') {
    violation('DECLARANT_ORDER', 'A person registers their own birth only by judgment');
  }
  if (relation === 'father' && filiation.kind !== 'both-parents') {
    violation('DECLARANT_ORDER', 'The father is unknown on this act');
  }
  const rank = DECLARANT_RANK[relation] ?? 0;
  if (rank > 0 && !declarant.whyNotPreceding?.trim()) {
    violation('DECLARANT_ORDER', `A ${relation} declares only if the earlier declarants cannot`);
  }
}

function parent(path: string, details: ParentDetails): ParentDetails {
  v.fullName(`${path}.name`, details?.name);
  if (details.idcs !== undefined) v.idcs(`${path}.idcs`, details.idcs);
  if (details.born?.date !== undefined) v.partialDate(`${path}.born.date`, details.born.date);
  if (details.born?.place !== undefined) v.place(`${path}.born.place`, details.born.place);
  return details;
}

function sex(path: string, value: Sex): Sex {
  if (value !== 'M' && value !== 'F') invalid(path, 'M or F');
  return value;
}

const link = (details: ParentDetails | null | undefined): ParentLink | null =>
  details ? { ...(details.idcs && { idcs: details.idcs }), name: details.name } : null;

export function evolve(state: PersonState, event: BirthEvent): PersonState {
  switch (event.type) {
    case 'BirthPreDeclared': {
      if (state.status !== 'unregistered') return state;
      const { idcs, facility, child, preDeclaredAt } = event.data;
      return {
        status: 'pre-declared',
        idcs,
        preDeclaration: {
          facility: facility.code,
          on: preDeclaredAt.slice(0, 10),
          born: child.born.gregorian,
          sex: child.sex,
        },
      };
    }
    case 'BirthRegistered': {
      if (state.status !== 'unregistered' && state.status !== 'pre-declared') return state;
      const d = event.data;
      return {
        status: 'alive',
        record: {
          idcs: d.idcs,
          origin: 'registration',
          birthAct: d.act,
          name: d.child.name,
          sex: d.child.sex,
          birthDate: d.child.born.gregorian,
          ...(d.child.born.time !== undefined && { birthTime: d.child.born.time }),
          birthPlace: d.child.place,
          father: link(d.father),
          mother: link(d.mother),
          ...(d.notionalFatherGivenName && { notionalFatherGivenName: d.notionalFatherGivenName }),
          spouses: [],
          endedMarriages: [],
          kafala: null,
          previousNames: [],
          rectifications: [],
        },
      };
    }
    default:
      return assertNever(event);
  }
}
