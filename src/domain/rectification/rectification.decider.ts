import { notInFuture } from '../person/guards';
import type { DeathRecord, PersonRecord, PersonState } from '../person/state';
import { DEFAULT_RULES, type CivilStatusRules, type RectifiableField } from '../rules';
import { dayOf, earliestDay, isIsoDate, isPartialDate } from '../shared/dates';
import { assertNever, invalid, violation } from '../shared/errors';
import type { Idcs } from '../shared/idcs';
import type { Command, LegalBasis } from '../shared/types';
import * as v from '../shared/validate';
import { isRectifiableField, readField, RECTIFIABLE_FIELDS, writeField } from './fields';
import type { RectificationEvent, RectificationNoted } from './rectification.events';

export type NoteRectification = Command<
  'NoteRectification',
  {
    idcs: Idcs;
    field: RectifiableField;
    oldValue: string | null;
    newValue: string | null;
    legalBasis: LegalBasis;
  }
>;

/** Allowed after death too: a death act and the birth act it closes can still be corrected. */
export function noteRectification(
  command: NoteRectification,
  state: PersonState,
  rules: CivilStatusRules = DEFAULT_RULES,
): RectificationNoted[] {
  const d = command.data;
  const idcs = v.idcs('data.idcs', d.idcs);
  if (!isRectifiableField(d.field)) {
    invalid('data.field', `one of ${Object.keys(RECTIFIABLE_FIELDS).join(', ')}`);
  }
  checkValue(d.field, d.newValue);
  const basis = v.legalBasis('data.legalBasis', d.legalBasis);
  const { record, death } = correctable(state);
  if (basis.kind !== 'judgment' && basis.kind !== 'authorisation') {
    violation('RECTIFICATION_NEEDS_LEGAL_BASIS', `Legal basis is a ${basis.kind}`);
  }
  notInFuture('The legal basis', basis.date, command.metadata.now);
  const material = rules.materialFields.includes(d.field);
  if (!material && basis.kind !== 'judgment') {
    violation(
      'SUBSTANTIVE_RECTIFICATION_NEEDS_JUDGMENT',
      `${d.field} is corrected only by judgment`,
    );
  }
  const current = readField(record, death, d.field);
  if (current === undefined) violation('FIELD_ON_THE_ACT', `${d.field} is not on this act`);
  if (current !== d.oldValue) {
    violation('OLD_VALUE_MATCHES_ACT', `The act holds ${JSON.stringify(current)} for ${d.field}`);
  }
  if (current === d.newValue)
    violation('RECTIFICATION_CHANGES_VALUE', `${d.field} is already that`);
  checkConsistency(record, death, d.field, d.newValue, command.metadata.now);
  return [
    {
      type: 'RectificationNoted',
      data: {
        idcs,
        field: d.field,
        oldValue: current,
        newValue: d.newValue,
        kind: material ? 'material' : 'substantive',
        legalBasis: basis,
        noted: {
          by: command.metadata.actor,
          on: v.actDate('metadata.now', { date: dayOf(command.metadata.now) }),
        },
      },
    },
  ];
}

function correctable(state: PersonState): { record: PersonRecord; death: DeathRecord | null } {
  switch (state.status) {
    case 'alive':
      return { record: state.record, death: null };
    case 'deceased':
      return { record: state.record, death: state.death };
    case 'unregistered':
    case 'pre-declared':
      return violation('PERSON_REGISTERED', 'There is no act to rectify');
    case 'unidentified-deceased':
      return violation(
        'UNIDENTIFIED_ACT_RECTIFIED_BY_IDENTIFICATION',
        'Identify the deceased instead',
      );
    case 'annulled':
      return violation('ACT_ANNULLED', 'The act was annulled');
    default:
      return assertNever(state);
  }
}

function checkValue(field: RectifiableField, value: string | null): void {
  const path = 'data.newValue';
  if (field === 'sex') {
    if (value !== 'M' && value !== 'F') invalid(path, 'M or F');
  } else if (field === 'birthDate') {
    if (!isPartialDate(value)) invalid(path, 'YYYY, YYYY-MM or YYYY-MM-DD');
  } else if (field === 'deathDate') {
    if (!isIsoDate(value)) invalid(path, 'YYYY-MM-DD');
  } else if (field === 'father.idcs' || field === 'mother.idcs') {
    // null: the parent stays named on the act but is no longer identified in the register.
    if (value !== null) v.idcs(path, value);
  } else if (field === 'birthTime') {
    if (value !== null && !/^([01]\d|2[0-3]):[0-5]\d$/.test(value)) invalid(path, 'HH:MM or null');
  } else if (field.endsWith('.ar')) {
    // The Arabic name is authoritative: it can be corrected, never removed.
    if (value === null) invalid(path, 'the Arabic name cannot be removed');
    v.personName('data', { ar: value });
  } else if (value !== null) {
    v.text(path, value);
  }
}

/** The corrected act must still make sense: born before death, not born tomorrow... */
function checkConsistency(
  record: PersonRecord,
  death: DeathRecord | null,
  field: RectifiableField,
  value: string | null,
  now: string,
): void {
  if (field === 'birthDate' && value !== null) {
    notInFuture('The birth', earliestDay(value), now);
    if (death && death.date < earliestDay(value)) {
      violation('DEATH_NOT_BEFORE_BIRTH', `Born ${value} would be after death on ${death.date}`);
    }
  }
  if (field === 'deathDate' && value !== null) {
    notInFuture('The death', value, now);
    if (record.birthDate !== null && value < earliestDay(record.birthDate)) {
      violation(
        'DEATH_NOT_BEFORE_BIRTH',
        `Died ${value} would be before birth in ${record.birthDate}`,
      );
    }
  }
  if ((field === 'father.idcs' || field === 'mother.idcs') && value === record.idcs) {
    invalid('data.newValue', 'a person cannot be their own parent');
  }
  // Changing the sex of a married person would leave a marriage the rules forbid.
  if (field === 'sex' && record.spouses.length > 0) {
    violation(
      'SPOUSES_OF_OPPOSITE_SEX',
      'Rectify the sex of a married person only after the marriage is dissolved',
    );
  }
}

export function evolve(state: PersonState, event: RectificationEvent): PersonState {
  switch (event.type) {
    case 'RectificationNoted': {
      const { field, oldValue, newValue, legalBasis, noted } = event.data;
      const entry = { field, oldValue, newValue, basis: legalBasis, on: noted.on.gregorian };
      const fix = (r: PersonRecord): PersonRecord => ({
        ...writeField(r, field, newValue),
        rectifications: [...r.rectifications, entry],
      });
      switch (state.status) {
        case 'alive':
          return { ...state, record: fix(state.record) };
        case 'deceased':
          return {
            ...state,
            record: fix(state.record),
            death:
              field === 'deathDate' && newValue !== null
                ? { ...state.death, date: newValue }
                : state.death,
          };
        case 'unregistered':
        case 'pre-declared':
        case 'unidentified-deceased':
        case 'annulled':
          return state;
        default:
          return assertNever(state);
      }
    }
    default:
      return assertNever(event.type);
  }
}
