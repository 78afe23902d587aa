import { notInFuture } from '../person/guards';
import type { PersonState } from '../person/state';
import { dayOf } from '../shared/dates';
import { assertNever, invalid, violation } from '../shared/errors';
import type { Idcs } from '../shared/idcs';
import type { ActKey, Command, LegalBasis } from '../shared/types';
import * as v from '../shared/validate';
import type { ActAnnulled, AnnulmentEvent } from './annulment.events';

export type AnnulAct = Command<
  'AnnulAct',
  { idcs: Idcs; act: 'birth' | 'death'; legalBasis: LegalBasis }
>;

export function annulAct(command: AnnulAct, state: PersonState): ActAnnulled[] {
  const d = command.data;
  const idcs = v.idcs('data.idcs', d.idcs);
  if (d.act !== 'birth' && d.act !== 'death') invalid('data.act', 'birth or death');
  const basis = v.legalBasis('data.legalBasis', d.legalBasis);
  const actKey = annullable(state, d.act);
  if (basis.kind !== 'judgment')
    violation('ANNULMENT_BY_JUDGMENT', `Legal basis is a ${basis.kind}`);
  notInFuture('The judgment', basis.date, command.metadata.now);
  return [
    {
      type: 'ActAnnulled',
      data: {
        idcs,
        act: d.act,
        actKey,
        legalBasis: basis,
        noted: {
          by: command.metadata.actor,
          on: v.actDate('metadata.now', { date: dayOf(command.metadata.now) }),
        },
      },
    },
  ];
}

function annullable(state: PersonState, act: 'birth' | 'death'): ActKey {
  switch (state.status) {
    case 'unregistered':
    case 'pre-declared':
      return violation('ACT_EXISTS', `There is no ${act} act on this record`);
    case 'annulled':
      return violation('ACT_ANNULLED', `The ${state.annulled.act} act is already annulled`);
    case 'alive':
      if (act === 'death') return violation('ACT_EXISTS', 'There is no death act on this record');
      // The spouses' records would keep a marriage with a person who no longer exists.
      if (state.record.spouses.length > 0) {
        violation('ANNULLED_ACT_HAS_NO_CURRENT_MARRIAGE', 'The person is currently married');
      }
      return state.record.birthAct;
    case 'deceased':
      return act === 'birth' ? state.record.birthAct : state.death.act;
    case 'unidentified-deceased':
      if (act === 'birth')
        return violation('ACT_EXISTS', 'An unidentified death act has no birth act');
      return state.death.act;
    default:
      return assertNever(state);
  }
}

export function evolve(state: PersonState, event: AnnulmentEvent): PersonState {
  switch (event.type) {
    case 'ActAnnulled': {
      const { idcs, act, legalBasis } = event.data;
      if (legalBasis.kind !== 'judgment') return state;
      const { kind: _kind, ...judgment } = legalBasis;
      const annulled = { status: 'annulled' as const, idcs, annulled: { act, judgment } };
      switch (state.status) {
        case 'alive':
          return act === 'birth' ? annulled : state;
        case 'deceased':
          // Annulling the death act brings the record back to life. The marriages the death
          // dissolved stay dissolved: the spouses' records say so, and only a new note can
          // restore a marriage.
          return act === 'birth' ? annulled : { status: 'alive', record: state.record };
        case 'unidentified-deceased':
          return act === 'death' ? annulled : state;
        case 'unregistered':
        case 'pre-declared':
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
