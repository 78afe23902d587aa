import { evolvePerson, rebuildPerson } from '../index';
import { initialPersonState, type PersonState } from '../person/state';
import { DeciderSpecification, expectRule } from '../testing/decider-spec';
import { ADOUL_ACT, born, fullName, idcsOf, JUDGMENT, meta } from '../testing/fixtures';
import { endKafala, noteKafala, type EndKafala, type NoteKafala } from './kafala.decider';

const CHILD = idcsOf(80);
const given = DeciderSpecification.for({
  decide: (c: NoteKafala, s: PersonState) => noteKafala(c, s),
  evolve: evolvePerson,
  initialState: initialPersonState,
});
const couple = {
  kind: 'couple' as const,
  husband: { name: fullName('سعيد', 'المنصوري'), idcs: idcsOf(81) },
  wife: { name: fullName('نادية', 'المنصوري') },
};
const kafala = (order: NoteKafala['data']['order'] = JUDGMENT): NoteKafala => ({
  type: 'NoteKafala',
  data: { idcs: CHILD, kafil: couple, order },
  metadata: meta(),
});
const child = born(CHILD, { father: false, date: '2022-02-02' });

describe('noteKafala', () => {
  it('notes the kafala order without creating any filiation', () => {
    given(child)
      .when(kafala())
      .thenMatches(([e]) => {
        expect(e?.data).toMatchObject({
          kafil: couple,
          order: { court: 'TPI Rabat', reference: 'J-2025-117' },
        });
        const before = rebuildPerson([child]);
        const after = rebuildPerson([child, e!]);
        expect(after).toMatchObject({ record: { kafala: { since: '2025-03-03', kafil: couple } } });
        if (before.status !== 'alive' || after.status !== 'alive')
          throw new Error('alive expected');
        expect(after.record.father).toEqual(before.record.father);
        expect(after.record.mother).toEqual(before.record.mother);
        expect(after.record.name).toEqual(before.record.name);
      });
  });

  it('KAFALA_BY_JUDGE_ORDER', () => {
    given(child).when(kafala(ADOUL_ACT)).thenThrows('KAFALA_BY_JUDGE_ORDER');
  });

  it('KAFALA_OF_A_MINOR', () => {
    given(born(CHILD, { date: '2000-01-01' }))
      .when(kafala())
      .thenThrows('KAFALA_OF_A_MINOR');
  });

  it('ONE_KAFALA_AT_A_TIME, until it ends', () => {
    const [noted] = noteKafala(kafala(), rebuildPerson([child]));
    given([child, noted!]).when(kafala()).thenThrows('ONE_KAFALA_AT_A_TIME');
    const end: EndKafala = {
      type: 'EndKafala',
      data: {
        idcs: CHILD,
        reason: 'revoked',
        date: '2025-03-09',
        legalBasis: { ...JUDGMENT, date: '2025-03-09' },
      },
      metadata: meta(),
    };
    const [ended] = endKafala(end, rebuildPerson([child, noted!]));
    expect(rebuildPerson([child, noted!, ended!])).toMatchObject({ record: { kafala: null } });
    given([child, noted!, ended!])
      .when(kafala())
      .thenMatches((events) => expect(events).toHaveLength(1));
    expectRule(() => endKafala(end, rebuildPerson([child])), 'KAFALA_IN_FORCE');
  });
});
