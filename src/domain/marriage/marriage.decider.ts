import { livingRecord, notBeforeBirth, notInFuture, mapRecord } from '../person/guards';
import type { PersonRecord, PersonState } from '../person/state';
import { DEFAULT_RULES, type CivilStatusRules } from '../rules';
import { ageOn, dayOf, latestDay } from '../shared/dates';
import { assertNever, invalid, violation } from '../shared/errors';
import type { Idcs } from '../shared/idcs';
import type { Command, DateInput, Judgment, LegalBasis } from '../shared/types';
import * as v from '../shared/validate';
import type { MarriageAuthorisations, MarriageEvent, MarriageNoted } from './marriage.events';

export type NoteMarriage = Command<
  'NoteMarriage',
  {
    husband: Idcs;
    wife: Idcs;
    date: DateInput;
    contract: LegalBasis;
    authorisations?: MarriageAuthorisations;
  }
>;

export interface MarriageDecision {
  husband: MarriageNoted[];
  wife: MarriageNoted[];
}

/** The marriage id is the command id: one marriage, one command, idempotent by construction. */
export function noteMarriage(
  command: NoteMarriage,
  states: { husband: PersonState; wife: PersonState },
  rules: CivilStatusRules = DEFAULT_RULES,
): MarriageDecision {
  const d = command.data;
  const husbandIdcs = v.idcs('data.husband', d.husband);
  const wifeIdcs = v.idcs('data.wife', d.wife);
  if (husbandIdcs === wifeIdcs) invalid('data.wife', 'the spouses are two different persons');
  const date = v.actDate('data.date', d.date);
  const contract = v.legalBasis('data.contract', d.contract);
  if (contract.kind !== 'act' && contract.kind !== 'judgment') {
    invalid('data.contract.kind', 'a marriage rests on an adoul act or a judgment');
  }
  const auth = d.authorisations ?? {};
  for (const key of ['polygamy', 'husbandUnderAge', 'wifeUnderAge'] as const) {
    const judgment = auth[key];
    if (judgment) {
      v.judgment(`data.authorisations.${key}`, judgment);
      notInFuture('The authorisation', judgment.date, command.metadata.now);
    }
  }

  const husband = spouse(states.husband, 'husband');
  const wife = spouse(states.wife, 'wife');
  notInFuture('The marriage', date.gregorian, command.metadata.now);
  notInFuture('The contract', contract.date, command.metadata.now);
  notBeforeBirth(husband, 'The marriage', date.gregorian);
  notBeforeBirth(wife, 'The marriage', date.gregorian);
  if (husband.sex !== 'M' || wife.sex !== 'F') {
    violation('SPOUSES_OF_OPPOSITE_SEX', `Husband's sex ${husband.sex}, wife's ${wife.sex}`);
  }
  if (husband.spouses.some((s) => s.idcs === wifeIdcs)) {
    violation('NOT_ALREADY_MARRIED_TO_EACH_OTHER', 'They are already married to each other');
  }
  if (wife.spouses.length > 0) {
    violation('WIFE_HAS_ONE_HUSBAND', `The wife is married to ${wife.spouses[0]?.idcs}`);
  }
  checkPolygamy(husband, auth.polygamy, rules);
  minimumAge(husband, 'husband', date.gregorian, auth.husbandUnderAge, rules);
  minimumAge(wife, 'wife', date.gregorian, auth.wifeUnderAge, rules);

  const event: MarriageNoted = {
    type: 'MarriageNoted',
    data: {
      marriageId: command.metadata.commandId,
      husband: { idcs: husbandIdcs, name: husband.name },
      wife: { idcs: wifeIdcs, name: wife.name },
      date,
      contract,
      ...(d.authorisations && { authorisations: d.authorisations }),
      noted: {
        by: command.metadata.actor,
        on: v.actDate('metadata.now', { date: dayOf(command.metadata.now) }),
      },
    },
  };
  return { husband: [event], wife: [event] };
}

function spouse(state: PersonState, who: 'husband' | 'wife'): PersonRecord {
  if (state.status === 'deceased' || state.status === 'unidentified-deceased') {
    violation('SPOUSES_ALIVE', `The ${who} is deceased`);
  }
  return livingRecord(state, who);
}

function checkPolygamy(
  husband: PersonRecord,
  authorisation: Judgment | undefined,
  rules: CivilStatusRules,
): void {
  const wives = husband.spouses.length;
  if (wives === 0) return;
  switch (rules.marriage.polygamy) {
    case 'forbidden':
      return violation('HUSBAND_HAS_ONE_WIFE', `The husband is married to ${wives} wife already`);
    case 'with-judge-authorisation':
      if (wives >= rules.marriage.maxWives) {
        violation(
          'AT_MOST_FOUR_WIVES',
          `The husband already has ${wives} wives (max ${rules.marriage.maxWives})`,
        );
      }
      if (!authorisation) {
        violation(
          'FURTHER_WIFE_NEEDS_JUDGE_AUTHORISATION',
          `The husband already has ${wives} wife/wives`,
        );
      }
      return;
    default:
      return assertNever(rules.marriage.polygamy);
  }
}

function minimumAge(
  person: PersonRecord,
  who: string,
  on: string,
  authorisation: Judgment | undefined,
  rules: CivilStatusRules,
): void {
  const min = rules.marriage.minimumAge;
  // A partial birth date counts from its last possible day: when in doubt, protect the minor.
  const age = person.birthDate === null ? null : ageOn(latestDay(person.birthDate), on);
  if (age !== null && age >= min) return;
  if (authorisation && rules.marriage.underAgeWithJudgeAuthorisation) return;
  violation(
    'MINIMUM_AGE',
    age === null
      ? `The ${who}'s date of birth is unknown: rectify it or produce a judge's authorisation`
      : `The ${who} is ${age}, under ${min}, without a judge's authorisation`,
  );
}

export function evolve(state: PersonState, event: MarriageEvent): PersonState {
  switch (event.type) {
    case 'MarriageNoted': {
      const { marriageId, husband, wife, date } = event.data;
      return mapRecord(state, (r) => {
        const other =
          r.idcs === husband.idcs ? wife.idcs : r.idcs === wife.idcs ? husband.idcs : null;
        if (other === null || r.spouses.some((s) => s.idcs === other)) return r;
        return {
          ...r,
          spouses: [...r.spouses, { idcs: other, marriageId, since: date.gregorian }],
        };
      });
    }
    default:
      return assertNever(event.type);
  }
}
