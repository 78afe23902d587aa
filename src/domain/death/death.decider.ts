import { livingRecord, notInFuture } from '../person/guards';
import type { PersonRecord, PersonState } from '../person/state';
import { allocate, type RegisterBook } from '../register/register.decider';
import type { RegisterEvent } from '../register/register.events';
import { DEFAULT_RULES, type CivilStatusRules } from '../rules';
import { dayOf, daysBetween, earliestDay, yearOf } from '../shared/dates';
import { assertNever, invalid, violation } from '../shared/errors';
import type { Idcs } from '../shared/idcs';
import type {
  ActDate,
  ActKey,
  Command,
  CommandMetadata,
  DateInput,
  FullName,
  LegalBasis,
  Place,
} from '../shared/types';
import * as v from '../shared/validate';
import type {
  DeathDeclarant,
  DeathEvent,
  DeathRegistered,
  DeceasedIdentified,
  MarriageDissolvedByDeath,
  UnidentifiedDeathRegistered,
} from './death.events';

export type RegisterDeath = Command<
  'RegisterDeath',
  {
    idcs: Idcs;
    /** The office of the place of death. */
    office: string;
    died: DateInput;
    place: Place;
    declarant: DeathDeclarant;
    cause?: { icd10?: string };
    legalBasis: LegalBasis;
  }
>;

export type RegisterUnidentifiedDeath = Command<
  'RegisterUnidentifiedDeath',
  {
    idcs: Idcs;
    office: string;
    died: DateInput;
    place: Place;
    description?: string;
    legalBasis: LegalBasis;
  }
>;

export type IdentifyDeceased = Command<
  'IdentifyDeceased',
  { idcs: Idcs; identifiedAs: { idcs?: Idcs; name: FullName }; legalBasis: LegalBasis }
>;

/** Current spouses' states, keyed by IDCS: the death is noted on each living spouse's record. */
export type SpouseStates = Record<Idcs, PersonState>;

export interface DeathDecision {
  deceased: DeathRegistered[];
  register: RegisterEvent[];
  spouses: Record<Idcs, MarriageDissolvedByDeath[]>;
}

export function registerDeath(
  command: RegisterDeath,
  states: { deceased: PersonState; register: RegisterBook; spouses: SpouseStates },
  rules: CivilStatusRules = DEFAULT_RULES,
): DeathDecision {
  const d = command.data;
  const idcs = v.idcs('data.idcs', d.idcs);
  v.text('data.office', d.office);
  const died = v.actDate('data.died', d.died);
  const place = v.domesticPlace('data.place', d.place);
  declarant('data.declarant', d.declarant);
  const basis = v.legalBasis('data.legalBasis', d.legalBasis);
  if (basis.kind !== 'declaration' && basis.kind !== 'judgment') {
    invalid('data.legalBasis.kind', 'a death is registered on a declaration or a judgment');
  }
  const record = livingRecord(states.deceased, 'deceased person');
  const { now } = command.metadata;
  notInFuture('The death', died.gregorian, now);
  if (basis.kind === 'judgment') notInFuture('The judgment', basis.date, now);
  notBeforeBirth(record, died.gregorian);

  const delayDays = daysBetween(died.gregorian, dayOf(now));
  const limit =
    d.declarant.kind === 'institution'
      ? rules.deadlines.deathInstitutionDays
      : rules.deadlines.deathFamilyDays;
  if (delayDays > limit && basis.kind !== 'judgment') {
    violation(
      'LATE_DEATH_NEEDS_JUDGMENT',
      `Declared ${delayDays} days after the death (limit ${limit} for a ${d.declarant.kind}): a judgment is needed`,
    );
  }
  const { event: allocation } = allocate(
    states.register,
    { office: d.office, year: yearOf(dayOf(now)), actKind: 'death', idcs },
    command.metadata,
  );
  const act = { office: d.office, year: allocation.data.year, number: allocation.data.actNumber };
  const death: DeathRegistered = {
    type: 'DeathRegistered',
    data: {
      idcs,
      act,
      died,
      place,
      declarant: d.declarant,
      ...(d.cause && { cause: d.cause }),
      legalBasis: basis,
      delayDays,
      registered: recorded(command.metadata),
    },
  };
  return {
    deceased: [death],
    register: [allocation],
    spouses: widowhood(record, died.gregorian, act, states.spouses),
  };
}

export function registerUnidentifiedDeath(
  command: RegisterUnidentifiedDeath,
  states: { deceased: PersonState; register: RegisterBook },
): { deceased: UnidentifiedDeathRegistered[]; register: RegisterEvent[] } {
  const d = command.data;
  const idcs = v.idcs('data.idcs', d.idcs);
  v.text('data.office', d.office);
  const died = v.actDate('data.died', d.died);
  const place = v.domesticPlace('data.place', d.place);
  const basis = v.legalBasis('data.legalBasis', d.legalBasis);
  if (basis.kind !== 'police-report') {
    violation('UNIDENTIFIED_DEATH_FROM_POLICE_REPORT', `Legal basis is a ${basis.kind}`);
  }
  if (states.deceased.status !== 'unregistered') {
    violation('ALREADY_REGISTERED', `person-${idcs} already holds an act`);
  }
  const { now } = command.metadata;
  notInFuture('The death', died.gregorian, now);
  notInFuture('The police report', basis.date, now);
  const { event: allocation } = allocate(
    states.register,
    { office: d.office, year: yearOf(dayOf(now)), actKind: 'death', idcs },
    command.metadata,
  );
  return {
    deceased: [
      {
        type: 'UnidentifiedDeathRegistered',
        data: {
          idcs,
          act: { office: d.office, year: allocation.data.year, number: allocation.data.actNumber },
          died,
          place,
          ...(d.description !== undefined && { description: d.description }),
          legalBasis: basis,
          registered: recorded(command.metadata),
        },
      },
    ],
    register: [allocation],
  };
}

/**
 * Identification is a rectification by judgment of the unidentified act (which stays). When
 * the deceased had a record, the same act is carried onto it as their death, without a new
 * act number: there is one death act, now reachable from both records.
 */
export function identifyDeceased(
  command: IdentifyDeceased,
  states: { unidentified: PersonState; person?: PersonState; spouses?: SpouseStates },
): {
  unidentified: DeceasedIdentified[];
  person: DeathRegistered[];
  spouses: DeathDecision['spouses'];
} {
  const d = command.data;
  const idcs = v.idcs('data.idcs', d.idcs);
  v.fullName('data.identifiedAs.name', d.identifiedAs?.name);
  const basis = v.legalBasis('data.legalBasis', d.legalBasis);
  const state = states.unidentified;
  if (state.status !== 'unidentified-deceased') {
    return invalid(
      'data.idcs',
      `person-${idcs} is not an unidentified death act (${state.status})`,
    );
  }
  if (basis.kind !== 'judgment') {
    violation('IDENTIFICATION_BY_JUDGMENT', `Legal basis is a ${basis.kind}`);
  }
  if (state.identifiedAs !== null) {
    violation(
      'ALREADY_IDENTIFIED',
      `Already identified (${JSON.stringify(state.identifiedAs.name)})`,
    );
  }
  notInFuture('The judgment', basis.date, command.metadata.now);
  const identified: DeceasedIdentified = {
    type: 'DeceasedIdentified',
    data: {
      idcs,
      identifiedAs: d.identifiedAs,
      legalBasis: basis,
      noted: recorded(command.metadata),
    },
  };
  const personIdcs = d.identifiedAs.idcs;
  if (personIdcs === undefined) return { unidentified: [identified], person: [], spouses: {} };
  v.idcs('data.identifiedAs.idcs', personIdcs);
  if (!states.person) invalid('data.identifiedAs.idcs', `state of person-${personIdcs} not loaded`);
  const record = livingRecord(states.person, 'identified person');
  notBeforeBirth(record, state.death.date);
  const death: DeathRegistered = {
    type: 'DeathRegistered',
    data: {
      idcs: personIdcs,
      act: state.death.act,
      died: v.actDate('death', { date: state.death.date }),
      place: state.death.place,
      declarant: { kind: 'authority', authority: basis.court },
      legalBasis: basis,
      delayDays: daysBetween(state.death.date, dayOf(command.metadata.now)),
      registered: recorded(command.metadata),
      identifiedFrom: idcs,
    },
  };
  return {
    unidentified: [identified],
    person: [death],
    spouses: widowhood(record, state.death.date, state.death.act, states.spouses ?? {}),
  };
}

function widowhood(
  record: PersonRecord,
  on: string,
  deathAct: ActKey,
  spouses: SpouseStates,
): Record<Idcs, MarriageDissolvedByDeath[]> {
  const out: Record<Idcs, MarriageDissolvedByDeath[]> = {};
  for (const spouse of record.spouses) {
    const state = spouses[spouse.idcs];
    if (!state) invalid('spouses', `state of spouse person-${spouse.idcs} not loaded`);
    // A spouse who is no longer alive has nothing more written on their record.
    if (state.status !== 'alive') continue;
    out[spouse.idcs] = [
      {
        type: 'MarriageDissolvedByDeath',
        data: {
          idcs: spouse.idcs,
          deceased: record.idcs,
          marriageId: spouse.marriageId,
          on,
          deathAct,
        },
      },
    ];
  }
  return out;
}

function notBeforeBirth(record: PersonRecord, died: string): void {
  if (record.birthDate !== null && died < earliestDay(record.birthDate)) {
    violation('DEATH_NOT_BEFORE_BIRTH', `Died ${died}, born ${record.birthDate}`);
  }
}

function declarant(path: string, value: DeathDeclarant): void {
  switch (value?.kind) {
    case 'family':
      v.fullName(`${path}.name`, value.name);
      v.text(`${path}.relation`, value.relation);
      return;
    case 'institution':
      v.text(`${path}.institution.name`, value.institution?.name);
      return;
    case 'authority':
      v.text(`${path}.authority`, value.authority);
      return;
    default:
      invalid(`${path}.kind`, 'family, institution or authority');
  }
}

const recorded = (metadata: CommandMetadata): { by: CommandMetadata['actor']; on: ActDate } => ({
  by: metadata.actor,
  on: v.actDate('metadata.now', { date: dayOf(metadata.now) }),
});

export function evolve(state: PersonState, event: DeathEvent): PersonState {
  switch (event.type) {
    case 'DeathRegistered': {
      if (state.status !== 'alive') return state;
      const { act, died, place } = event.data;
      const ended = state.record.spouses.map((s) => ({
        ...s,
        ended: died.gregorian,
        by: 'death' as const,
      }));
      return {
        status: 'deceased',
        record: {
          ...state.record,
          spouses: [],
          endedMarriages: [...state.record.endedMarriages, ...ended],
        },
        death: { act, date: died.gregorian, place },
      };
    }
    case 'UnidentifiedDeathRegistered': {
      if (state.status !== 'unregistered') return state;
      const { idcs, act, died, place } = event.data;
      return {
        status: 'unidentified-deceased',
        idcs,
        death: { act, date: died.gregorian, place },
        identifiedAs: null,
      };
    }
    case 'DeceasedIdentified':
      if (state.status !== 'unidentified-deceased') return state;
      return { ...state, identifiedAs: event.data.identifiedAs };
    case 'MarriageDissolvedByDeath': {
      if (state.status !== 'alive') return state;
      const { deceased, on } = event.data;
      const r = state.record;
      const gone = r.spouses.filter((s) => s.idcs === deceased);
      return {
        ...state,
        record: {
          ...r,
          spouses: r.spouses.filter((s) => s.idcs !== deceased),
          endedMarriages: [
            ...r.endedMarriages,
            ...gone.map((s) => ({ ...s, ended: on, by: 'death' as const })),
          ],
        },
      };
    }
    default:
      return assertNever(event);
  }
}
