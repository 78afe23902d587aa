import { livingRecord, mapRecord, notInFuture } from '../person/guards';
import type { PersonState } from '../person/state';
import { dayOf } from '../shared/dates';
import { assertNever, invalid, violation } from '../shared/errors';
import type { Idcs } from '../shared/idcs';
import type { Command, LegalBasis, PersonName } from '../shared/types';
import * as v from '../shared/validate';
import type { NameChanged, NameChangeEvent } from './name-change.events';

export type NoteNameChange = Command<
  'NoteNameChange',
  { idcs: Idcs; name: { given?: PersonName; family?: PersonName }; legalBasis: LegalBasis }
>;

export function noteNameChange(command: NoteNameChange, state: PersonState): NameChanged[] {
  const d = command.data;
  const idcs = v.idcs('data.idcs', d.idcs);
  if (!d.name?.given && !d.name?.family) invalid('data.name', 'a new given or family name');
  if (d.name.given) v.personName('data.name.given', d.name.given);
  if (d.name.family) v.personName('data.name.family', d.name.family);
  const basis = v.legalBasis('data.legalBasis', d.legalBasis);
  const record = livingRecord(state);
  if (basis.kind !== 'authorisation' && basis.kind !== 'judgment') {
    violation('NAME_CHANGE_NEEDS_AUTHORISATION', `Legal basis is a ${basis.kind}`);
  }
  notInFuture('The authorisation', basis.date, command.metadata.now);
  const name = {
    given: d.name.given ?? record.name.given,
    family: d.name.family ?? record.name.family,
  };
  if (JSON.stringify(name) === JSON.stringify(record.name)) {
    violation('NAME_ACTUALLY_CHANGES', 'The new name is the current name');
  }
  return [
    {
      type: 'NameChanged',
      data: {
        idcs,
        previous: record.name,
        name,
        legalBasis: basis,
        noted: {
          by: command.metadata.actor,
          on: v.actDate('metadata.now', { date: dayOf(command.metadata.now) }),
        },
      },
    },
  ];
}

export function evolve(state: PersonState, event: NameChangeEvent): PersonState {
  switch (event.type) {
    case 'NameChanged':
      return mapRecord(state, (r) => ({
        ...r,
        previousNames: [...r.previousNames, r.name],
        name: event.data.name,
      }));
    default:
      return assertNever(event.type);
  }
}
