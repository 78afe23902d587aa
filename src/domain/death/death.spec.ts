import { evolvePerson, rebuildPerson, type PersonEvent } from '../index';
import { initialPersonState, type PersonState } from '../person/state';
import {
  evolve as evolveRegister,
  initialRegisterBook,
  type RegisterBook,
} from '../register/register.decider';
import type { RegisterEvent } from '../register/register.events';
import { MOROCCO_RULES, type CivilStatusRules } from '../rules';
import { InvalidCommand } from '../shared/errors';
import { DeciderSpecification, expectRule } from '../testing/decider-spec';
import {
  actDate,
  born,
  fullName,
  idcsOf,
  JUDGMENT,
  married,
  meta,
  PLACE,
} from '../testing/fixtures';
import {
  identifyDeceased,
  registerDeath,
  registerUnidentifiedDeath,
  type DeathDecision,
  type IdentifyDeceased,
  type RegisterDeath,
  type RegisterUnidentifiedDeath,
} from './death.decider';
import type { DeathRegistered } from './death.events';

type Given = { on: 'register'; event: RegisterEvent } | { on: string; event: PersonEvent };
interface States {
  deceased: PersonState;
  register: RegisterBook;
  spouses: Record<string, PersonState>;
}
const foldGiven = (s: States, g: Given): States => {
  if (g.on === 'register')
    return { ...s, register: evolveRegister(s.register, g.event as RegisterEvent) };
  const event = g.event as PersonEvent;
  if (g.on === 'deceased') return { ...s, deceased: evolvePerson(s.deceased, event) };
  const spouse = evolvePerson(s.spouses[g.on] ?? initialPersonState(), event);
  return { ...s, spouses: { ...s.spouses, [g.on]: spouse } };
};
const specFor = (rules: CivilStatusRules = MOROCCO_RULES) =>
  DeciderSpecification.for<RegisterDeath, States, Given, DeathDecision>({
    decide: (c, s) => registerDeath(c, s, rules),
    evolve: foldGiven,
    initialState: () => ({
      deceased: initialPersonState(),
      register: initialRegisterBook(),
      spouses: {},
    }),
  });
const given = specFor();
const onDeceased = (...events: PersonEvent[]): Given[] =>
  events.map((event) => ({ on: 'deceased', event }));

const D = idcsOf(30);
const WIFE = idcsOf(31);

function death(data: Partial<RegisterDeath['data']> = {}): RegisterDeath {
  return {
    type: 'RegisterDeath',
    data: {
      idcs: D,
      office: 'RBT-02',
      died: { date: '2025-03-05', time: '23:10' },
      place: PLACE,
      declarant: { kind: 'family', name: fullName('عمر', 'العلوي'), relation: 'son' },
      cause: { icd10: 'I21.9' },
      legalBasis: { kind: 'declaration' },
      ...data,
    },
    metadata: meta(),
  };
}

const hospital = {
  kind: 'institution' as const,
  institution: { type: 'hospital' as const, name: 'CHU Ibn Sina' },
};

describe('registerDeath', () => {
  it('draws up the death act in the register of the place of death', () => {
    given(onDeceased(born(D)))
      .when(death())
      .then({
        deceased: [
          {
            type: 'DeathRegistered',
            data: {
              idcs: D,
              act: { office: 'RBT-02', year: 2025, number: 1 },
              died: actDate('2025-03-05', '23:10'),
              place: PLACE,
              declarant: death().data.declarant,
              cause: { icd10: 'I21.9' },
              legalBasis: { kind: 'declaration' },
              delayDays: 5,
              registered: { by: meta().actor, on: actDate('2025-03-10') },
            },
          },
        ],
        register: [
          {
            type: 'ActNumberAllocated',
            data: {
              office: 'RBT-02',
              year: 2025,
              actNumber: 1,
              actKind: 'death',
              idcs: D,
              allocatedAt: meta().now,
              by: meta().actor,
            },
          },
        ],
        spouses: {},
      });
  });

  it('notes the end of the marriage on the surviving spouse’s record, in the same decision', () => {
    const marriage = married(D, WIFE, 'm-1');
    given([
      ...onDeceased(born(D), marriage),
      { on: WIFE, event: born(WIFE, { sex: 'F' }) },
      { on: WIFE, event: marriage },
    ])
      .when(death())
      .thenMatches(({ deceased: [d], spouses }) => {
        expect(spouses).toEqual({
          [WIFE]: [
            {
              type: 'MarriageDissolvedByDeath',
              data: {
                idcs: WIFE,
                deceased: D,
                marriageId: 'm-1',
                on: '2025-03-05',
                deathAct: d!.data.act,
              },
            },
          ],
        });
        const widow = rebuildPerson([born(WIFE, { sex: 'F' }), marriage, ...spouses[WIFE]!]);
        expect(widow).toMatchObject({
          status: 'alive',
          record: { spouses: [], endedMarriages: [{ idcs: D, by: 'death' }] },
        });
        const dead = rebuildPerson([born(D), marriage, d!]);
        expect(dead).toMatchObject({
          status: 'deceased',
          death: { date: '2025-03-05' },
          record: { spouses: [] },
        });
      });
  });

  it('needs the states of the current spouses', () => {
    given(onDeceased(born(D), married(D, WIFE)))
      .when(death())
      .thenThrows(InvalidCommand);
  });

  it('DEATH_NOT_BEFORE_BIRTH', () => {
    given(onDeceased(born(D, { date: '2025-03-06' })))
      .when(death())
      .thenThrows('DEATH_NOT_BEFORE_BIRTH');
  });

  it('refuses a death dated after today', () => {
    given(onDeceased(born(D)))
      .when(death({ died: { date: '2025-03-11' } }))
      .thenThrows('EVENT_NOT_IN_FUTURE');
  });

  it('gives families 30 days, then needs a judgment', () => {
    given(onDeceased(born(D)))
      .when(death({ died: { date: '2025-02-08' } }))
      .thenMatches(({ deceased: [d] }) => expect(d?.data.delayDays).toBe(30));
    given(onDeceased(born(D)))
      .when(death({ died: { date: '2025-02-07' } }))
      .thenThrows('LATE_DEATH_NEEDS_JUDGMENT');
    given(onDeceased(born(D)))
      .when(death({ died: { date: '2025-02-07' }, legalBasis: JUDGMENT }))
      .thenMatches(({ deceased: [d] }) => expect(d?.data.legalBasis).toEqual(JUDGMENT));
  });

  it('gives hospitals and prisons 3 days', () => {
    given(onDeceased(born(D)))
      .when(death({ died: { date: '2025-03-07' }, declarant: hospital }))
      .thenMatches(({ deceased }) => expect(deceased).toHaveLength(1));
    given(onDeceased(born(D)))
      .when(death({ died: { date: '2025-03-06' }, declarant: hospital }))
      .thenThrows('LATE_DEATH_NEEDS_JUDGMENT');
  });

  it('takes the family deadline from the configured rules', () => {
    const rules = {
      ...MOROCCO_RULES,
      deadlines: { ...MOROCCO_RULES.deadlines, deathFamilyDays: 60 },
    };
    specFor(rules)(onDeceased(born(D)))
      .when(death({ died: { date: '2025-01-20' } }))
      .thenMatches(({ deceased }) => expect(deceased).toHaveLength(1));
  });

  it('refuses a second death: nothing but rectification and annulment after death', () => {
    const first = registerDeath(death(), {
      deceased: rebuildPerson([born(D)]),
      register: initialRegisterBook(),
      spouses: {},
    }).deceased[0]!;
    given(onDeceased(born(D), first))
      .when(death())
      .thenThrows('NOTHING_AFTER_DEATH');
  });

  it('needs a birth act on the record', () => {
    given([]).when(death()).thenThrows('PERSON_REGISTERED');
  });
});

describe('unidentified deceased', () => {
  const U = idcsOf(40);
  const police = {
    kind: 'police-report' as const,
    authority: 'DGSN Rabat',
    reference: 'PV-881',
    date: '2025-03-02',
  };
  const unidentified = (
    legalBasis: RegisterUnidentifiedDeath['data']['legalBasis'] = police,
  ): RegisterUnidentifiedDeath => ({
    type: 'RegisterUnidentifiedDeath',
    data: {
      idcs: U,
      office: 'RBT-02',
      died: { date: '2025-03-01' },
      place: PLACE,
      description: 'man, about 40',
      legalBasis,
    },
    metadata: meta(),
  });
  const registered = () =>
    registerUnidentifiedDeath(unidentified(), {
      deceased: initialPersonState(),
      register: initialRegisterBook(),
    });

  it('is registered on a police report, in a stream of its own', () => {
    const { deceased, register } = registered();
    expect(deceased[0]?.data).toMatchObject({ idcs: U, act: { number: 1 }, legalBasis: police });
    expect(register[0]?.data).toMatchObject({ actKind: 'death', idcs: U });
    expect(rebuildPerson(deceased)).toMatchObject({
      status: 'unidentified-deceased',
      identifiedAs: null,
    });
  });

  it('needs the police report', () => {
    expectRule(
      () =>
        registerUnidentifiedDeath(unidentified({ kind: 'declaration' }), {
          deceased: initialPersonState(),
          register: initialRegisterBook(),
        }),
      'UNIDENTIFIED_DEATH_FROM_POLICE_REPORT',
    );
  });

  describe('identification by rectifying judgment', () => {
    const identify = (
      legalBasis: IdentifyDeceased['data']['legalBasis'] = JUDGMENT,
    ): IdentifyDeceased => ({
      type: 'IdentifyDeceased',
      data: { idcs: U, identifiedAs: { idcs: D, name: fullName('محمد', 'العلوي') }, legalBasis },
      metadata: meta(),
    });
    const unidentifiedState = () => rebuildPerson(registered().deceased);

    it('names the deceased and carries the same death act onto their record', () => {
      const out = identifyDeceased(identify(), {
        unidentified: unidentifiedState(),
        person: rebuildPerson([born(D)]),
      });
      expect(out.unidentified[0]?.data.identifiedAs.idcs).toBe(D);
      const carried: DeathRegistered | undefined = out.person[0];
      expect(carried?.data).toMatchObject({
        idcs: D,
        act: registered().deceased[0]!.data.act,
        identifiedFrom: U,
        legalBasis: JUDGMENT,
      });
      expect(rebuildPerson([born(D), ...out.person]).status).toBe('deceased');
      // The unidentified act stays, now pointing at the person.
      expect(rebuildPerson([...registered().deceased, ...out.unidentified])).toMatchObject({
        status: 'unidentified-deceased',
        identifiedAs: { idcs: D },
      });
    });

    it('IDENTIFICATION_BY_JUDGMENT', () => {
      expectRule(
        () =>
          identifyDeceased(identify(police), {
            unidentified: unidentifiedState(),
            person: rebuildPerson([born(D)]),
          }),
        'IDENTIFICATION_BY_JUDGMENT',
      );
    });

    it('ALREADY_IDENTIFIED', () => {
      const once = identifyDeceased(identify(), {
        unidentified: unidentifiedState(),
        person: rebuildPerson([born(D)]),
      });
      const state = rebuildPerson([...registered().deceased, ...once.unidentified]);
      expectRule(
        () =>
          identifyDeceased(identify(), { unidentified: state, person: rebuildPerson([born(D)]) }),
        'ALREADY_IDENTIFIED',
      );
    });

    it('refuses a person whose death is already registered', () => {
      const dead = registerDeath(death(), {
        deceased: rebuildPerson([born(D)]),
        register: initialRegisterBook(),
        spouses: {},
      });
      expectRule(
        () =>
          identifyDeceased(identify(), {
            unidentified: unidentifiedState(),
            person: rebuildPerson([born(D), ...dead.deceased]),
          }),
        'NOTHING_AFTER_DEATH',
      );
    });
  });
});
