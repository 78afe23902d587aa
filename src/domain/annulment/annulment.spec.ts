import { evolvePerson, rebuildPerson, type PersonEvent } from '../index';
import { initialPersonState, type PersonState } from '../person/state';
import { DeciderSpecification } from '../testing/decider-spec';
import {
  actDate,
  ADOUL_ACT,
  born,
  idcsOf,
  JUDGMENT,
  married,
  meta,
  PLACE,
} from '../testing/fixtures';
import { annulAct, type AnnulAct } from './annulment.decider';

const P = idcsOf(110);
const given = DeciderSpecification.for({
  decide: (c: AnnulAct, s: PersonState) => annulAct(c, s),
  evolve: evolvePerson,
  initialState: initialPersonState,
});
const annul = (
  act: 'birth' | 'death',
  legalBasis: AnnulAct['data']['legalBasis'] = JUDGMENT,
): AnnulAct => ({
  type: 'AnnulAct',
  data: { idcs: P, act, legalBasis },
  metadata: meta(),
});
const died: PersonEvent = {
  type: 'DeathRegistered',
  data: {
    idcs: P,
    act: { office: 'RBT-01', year: 2025, number: 4 },
    died: actDate('2025-01-10'),
    place: PLACE,
    declarant: { kind: 'authority', authority: 'x' },
    legalBasis: { kind: 'declaration' },
    delayDays: 1,
    registered: { by: meta().actor, on: actDate('2025-01-11') },
  },
};

describe('annulAct', () => {
  it('annuls a birth act by judgment; the record then takes nothing more', () => {
    given(born(P))
      .when(annul('birth'))
      .then([
        {
          type: 'ActAnnulled',
          data: {
            idcs: P,
            act: 'birth',
            actKey: { office: 'RBT-01', year: 1990, number: 1 },
            legalBasis: JUDGMENT,
            noted: { by: meta().actor, on: actDate('2025-03-10') },
          },
        },
      ]);
    const [e] = annulAct(annul('birth'), rebuildPerson([born(P)]));
    given([born(P), e!])
      .when(annul('birth'))
      .thenThrows('ACT_ANNULLED');
  });

  it('annuls a death act: the person is alive again', () => {
    const [e] = annulAct(annul('death'), rebuildPerson([born(P), died]));
    expect(e?.data.actKey).toEqual({ office: 'RBT-01', year: 2025, number: 4 });
    expect(rebuildPerson([born(P), died, e!]).status).toBe('alive');
  });

  it('ANNULMENT_BY_JUDGMENT', () => {
    given(born(P)).when(annul('birth', ADOUL_ACT)).thenThrows('ANNULMENT_BY_JUDGMENT');
  });

  it('ACT_EXISTS', () => {
    given(born(P)).when(annul('death')).thenThrows('ACT_EXISTS');
    given([]).when(annul('birth')).thenThrows('ACT_EXISTS');
  });

  it('ANNULLED_ACT_HAS_NO_CURRENT_MARRIAGE', () => {
    given([born(P), married(P, idcsOf(111))])
      .when(annul('birth'))
      .thenThrows('ANNULLED_ACT_HAS_NO_CURRENT_MARRIAGE');
  });
});
