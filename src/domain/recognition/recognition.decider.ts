import { livingRecord, mapRecord, notInFuture } from '../person/guards';
import { recordOf } from '../person/guards';
import type { PersonState } from '../person/state';
import { dayOf, earliestDay, latestDay } from '../shared/dates';
import { assertNever, invalid, violation } from '../shared/errors';
import type { Idcs } from '../shared/idcs';
import type { Command, LegalBasis, ParentDetails, PersonName } from '../shared/types';
import * as v from '../shared/validate';
import type { PaternityRecognised, RecognitionEvent } from './recognition.events';

export type NoteRecognition = Command<
  'NoteRecognition',
  { idcs: Idcs; father: ParentDetails; legalBasis: LegalBasis; newFamilyName?: PersonName }
>;

/**
 * Noted on the child's record only; the father's state, when he is in the register, is read
 * to check that the filiation is possible.
 */
export function noteRecognition(
  command: NoteRecognition,
  states: { child: PersonState; father?: PersonState },
): PaternityRecognised[] {
  const d = command.data;
  const idcs = v.idcs('data.idcs', d.idcs);
  v.fullName('data.father.name', d.father?.name);
  if (d.newFamilyName) v.personName('data.newFamilyName', d.newFamilyName);
  const basis = v.legalBasis('data.legalBasis', d.legalBasis);
  const child = livingRecord(states.child, 'child');
  if (basis.kind !== 'act' && basis.kind !== 'judgment') {
    violation('RECOGNITION_BY_ACT_OR_JUDGMENT', `Legal basis is a ${basis.kind}`);
  }
  notInFuture('The legal basis', basis.date, command.metadata.now);
  if (child.father !== null) {
    violation('PATERNITY_NOT_ESTABLISHED', 'The child already has a father on the act');
  }
  if (d.father.idcs !== undefined) {
    const fatherIdcs = v.idcs('data.father.idcs', d.father.idcs);
    if (fatherIdcs === idcs) invalid('data.father.idcs', 'a person cannot be their own father');
    if (!states.father) invalid('data.father.idcs', `state of person-${fatherIdcs} not loaded`);
    const father = recordOf(states.father);
    if (!father) violation('PERSON_REGISTERED', `The father person-${fatherIdcs} has no record`);
    if (father.sex !== 'M') violation('FATHER_IS_A_MAN', `The father's sex is ${father.sex}`);
    if (
      father.birthDate !== null &&
      child.birthDate !== null &&
      earliestDay(father.birthDate) >= latestDay(child.birthDate)
    ) {
      violation(
        'FATHER_BORN_BEFORE_CHILD',
        `Father born ${father.birthDate}, child ${child.birthDate}`,
      );
    }
  }
  return [
    {
      type: 'PaternityRecognised',
      data: {
        idcs,
        father: d.father,
        legalBasis: basis,
        ...(d.newFamilyName && { newFamilyName: d.newFamilyName }),
        noted: {
          by: command.metadata.actor,
          on: v.actDate('metadata.now', { date: dayOf(command.metadata.now) }),
        },
      },
    },
  ];
}

export function evolve(state: PersonState, event: RecognitionEvent): PersonState {
  switch (event.type) {
    case 'PaternityRecognised': {
      const { father, newFamilyName } = event.data;
      return mapRecord(state, ({ notionalFatherGivenName: _notional, ...r }) => ({
        ...r,
        father:
          father.idcs === undefined
            ? { name: father.name }
            : { idcs: father.idcs, name: father.name },
        ...(newFamilyName && {
          previousNames: [...r.previousNames, r.name],
          name: { ...r.name, family: newFamilyName },
        }),
      }));
    }
    default:
      return assertNever(event.type);
  }
}
