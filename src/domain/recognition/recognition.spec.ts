import { evolvePerson, rebuildPerson } from '../index';
import { initialPersonState, type PersonState } from '../person/state';
import { DeciderSpecification, expectRule } from '../testing/decider-spec';
import { ADOUL_ACT, born, fullName, idcsOf, legacy, meta } from '../testing/fixtures';
import { noteRecognition, type NoteRecognition } from './recognition.decider';

const CHILD = idcsOf(70);
const FATHER = idcsOf(71);
const given = DeciderSpecification.for({
  decide: (c: NoteRecognition, child: PersonState) => noteRecognition(c, { child }),
  evolve: evolvePerson,
  initialState: initialPersonState,
});
const fatherName = fullName('يوسف', 'الإدريسي');

function recognise(data: Partial<NoteRecognition['data']> = {}): NoteRecognition {
  return {
    type: 'NoteRecognition',
    data: { idcs: CHILD, father: { name: fatherName }, legalBasis: ADOUL_ACT, ...data },
    metadata: meta(),
  };
}
const unknownFather = born(CHILD, { father: false, date: '2024-01-01' });

describe('noteRecognition', () => {
  it('establishes the father on a child of unknown father', () => {
    given(unknownFather)
      .when(recognise({ newFamilyName: { ar: 'الإدريسي' } }))
      .thenMatches(([e]) => {
        const state = rebuildPerson([unknownFather, e!]);
        expect(state).toMatchObject({
          record: { father: { name: fatherName }, name: { family: { ar: 'الإدريسي' } } },
        });
        // The chosen "Abd-" name was a name, not a father: it goes once the father is known.
        expect(state.status === 'alive' && state.record.notionalFatherGivenName).toBe(undefined);
        expect(state.status === 'alive' && state.record.previousNames).toHaveLength(1);
      });
  });

  it('PATERNITY_NOT_ESTABLISHED: not when the act already names a father', () => {
    given(born(CHILD)).when(recognise()).thenThrows('PATERNITY_NOT_ESTABLISHED');
  });

  it('RECOGNITION_BY_ACT_OR_JUDGMENT', () => {
    given(unknownFather)
      .when(recognise({ legalBasis: { kind: 'declaration' } }))
      .thenThrows('RECOGNITION_BY_ACT_OR_JUDGMENT');
  });

  it('checks the father when he is in the register', () => {
    const child = rebuildPerson([unknownFather]);
    const father = { idcs: FATHER, name: fatherName };
    const call = (fatherEvents: Parameters<typeof rebuildPerson>[0]) => () =>
      noteRecognition(recognise({ father }), { child, father: rebuildPerson(fatherEvents) });
    expect(call([born(FATHER, { sex: 'M', date: '1990-01-01' })])()).toHaveLength(1);
    expectRule(call([born(FATHER, { sex: 'F' })]), 'FATHER_IS_A_MAN');
    expectRule(call([born(FATHER, { date: '2024-06-01' })]), 'FATHER_BORN_BEFORE_CHILD');
    expect(call([legacy(FATHER, { sex: 'M', date: '1960' })])()).toHaveLength(1);
  });
});
