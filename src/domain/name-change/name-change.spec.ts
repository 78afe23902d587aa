import { evolvePerson, rebuildPerson } from '../index';
import { initialPersonState, type PersonState } from '../person/state';
import { DeciderSpecification } from '../testing/decider-spec';
import { actDate, born, HUSBAND_NAME, idcsOf, JUDGMENT, meta } from '../testing/fixtures';
import { noteNameChange, type NoteNameChange } from './name-change.decider';

const P = idcsOf(90);
const given = DeciderSpecification.for({
  decide: (c: NoteNameChange, s: PersonState) => noteNameChange(c, s),
  evolve: evolvePerson,
  initialState: initialPersonState,
});
const commission = {
  kind: 'authorisation' as const,
  authority: 'Haut-commissariat à l’état civil',
  reference: 'HC-2025-311',
  date: '2025-03-04',
};
const change = (data: Partial<NoteNameChange['data']> = {}): NoteNameChange => ({
  type: 'NoteNameChange',
  data: {
    idcs: P,
    name: { family: { ar: 'الأندلسي', lat: 'El Andaloussi' } },
    legalBasis: commission,
    ...data,
  },
  metadata: meta(),
});

describe('noteNameChange', () => {
  it('changes the name on authorisation, keeping the previous one', () => {
    const newName = { given: HUSBAND_NAME.given, family: { ar: 'الأندلسي', lat: 'El Andaloussi' } };
    given(born(P))
      .when(change())
      .then([
        {
          type: 'NameChanged',
          data: {
            idcs: P,
            previous: HUSBAND_NAME,
            name: newName,
            legalBasis: commission,
            noted: { by: meta().actor, on: actDate('2025-03-10') },
          },
        },
      ]);
    const [e] = noteNameChange(change(), rebuildPerson([born(P)]));
    expect(rebuildPerson([born(P), e!])).toMatchObject({
      record: { name: newName, previousNames: [HUSBAND_NAME] },
    });
  });

  it('NAME_CHANGE_NEEDS_AUTHORISATION', () => {
    given(born(P))
      .when(change({ legalBasis: { kind: 'declaration' } }))
      .thenThrows('NAME_CHANGE_NEEDS_AUTHORISATION');
    given(born(P))
      .when(change({ legalBasis: JUDGMENT }))
      .thenMatches((events) => expect(events).toHaveLength(1));
  });

  it('NAME_ACTUALLY_CHANGES', () => {
    given(born(P))
      .when(change({ name: { family: HUSBAND_NAME.family } }))
      .thenThrows('NAME_ACTUALLY_CHANGES');
  });
});
