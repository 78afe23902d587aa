import { evolvePerson } from '../index';
import { initialPersonState } from '../person/state';
import { MOROCCO_RULES, type CivilStatusRules } from '../rules';
import { InvalidCommand } from '../shared/errors';
import { DeciderSpecification, multiStream, on } from '../testing/decider-spec';
import {
  actDate,
  ADOUL_ACT,
  born,
  HUSBAND_NAME,
  idcsOf,
  JUDGMENT,
  legacy,
  married,
  meta,
  PLACE,
  WIFE_NAME,
} from '../testing/fixtures';
import { noteMarriage, type NoteMarriage } from './marriage.decider';

const H = idcsOf(10);
const W = idcsOf(20);

const specFor = (rules: CivilStatusRules = MOROCCO_RULES) =>
  DeciderSpecification.for(
    multiStream(
      ['husband', 'wife'] as const,
      initialPersonState,
      evolvePerson,
      (c: NoteMarriage, s) => noteMarriage(c, s, rules),
    ),
  );
const given = specFor();

function marriage(data: Partial<NoteMarriage['data']> = {}): NoteMarriage {
  return {
    type: 'NoteMarriage',
    data: { husband: H, wife: W, date: { date: '2025-03-01' }, contract: ADOUL_ACT, ...data },
    metadata: meta(undefined, 'marriage-1'),
  };
}

const couple = [...on('husband', born(H, { sex: 'M' })), ...on('wife', born(W, { sex: 'F' }))];
const polygamy = { court: 'TPI Rabat', reference: 'AUT-2025-9', date: '2025-02-20' };

describe('noteMarriage', () => {
  it('notes the same marriage on both spouses’ records', () => {
    const event = {
      type: 'MarriageNoted' as const,
      data: {
        marriageId: 'marriage-1',
        husband: { idcs: H, name: HUSBAND_NAME },
        wife: { idcs: W, name: WIFE_NAME },
        date: actDate('2025-03-01'),
        contract: ADOUL_ACT,
        noted: { by: meta().actor, on: actDate('2025-03-10') },
      },
    };
    given(couple)
      .when(marriage())
      .then({ husband: [event], wife: [event] });
  });

  it('links each record to the other', () => {
    const { husband, wife } = noteMarriage(marriage(), {
      husband: evolvePerson(initialPersonState(), born(H, { sex: 'M' })),
      wife: evolvePerson(initialPersonState(), born(W, { sex: 'F' })),
    });
    const h = [born(H), ...husband].reduce(evolvePerson, initialPersonState());
    const w = [born(W, { sex: 'F' }), ...wife].reduce(evolvePerson, initialPersonState());
    expect(h).toMatchObject({
      record: { spouses: [{ idcs: W, marriageId: 'marriage-1', since: '2025-03-01' }] },
    });
    expect(w).toMatchObject({ record: { spouses: [{ idcs: H, marriageId: 'marriage-1' }] } });
  });

  it('SPOUSES_ALIVE', () => {
    const death = {
      type: 'DeathRegistered' as const,
      data: {
        idcs: W,
        act: { office: 'RBT-01', year: 2024, number: 9 },
        died: actDate('2024-01-01'),
        place: PLACE,
        declarant: { kind: 'authority' as const, authority: 'x' },
        legalBasis: { kind: 'declaration' as const },
        delayDays: 1,
        registered: { by: meta().actor, on: actDate('2024-01-02') },
      },
    };
    given([...couple, ...on('wife', death)])
      .when(marriage())
      .thenThrows('SPOUSES_ALIVE');
  });

  it('needs both spouses registered', () => {
    given(on('husband', born(H)))
      .when(marriage())
      .thenThrows('PERSON_REGISTERED');
  });

  it('SPOUSES_OF_OPPOSITE_SEX', () => {
    given([...on('husband', born(H)), ...on('wife', born(W, { sex: 'M' }))])
      .when(marriage())
      .thenThrows('SPOUSES_OF_OPPOSITE_SEX');
  });

  it('NOT_ALREADY_MARRIED_TO_EACH_OTHER', () => {
    given([...couple, ...on('husband', married(H, W)), ...on('wife', married(H, W))])
      .when(marriage())
      .thenThrows('NOT_ALREADY_MARRIED_TO_EACH_OTHER');
  });

  it('WIFE_HAS_ONE_HUSBAND', () => {
    given([...couple, ...on('wife', married(idcsOf(11), W))])
      .when(marriage())
      .thenThrows('WIFE_HAS_ONE_HUSBAND');
  });

  it('FURTHER_WIFE_NEEDS_JUDGE_AUTHORISATION, and passes with it', () => {
    const first = on('husband', married(H, idcsOf(21)));
    given([...couple, ...first])
      .when(marriage())
      .thenThrows('FURTHER_WIFE_NEEDS_JUDGE_AUTHORISATION');
    given([...couple, ...first])
      .when(marriage({ authorisations: { polygamy } }))
      .thenMatches(({ husband: [e] }) => expect(e?.data.authorisations).toEqual({ polygamy }));
  });

  it('AT_MOST_FOUR_WIVES, even with an authorisation', () => {
    const four = [21, 22, 23, 24].flatMap((n) => on('husband', married(H, idcsOf(n))));
    given([...couple, ...four])
      .when(marriage({ authorisations: { polygamy } }))
      .thenThrows('AT_MOST_FOUR_WIVES');
  });

  it('HUSBAND_HAS_ONE_WIFE where the rules forbid polygamy', () => {
    const monogamous = {
      ...MOROCCO_RULES,
      marriage: { ...MOROCCO_RULES.marriage, polygamy: 'forbidden' as const },
    };
    specFor(monogamous)([...couple, ...on('husband', married(H, idcsOf(21)))])
      .when(marriage({ authorisations: { polygamy } }))
      .thenThrows('HUSBAND_HAS_ONE_WIFE');
  });

  describe('MINIMUM_AGE', () => {
    const minor = [
      ...on('husband', born(H)),
      ...on('wife', born(W, { sex: 'F', date: '2008-01-15' })),
    ];
    it('refuses a spouse under 18 without a judge’s authorisation', () => {
      given(minor).when(marriage()).thenThrows('MINIMUM_AGE');
    });
    it('accepts with the authorisation', () => {
      given(minor)
        .when(marriage({ authorisations: { wifeUnderAge: polygamy } }))
        .thenMatches(({ wife }) => expect(wife).toHaveLength(1));
    });
    it('follows the configured age', () => {
      const sixteen = { ...MOROCCO_RULES, marriage: { ...MOROCCO_RULES.marriage, minimumAge: 16 } };
      specFor(sixteen)(minor)
        .when(marriage())
        .thenMatches(({ husband }) => expect(husband).toHaveLength(1));
    });
    it('counts a year-only birth date from its last day: when in doubt, protect the minor', () => {
      const bornIn = (year: string) => [
        ...on('husband', born(H)),
        ...on('wife', legacy(W, { sex: 'F', date: year })),
      ];
      given(bornIn('2006'))
        .when(marriage())
        .thenMatches(({ wife }) => expect(wife).toHaveLength(1));
      given(bornIn('2007')).when(marriage()).thenThrows('MINIMUM_AGE');
    });
    it('refuses when the date of birth is unknown', () => {
      given([...on('husband', born(H)), ...on('wife', legacy(W, { sex: 'F' }))])
        .when(marriage())
        .thenThrows('MINIMUM_AGE');
    });
  });

  it('refuses a marriage dated in the future', () => {
    given(couple)
      .when(marriage({ date: { date: '2025-04-01' } }))
      .thenThrows('EVENT_NOT_IN_FUTURE');
  });

  it('refuses a marriage of a person with themself', () => {
    given(couple)
      .when(marriage({ wife: H }))
      .thenThrows(InvalidCommand);
  });

  it('rests on an adoul act or a judgment, not a declaration', () => {
    given(couple)
      .when(marriage({ contract: { kind: 'declaration' } }))
      .thenThrows(InvalidCommand);
    given(couple)
      .when(marriage({ contract: JUDGMENT, date: { date: '2025-03-01' } }))
      .thenMatches(({ wife: [e] }) => expect(e?.data.contract).toEqual(JUDGMENT));
  });
});
