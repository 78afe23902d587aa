import { initialPersonState, type PersonState } from '../person/state';
import {
  evolve as evolveRegister,
  initialRegisterBook,
  type RegisterBook,
} from '../register/register.decider';
import type { ActNumberAllocated, RegisterEvent } from '../register/register.events';
import { InvalidCommand } from '../shared/errors';
import { DeciderSpecification, expectRule } from '../testing/decider-spec';
import { fullName, idcsOf, meta, PLACE, TODAY } from '../testing/fixtures';
import {
  evolve,
  preDeclareBirth,
  registerBirth,
  registerMultipleBirth,
  type BirthDecision,
  type PreDeclareBirth,
  type RegisterBirth,
  type RegisterMultipleBirth,
} from './birth.decider';
import type { BirthEvent, BirthPreDeclared } from './birth.events';

type Given = { on: 'child'; event: BirthEvent } | { on: 'register'; event: RegisterEvent };
interface States {
  child: PersonState;
  register: RegisterBook;
}
const foldGiven = (s: States, g: Given): States =>
  g.on === 'child'
    ? { ...s, child: evolve(s.child, g.event) }
    : { ...s, register: evolveRegister(s.register, g.event) };
const initialState = (): States => ({
  child: initialPersonState(),
  register: initialRegisterBook(),
});

const given = DeciderSpecification.for<RegisterBirth, States, Given, BirthDecision>({
  decide: (command, states) => registerBirth(command, states),
  evolve: foldGiven,
  initialState,
});

const CHILD = idcsOf(1);
const FATHER = fullName('يوسف', 'الإدريسي', ['Youssef', 'El Idrissi']);
const MOTHER = fullName('سلمى', 'بنجلون', ['Salma', 'Benjelloun']);
const BOTH = {
  kind: 'both-parents' as const,
  father: { name: FATHER, born: { date: '1988' } },
  mother: { name: MOTHER, idcs: idcsOf(50) },
};

function birth(overrides: Partial<RegisterBirth['data']> = {}, now?: string): RegisterBirth {
  return {
    type: 'RegisterBirth',
    data: {
      office: 'RBT-01',
      child: {
        idcs: CHILD,
        name: fullName('آدم', 'الإدريسي', ['Adam', 'El Idrissi']),
        sex: 'M',
        born: { date: '2025-03-01', time: '04:20' },
      },
      place: PLACE,
      filiation: BOTH,
      declarant: { relation: 'father', name: FATHER },
      legalBasis: { kind: 'declaration' },
      ...overrides,
    },
    metadata: meta(now),
  };
}

const allocation = (actNumber: number, idcs = CHILD): ActNumberAllocated => ({
  type: 'ActNumberAllocated',
  data: {
    office: 'RBT-01',
    year: 2025,
    actNumber,
    actKind: 'birth',
    idcs,
    allocatedAt: meta().now,
    by: meta().actor,
  },
});

describe('registerBirth', () => {
  it('draws up the act and numbers it in the office register book of the year', () => {
    given([])
      .when(birth())
      .then({
        child: [
          {
            type: 'BirthRegistered',
            data: {
              idcs: CHILD,
              act: { office: 'RBT-01', year: 2025, number: 1 },
              child: {
                name: fullName('آدم', 'الإدريسي', ['Adam', 'El Idrissi']),
                sex: 'M',
                born: {
                  gregorian: '2025-03-01',
                  time: '04:20',
                  hijri: { year: 1446, month: 9, day: 1, source: 'computed' },
                },
                place: PLACE,
              },
              filiation: 'both-parents',
              father: BOTH.father,
              mother: BOTH.mother,
              declarant: { relation: 'father', name: FATHER },
              legalBasis: { kind: 'declaration' },
              delayDays: 9,
              registered: {
                by: meta().actor,
                on: {
                  gregorian: TODAY,
                  hijri: { year: 1446, month: 9, day: 10, source: 'computed' },
                },
              },
            },
          },
        ],
        register: [allocation(1)],
      });
  });

  it('takes the next act number of the book', () => {
    given([
      { on: 'register', event: allocation(1, idcsOf(7)) },
      { on: 'register', event: allocation(2, idcsOf(8)) },
    ])
      .when(birth())
      .thenMatches(({ child, register }) => {
        expect(child[0]?.data.act.number).toBe(3);
        expect(register).toEqual([allocation(3)]);
      });
  });

  it('keeps the Hijri date as written on the act', () => {
    const child = {
      ...birth().data.child,
      born: { date: '2025-03-01', hijri: { year: 1446, month: 8, day: 30 } },
    };
    given([])
      .when(birth({ child }))
      .thenMatches(({ child: [e] }) =>
        expect(e?.data.child.born.hijri).toEqual({
          year: 1446,
          month: 8,
          day: 30,
          source: 'as-written',
        }),
      );
  });

  it('needs a declaratory judgment after 30 days', () => {
    const late = { ...birth().data.child, born: { date: '2025-01-15' } };
    given([])
      .when(birth({ child: late }))
      .thenThrows('LATE_BIRTH_NEEDS_JUDGMENT');
    const judgment = {
      kind: 'judgment' as const,
      court: 'TPI Rabat',
      reference: '2025/112',
      date: '2025-03-05',
    };
    given([])
      .when(birth({ child: late, legalBasis: judgment }))
      .thenMatches(({ child: [e] }) => {
        expect(e?.data.legalBasis).toEqual(judgment);
        expect(e?.data.delayDays).toBe(54);
      });
  });

  it('gives nationals born abroad one year', () => {
    const abroad = { country: 'FR', locality: 'Lyon' };
    const child = { ...birth().data.child, born: { date: '2024-06-01' } };
    given([])
      .when(birth({ child, place: abroad, office: 'CONS-LYON' }))
      .thenMatches(({ child: [e] }) => expect(e?.data.child.place).toEqual(abroad));
    const tooLate = { ...child, born: { date: '2024-02-01' } };
    given([])
      .when(birth({ child: tooLate, place: abroad }))
      .thenThrows('LATE_BIRTH_NEEDS_JUDGMENT');
  });

  it('refuses a birth dated after today', () => {
    const child = { ...birth().data.child, born: { date: '2025-03-11' } };
    given([]).when(birth({ child })).thenThrows('EVENT_NOT_IN_FUTURE');
  });

  it('refuses a second act on the same record', () => {
    given([{ on: 'child', event: registeredEvent() }])
      .when(birth())
      .thenThrows('ALREADY_REGISTERED');
  });

  describe('child of unknown father', () => {
    const filiation = {
      kind: 'unknown-father' as const,
      mother: { name: MOTHER },
      fatherGivenName: { ar: 'عبد الرحمن', lat: 'Abderrahmane' },
    };
    it('is declared by the mother, with an Abd- first name for the father', () => {
      given([])
        .when(birth({ filiation, declarant: { relation: 'mother', name: MOTHER } }))
        .thenMatches(({ child: [e] }) => {
          expect(e?.data.filiation).toBe('unknown-father');
          expect(e?.data.father).toBeNull();
          expect(e?.data.notionalFatherGivenName).toEqual(filiation.fatherGivenName);
        });
    });
    it('is declared by nobody else', () => {
      given([])
        .when(
          birth({
            filiation,
            declarant: { relation: 'brother', name: FATHER, whyNotPreceding: 'x' },
          }),
        )
        .thenThrows('MOTHER_DECLARES_UNKNOWN_FATHER');
    });
    it('takes only an Abd- name for the father', () => {
      given([])
        .when(
          birth({
            filiation: { ...filiation, fatherGivenName: { ar: 'يوسف' } },
            declarant: { relation: 'mother', name: MOTHER },
          }),
        )
        .thenThrows('ABD_FATHER_FIRST_NAME');
    });
  });

  describe('child of unknown parents', () => {
    const filiation = { kind: 'unknown-parents' as const };
    const prosecutor = { relation: 'public-prosecutor' as const, name: fullName('كريم', 'الفاسي') };
    it('is declared by the public prosecutor', () => {
      given([])
        .when(birth({ filiation, declarant: prosecutor }))
        .thenMatches(({ child: [e] }) => {
          expect(e?.data.father).toBeNull();
          expect(e?.data.mother).toBeNull();
        });
    });
    it('is declared by nobody else', () => {
      given([])
        .when(birth({ filiation, declarant: { relation: 'mother', name: MOTHER } }))
        .thenThrows('PROSECUTOR_DECLARES_UNKNOWN_PARENTS');
    });
  });

  it('follows the order of declarants: a brother says why the parents do not declare', () => {
    const brother = { relation: 'brother' as const, name: fullName('عمر', 'الإدريسي') };
    given([])
      .when(birth({ declarant: brother }))
      .thenThrows('DECLARANT_ORDER');
    given([])
      .when(
        birth({
          declarant: { ...brother, whyNotPreceding: 'father deceased, mother in hospital' },
        }),
      )
      .thenMatches(({ child }) => expect(child).toHaveLength(1));
  });

  it('refuses an Arabic name written in Latin letters', () => {
    const child = { ...birth().data.child, name: fullName('Adam', 'الإدريسي') };
    given([])
      .when(birth({ child }))
      .thenThrows(InvalidCommand, (e) =>
        expect((e as InvalidCommand).path).toBe('data.child.name.given.ar'),
      );
  });
});

describe('pre-declaration by a health facility', () => {
  const preDeclare = (date = '2025-03-01'): PreDeclareBirth => ({
    type: 'PreDeclareBirth',
    data: {
      idcs: CHILD,
      facility: { code: 'CHU-IBN-SINA', name: 'CHU Ibn Sina' },
      child: { sex: 'M', born: { date }, place: PLACE },
      mother: { name: MOTHER },
    },
    metadata: {
      ...meta(`2025-03-02T09:00:00+01:00`),
      actor: { userId: 'chu-1', role: 'health-facility' },
    },
  });
  const preDeclared = (): BirthPreDeclared => {
    const [event] = preDeclareBirth(preDeclare(), initialPersonState());
    return event!;
  };

  it('records the facility, the child and the mother', () => {
    expect(preDeclared().data).toMatchObject({
      facility: { code: 'CHU-IBN-SINA' },
      preDeclaredAt: '2025-03-02T09:00:00+01:00',
    });
    expect(evolve(initialPersonState(), preDeclared()).status).toBe('pre-declared');
  });

  it('must come within the legal period', () => {
    expectRule(
      () => preDeclareBirth(preDeclare('2025-01-01'), initialPersonState()),
      'PRE_DECLARATION_WITHIN_DEADLINE',
    );
  });

  it('is completed by a registrar; the deadline counts to the pre-declaration', () => {
    const now = '2025-04-20T10:00:00+01:00'; // 50 days after birth
    given([{ on: 'child', event: preDeclared() }])
      .when(birth({}, now))
      .thenMatches(({ child: [e] }) => {
        expect(e?.data.preDeclaration).toEqual({ facility: 'CHU-IBN-SINA', on: '2025-03-02' });
        expect(e?.data.delayDays).toBe(1);
      });
    const state = [registeredEvent()].reduce(evolve, evolve(initialPersonState(), preDeclared()));
    expect(state.status).toBe('alive');
  });
});

describe('registerMultipleBirth (twins)', () => {
  const TWIN = idcsOf(2);
  const twins: RegisterMultipleBirth = {
    type: 'RegisterMultipleBirth',
    data: {
      office: 'RBT-01',
      place: PLACE,
      filiation: BOTH,
      declarant: { relation: 'mother', name: MOTHER },
      legalBasis: { kind: 'declaration' },
      children: [
        {
          idcs: CHILD,
          name: fullName('آدم', 'الإدريسي'),
          sex: 'M',
          born: { date: '2025-03-01', time: '04:20' },
        },
        {
          idcs: TWIN,
          name: fullName('إيناس', 'الإدريسي'),
          sex: 'F',
          born: { date: '2025-03-01', time: '04:31' },
        },
      ],
    },
    metadata: meta(),
  };
  const fresh = { [CHILD]: initialPersonState(), [TWIN]: initialPersonState() };

  it('draws up one act each, numbered one after the other', () => {
    const book = [allocation(1, idcsOf(9))].reduce(evolveRegister, initialRegisterBook());
    const { children, register } = registerMultipleBirth(twins, {
      children: fresh,
      register: book,
    });
    expect(register.map((e) => e.data.actNumber)).toEqual([2, 3]);
    expect(children[CHILD]?.[0]?.data.act.number).toBe(2);
    expect(children[TWIN]?.[0]?.data.child.multipleBirth).toEqual({
      rank: 2,
      of: 2,
      siblings: [CHILD],
    });
  });

  it('needs every child state and distinct identifiers', () => {
    const register = initialRegisterBook();
    expect(() =>
      registerMultipleBirth(twins, { children: { [CHILD]: initialPersonState() }, register }),
    ).toThrow(InvalidCommand);
    const same = {
      ...twins,
      data: { ...twins.data, children: [twins.data.children[0]!, twins.data.children[0]!] },
    };
    expect(() => registerMultipleBirth(same, { children: fresh, register })).toThrow(
      InvalidCommand,
    );
  });
});

function registeredEvent() {
  return registerBirth(birth(), initialState()).child[0]!;
}
