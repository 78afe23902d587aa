import { evolvePerson, rebuildPerson, type PersonEvent } from '../index';
import { initialPersonState } from '../person/state';
import { InvalidCommand } from '../shared/errors';
import { DeciderSpecification, multiStream, on } from '../testing/decider-spec';
import { actDate, born, idcsOf, JUDGMENT, married, meta } from '../testing/fixtures';
import { noteDivorce, type NoteDivorce } from './divorce.decider';

const H = idcsOf(60);
const W = idcsOf(61);
const given = DeciderSpecification.for(
  multiStream(['husband', 'wife'] as const, initialPersonState, evolvePerson, noteDivorce),
);
const marriage = married(H, W, 'm-60', '2015-06-01');
const couple = [
  ...on<'husband', PersonEvent>('husband', born(H), marriage),
  ...on<'wife', PersonEvent>('wife', born(W, { sex: 'F' }), marriage),
];

function divorce(data: Partial<NoteDivorce['data']> = {}): NoteDivorce {
  return {
    type: 'NoteDivorce',
    data: {
      husband: H,
      wife: W,
      kind: 'mutual-consent',
      date: { date: '2025-03-03' },
      legalBasis: JUDGMENT,
      ...data,
    },
    metadata: meta(),
  };
}

describe('noteDivorce', () => {
  it('notes the divorce on both records, with its kind and judgment', () => {
    const event = {
      type: 'DivorceNoted' as const,
      data: {
        marriageId: 'm-60',
        husband: H,
        wife: W,
        kind: 'mutual-consent' as const,
        date: actDate('2025-03-03'),
        legalBasis: JUDGMENT,
        noted: { by: meta().actor, on: actDate('2025-03-10') },
      },
    };
    given(couple)
      .when(divorce())
      .then({ husband: [event], wife: [event] });
    const wife = rebuildPerson([born(W, { sex: 'F' }), marriage, event]);
    expect(wife).toMatchObject({
      record: {
        spouses: [],
        endedMarriages: [{ idcs: H, marriageId: 'm-60', ended: '2025-03-03', by: 'divorce' }],
      },
    });
  });

  it('MARRIED_TO_EACH_OTHER', () => {
    given([...on('husband', born(H)), ...on('wife', born(W, { sex: 'F' }))])
      .when(divorce())
      .thenThrows('MARRIED_TO_EACH_OTHER');
  });

  it('DIVORCE_AFTER_MARRIAGE', () => {
    given(couple)
      .when(divorce({ date: { date: '2014-01-01' } }))
      .thenThrows('DIVORCE_AFTER_MARRIAGE');
  });

  it('refuses a divorce after a spouse’s death', () => {
    const death = {
      type: 'MarriageDissolvedByDeath' as const,
      data: {
        idcs: W,
        deceased: H,
        marriageId: 'm-60',
        on: '2024-01-01',
        deathAct: { office: 'X', year: 2024, number: 1 },
      },
    };
    given([...couple, ...on('wife', death)])
      .when(divorce())
      .thenThrows('MARRIED_TO_EACH_OTHER');
  });

  it('rests on a judgment or an adoul act', () => {
    given(couple)
      .when(divorce({ legalBasis: { kind: 'declaration' } }))
      .thenThrows(InvalidCommand);
  });
});
