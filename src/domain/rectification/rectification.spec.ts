import { evolvePerson, rebuildPerson, type PersonEvent } from '../index';
import { initialPersonState, type PersonState } from '../person/state';
import { MOROCCO_RULES } from '../rules';
import { InvalidCommand } from '../shared/errors';
import { DeciderSpecification } from '../testing/decider-spec';
import { actDate, born, idcsOf, JUDGMENT, legacy, married, meta, PLACE } from '../testing/fixtures';
import { noteRectification, type NoteRectification } from './rectification.decider';

const P = idcsOf(100);
const given = DeciderSpecification.for({
  decide: (c: NoteRectification, s: PersonState) => noteRectification(c, s, MOROCCO_RULES),
  evolve: evolvePerson,
  initialState: initialPersonState,
});
const ministry = {
  kind: 'authorisation' as const,
  authority: 'Ministère de l’Intérieur',
  reference: 'AUT-55',
  date: '2025-03-04',
};
const rectify = (
  field: NoteRectification['data']['field'],
  oldValue: string | null,
  newValue: string | null,
  legalBasis: NoteRectification['data']['legalBasis'] = JUDGMENT,
): NoteRectification => ({
  type: 'NoteRectification',
  data: { idcs: P, field, oldValue, newValue, legalBasis },
  metadata: meta(),
});
const died = (date: string): PersonEvent => ({
  type: 'DeathRegistered',
  data: {
    idcs: P,
    act: { office: 'RBT-01', year: 2025, number: 4 },
    died: actDate(date),
    place: PLACE,
    declarant: { kind: 'authority', authority: 'x' },
    legalBasis: { kind: 'declaration' },
    delayDays: 1,
    registered: { by: meta().actor, on: actDate(date) },
  },
});

describe('noteRectification', () => {
  it('corrects a Latin transcription on authorisation (material error), keeping the original', () => {
    given(born(P))
      .when(rectify('givenName.lat', 'Mohammed', 'Mohamed', ministry))
      .then([
        {
          type: 'RectificationNoted',
          data: {
            idcs: P,
            field: 'givenName.lat',
            oldValue: 'Mohammed',
            newValue: 'Mohamed',
            kind: 'material',
            legalBasis: ministry,
            noted: { by: meta().actor, on: actDate('2025-03-10') },
          },
        },
      ]);
    const [e] = noteRectification(
      rectify('givenName.lat', 'Mohammed', 'Mohamed', ministry),
      rebuildPerson([born(P)]),
    );
    expect(rebuildPerson([born(P), e!])).toMatchObject({
      record: {
        name: { given: { ar: 'محمد', lat: 'Mohamed' } },
        rectifications: [
          { field: 'givenName.lat', oldValue: 'Mohammed', newValue: 'Mohamed', basis: ministry },
        ],
      },
    });
  });

  it('SUBSTANTIVE_RECTIFICATION_NEEDS_JUDGMENT', () => {
    given(born(P))
      .when(rectify('birthDate', '1990-05-14', '1990-05-15', ministry))
      .thenThrows('SUBSTANTIVE_RECTIFICATION_NEEDS_JUDGMENT');
    given(born(P))
      .when(rectify('birthDate', '1990-05-14', '1990-05-15'))
      .thenMatches(([e]) => expect(e?.data.kind).toBe('substantive'));
  });

  it('RECTIFICATION_NEEDS_LEGAL_BASIS', () => {
    given(born(P))
      .when(rectify('givenName.lat', 'Mohammed', 'Mohamed', { kind: 'declaration' }))
      .thenThrows('RECTIFICATION_NEEDS_LEGAL_BASIS');
  });

  it('OLD_VALUE_MATCHES_ACT and RECTIFICATION_CHANGES_VALUE', () => {
    given(born(P))
      .when(rectify('sex', 'F', 'M'))
      .thenThrows('OLD_VALUE_MATCHES_ACT');
    given(born(P))
      .when(rectify('sex', 'M', 'M'))
      .thenThrows('RECTIFICATION_CHANGES_VALUE');
  });

  it('FIELD_ON_THE_ACT: no father on the act, no death date while alive', () => {
    given(born(P, { father: false }))
      .when(rectify('father.givenName.ar', null, 'أحمد'))
      .thenThrows('FIELD_ON_THE_ACT');
    given(born(P))
      .when(rectify('deathDate', null, '2025-01-01'))
      .thenThrows('FIELD_ON_THE_ACT');
  });

  it('completes a legacy act’s year of birth by judgment', () => {
    given(legacy(P, { date: '1931' }))
      .when(rectify('birthDate', '1931', '1931-04-02'))
      .thenMatches(([e]) =>
        expect(rebuildPerson([legacy(P, { date: '1931' }), e!])).toMatchObject({
          record: { birthDate: '1931-04-02' },
        }),
      );
  });

  it('is allowed after death, and keeps death after birth', () => {
    given([born(P), died('2025-01-10')])
      .when(rectify('deathDate', '2025-01-10', '2025-01-09'))
      .thenMatches(([e]) =>
        expect(rebuildPerson([born(P), died('2025-01-10'), e!])).toMatchObject({
          status: 'deceased',
          death: { date: '2025-01-09' },
        }),
      );
    given([born(P), died('2025-01-10')])
      .when(rectify('deathDate', '2025-01-10', '1980-01-01'))
      .thenThrows('DEATH_NOT_BEFORE_BIRTH');
    given([born(P), died('2025-01-10')])
      .when(rectify('birthDate', '1990-05-14', '2025-02-01'))
      .thenThrows('DEATH_NOT_BEFORE_BIRTH');
  });

  it('does not change the sex of a married person', () => {
    given([born(P), married(P, idcsOf(101))])
      .when(rectify('sex', 'M', 'F'))
      .thenThrows('SPOUSES_OF_OPPOSITE_SEX');
  });

  it('rectifies the filiation by judgment: the parent’s identity in the register', () => {
    const father = idcsOf(102);
    given(born(P))
      .when(rectify('father.idcs', null, father, ministry))
      .thenThrows('SUBSTANTIVE_RECTIFICATION_NEEDS_JUDGMENT');
    given(born(P))
      .when(rectify('father.idcs', null, father))
      .thenMatches(([e]) =>
        expect(rebuildPerson([born(P), e!])).toMatchObject({
          record: { father: { idcs: father, name: { given: { ar: 'أحمد' } } } },
        }),
      );
    given(born(P, { father: false }))
      .when(rectify('father.idcs', null, father))
      .thenThrows('FIELD_ON_THE_ACT');
    given(born(P))
      .when(rectify('mother.idcs', null, P))
      .thenThrows(InvalidCommand);
    given(born(P))
      .when(rectify('mother.idcs', null, '1234567890'))
      .thenThrows(InvalidCommand);
  });

  it('never removes the Arabic name, and checks values', () => {
    given(born(P))
      .when(rectify('givenName.ar', 'محمد', null))
      .thenThrows(InvalidCommand);
    given(born(P))
      .when(rectify('sex', 'M', 'X'))
      .thenThrows(InvalidCommand);
    given(born(P))
      .when(rectify('birthDate', '1990-05-14', '14/05/1990'))
      .thenThrows(InvalidCommand);
  });
});
