import type { DeathRegistered } from '../death/death.events';
import type { DivorceNoted } from '../divorce/divorce.events';
import type { PersonState } from '../person/state';
import { assertNever } from '../shared/errors';
import type { RectificationNoted } from '../rectification/rectification.events';
import type { RectifiableField } from '../rules';
import {
  actDate,
  born,
  idcsOf,
  JUDGMENT,
  legacy,
  married,
  meta,
  PLACE,
  WIFE_NAME,
} from '../testing/fixtures';
import type { ActKey, Actor, LegalBasis } from '../shared/types';
import { diffBetween, provenance, recordAt, timeline } from './history';
import { storedStream } from './testing';

const H = idcsOf(70);
const W = idcsOf(71);
const REGISTRAR: Actor = { userId: 'registrar-3', role: 'registrar', office: 'RBT-01' };
const CLERK: Actor = { userId: 'clerk-9', role: 'registrar', office: 'RBT-02' };
const AUTHORISATION: LegalBasis = {
  kind: 'authorisation',
  authority: 'Ministère de l’Intérieur',
  reference: 'AUT-77',
  date: '2020-12-20',
};

const divorce = (effect: string, noted: string): DivorceNoted => ({
  type: 'DivorceNoted',
  data: {
    marriageId: 'm-1',
    husband: H,
    wife: W,
    kind: 'tatliq',
    date: actDate(effect),
    legalBasis: { ...JUDGMENT, reference: 'J-2020-9', date: '2020-05-01' },
    noted: { by: REGISTRAR, on: actDate(noted) },
  },
});

const rectified = (
  field: RectifiableField,
  oldValue: string,
  newValue: string,
  legalBasis: LegalBasis,
): RectificationNoted => ({
  type: 'RectificationNoted',
  data: {
    idcs: W,
    field,
    oldValue,
    newValue,
    kind: legalBasis.kind === 'judgment' ? 'substantive' : 'material',
    legalBasis,
    noted: { by: REGISTRAR, on: actDate('2021-01-01') },
  },
});

const DEATH_ACT: ActKey = { office: 'RBT-01', year: 2023, number: 88 };
const died = (date: string): DeathRegistered => ({
  type: 'DeathRegistered',
  data: {
    idcs: W,
    act: DEATH_ACT,
    died: actDate(date),
    place: PLACE,
    declarant: { kind: 'institution', institution: { type: 'hospital', name: 'CHU Ibn Sina' } },
    legalBasis: { kind: 'declaration' },
    delayDays: 1,
    registered: { by: REGISTRAR, on: actDate('2023-04-05') },
  },
});

const lateBirth = born(W, { sex: 'F', date: '1985-03-01', name: WIFE_NAME });
const birthByJudgment = {
  ...lateBirth,
  data: { ...lateBirth.data, legalBasis: { ...JUDGMENT, reference: 'J-2005-1' } },
};

/**
 * Given: a woman registered late by judgment (2005), married in 2010, divorced by a
 * judgment noted in 2020 with effect from 2014, her Latin given name and then her birth date
 * rectified in 2021, dead in 2023.
 */
const STREAM = storedStream([
  [birthByJudgment, '2005-01-10T09:00:00.000000Z', REGISTRAR],
  [married(H, W, 'm-1', '2010-06-01'), '2010-06-05T10:00:00.000000Z', REGISTRAR],
  [divorce('2014-02-01', '2020-05-10'), '2020-05-10T11:00:00.123456Z', CLERK],
  [rectified('givenName.lat', 'Fatima', 'Fatema', AUTHORISATION), '2021-01-01T08:00:00.000000Z'],
  [
    rectified('birthDate', '1985-03-01', '1985-03-02', { ...JUDGMENT, reference: 'J-2021-4' }),
    '2021-02-01T08:00:00.000000Z',
    REGISTRAR,
  ],
  [died('2023-04-04'), '2023-04-05T12:00:00.000000Z', REGISTRAR],
]);

const HUSBAND_LINK = { idcs: H, marriageId: 'm-1', since: '2010-06-01' };

function summary(state: PersonState) {
  switch (state.status) {
    case 'alive':
    case 'deceased':
      return {
        status: state.status,
        lat: state.record.name.given.lat,
        birthDate: state.record.birthDate,
        spouses: state.record.spouses,
        ended: state.record.endedMarriages,
      };
    case 'unregistered':
    case 'pre-declared':
    case 'unidentified-deceased':
    case 'annulled':
      return { status: state.status };
    default:
      return assertNever(state);
  }
}

describe('timeline', () => {
  it('given the stream, when the history is read, then every event comes in order with who, basis and what changed', () => {
    const entries = timeline(STREAM);
    expect(entries.map((e) => [e.version, e.type])).toEqual([
      [1, 'BirthRegistered'],
      [2, 'MarriageNoted'],
      [3, 'DivorceNoted'],
      [4, 'RectificationNoted'],
      [5, 'RectificationNoted'],
      [6, 'DeathRegistered'],
    ]);
    const [birth, marriage, div, nameFix, dateFix, death] = entries;
    expect(birth!.effect).toEqual({ kind: 'dated', from: '1985-03-02' });
    expect(birth!.legalBasis).toMatchObject({ kind: 'judgment', reference: 'J-2005-1' });
    expect(birth!.description).toContain('by declaratory judgment J-2005-1');
    expect(birth!.changes).toEqual(
      expect.arrayContaining([
        { field: 'status', before: 'unregistered', after: 'alive' },
        { field: 'birthDate', before: null, after: '1985-03-01' },
        { field: 'name.given.lat', before: null, after: 'Fatima' },
      ]),
    );
    expect(marriage!.changes).toEqual([
      { field: `spouses[${H}@2010-06-01]`, before: null, after: HUSBAND_LINK },
    ]);
    expect(div!.actor).toEqual(CLERK);
    expect(div!.effect).toEqual({ kind: 'dated', from: '2014-02-01' });
    expect(div!.description).toBe(`Divorce (tatliq) of ${H} and ${W}, in effect from 2014-02-01`);
    expect(div!.changes).toEqual([
      { field: `spouses[${H}@2010-06-01]`, before: HUSBAND_LINK, after: null },
      {
        field: `endedMarriages[${H}@2010-06-01]`,
        before: null,
        after: { ...HUSBAND_LINK, ended: '2014-02-01', by: 'divorce' },
      },
    ]);
    // No actor in the envelope: the officer the marginal note names.
    expect(nameFix!.actor).toEqual(REGISTRAR);
    expect(nameFix!.legalBasis).toEqual(AUTHORISATION);
    expect(nameFix!.effect).toEqual({ kind: 'retroactive', because: 'rectification' });
    expect(nameFix!.changes[0]).toEqual({
      field: 'name.given.lat',
      before: 'Fatima',
      after: 'Fatema',
    });
    expect(nameFix!.changes.map((c) => c.field)).toEqual(['name.given.lat', 'rectifications[0]']);
    expect(dateFix!.changes[0]).toEqual({
      field: 'birthDate',
      before: '1985-03-01',
      after: '1985-03-02',
    });
    expect(death!.changes).toEqual([
      { field: 'status', before: 'alive', after: 'deceased' },
      { field: 'death.act.office', before: null, after: 'RBT-01' },
      { field: 'death.act.year', before: null, after: 2023 },
      { field: 'death.act.number', before: null, after: 88 },
      { field: 'death.date', before: null, after: '2023-04-04' },
      { field: 'death.place.region', before: null, after: PLACE.region },
      { field: 'death.place.province', before: null, after: PLACE.province },
      { field: 'death.place.commune', before: null, after: PLACE.commune },
    ]);
  });

  it('given events out of order and a later one, when read as of an instant, then only what was recorded by then, in version order', () => {
    const entries = timeline([...STREAM].reverse(), '2020-05-10T12:00:01+01:00');
    expect(entries.map((e) => e.version)).toEqual([1, 2, 3]);
  });

  it('given an event type this version does not know, then it is listed and not folded', () => {
    const stream = [...STREAM.slice(0, 1), { ...STREAM[1]!, type: 'SomethingNew', data: { x: 1 } }];
    const [, unknown] = timeline(stream);
    expect(unknown).toMatchObject({ type: 'SomethingNew', changes: [] });
    expect(unknown!.description).toContain('cannot read');
    expect(summary(recordAt(stream, {}).state)).toMatchObject({ status: 'alive', spouses: [] });
  });
});

describe('recordAt: transaction time', () => {
  it.each([
    ['2005-01-09T23:59:59Z', { status: 'unregistered' }],
    ['2005-01-10T09:00:00Z', { status: 'alive', spouses: [] }],
    ['2019-03-03T00:00:00Z', { status: 'alive', lat: 'Fatima', spouses: [HUSBAND_LINK] }],
    // One microsecond before the divorce was recorded, then exactly at it.
    ['2020-05-10T11:00:00.123455Z', { spouses: [HUSBAND_LINK] }],
    ['2020-05-10T12:00:00.123456+01:00', { spouses: [] }],
    ['2021-01-15T00:00:00Z', { lat: 'Fatema', birthDate: '1985-03-01' }],
    ['2030-01-01T00:00:00Z', { status: 'deceased', birthDate: '1985-03-02' }],
  ])('given the stream, when read as of %s, then the register said %j', (asOf, expected) => {
    expect(summary(recordAt(STREAM, { asOf }).state)).toMatchObject(expected);
  });
});

describe('recordAt: valid time, with everything known', () => {
  const ENDED = { ...HUSBAND_LINK, ended: '2014-02-01', by: 'divorce' };
  it.each([
    // The rectified birth date moves the birth: on the first of March she was not yet born.
    ['1985-03-01', { status: 'unregistered' }],
    // The rectified Latin name holds from the start.
    ['1985-03-02', { status: 'alive', lat: 'Fatema', birthDate: '1985-03-02', spouses: [] }],
    ['2010-05-31', { status: 'alive', spouses: [], ended: [] }],
    ['2013-12-31', { status: 'alive', spouses: [HUSBAND_LINK], ended: [] }],
    // The divorce noted in 2020 ends the marriage from 2014.
    ['2015-06-01', { status: 'alive', spouses: [], ended: [ENDED] }],
    ['2023-04-03', { status: 'alive' }],
    ['2023-04-04', { status: 'deceased' }],
  ])('given the stream, when valid at %s, then %j', (validAt, expected) => {
    expect(summary(recordAt(STREAM, { validAt }).state)).toEqual(expect.objectContaining(expected));
  });

  it('given the stream, when valid at a date, then it says which known events are not yet in effect', () => {
    const at = recordAt(STREAM, { validAt: '2012-01-01' });
    expect(at.known).toBe(6);
    expect(at.applied.map((e) => e.version)).toEqual([1, 2, 4, 5]);
    expect(at.notYetInEffect.map((e) => [e.version, e.effect])).toEqual([
      [3, { kind: 'dated', from: '2014-02-01' }],
      [6, { kind: 'dated', from: '2023-04-04' }],
    ]);
  });
});

describe('recordAt: both axes', () => {
  it.each([
    // In 2019 the divorce was not known: in law as then recorded, she was still married.
    ['2019-03-03T00:00:00Z', '2015-06-01', { spouses: [HUSBAND_LINK], lat: 'Fatima' }],
    // Before the birth-date rectification, the first of March was her birthday.
    ['2021-01-15T00:00:00Z', '1985-03-01', { status: 'alive', birthDate: '1985-03-01' }],
    ['2021-02-01T08:00:00Z', '1985-03-01', { status: 'unregistered' }],
    ['2004-12-31T00:00:00Z', '2000-01-01', { status: 'unregistered' }],
  ])('given the stream, when as of %s and valid at %s, then %j', (asOf, validAt, expected) => {
    expect(summary(recordAt(STREAM, { asOf, validAt }).state)).toMatchObject(expected);
  });
});

describe('diffBetween', () => {
  it('given the stream, when 2019’s record is compared with today’s, then the divorce, the rectifications and the death appear', () => {
    const changes = diffBetween(STREAM, { asOf: '2019-03-03T00:00:00Z' }, {});
    expect(changes.map((c) => c.field)).toEqual([
      'status',
      'name.given.lat',
      'birthDate',
      `spouses[${H}@2010-06-01]`,
      `endedMarriages[${H}@2010-06-01]`,
      'rectifications[0]',
      'rectifications[1]',
      'death.act.office',
      'death.act.year',
      'death.act.number',
      'death.date',
      'death.place.region',
      'death.place.province',
      'death.place.commune',
    ]);
    expect(changes[0]).toEqual({ field: 'status', before: 'alive', after: 'deceased' });
  });

  it('given the same knowledge, when two valid dates are compared, then only the marriage differs', () => {
    expect(diffBetween(STREAM, { validAt: '2012-01-01' }, { validAt: '2010-01-01' })).toEqual([
      { field: `spouses[${H}@2010-06-01]`, before: HUSBAND_LINK, after: null },
    ]);
  });

  it('given one point, when compared with itself, then nothing differs', () => {
    expect(diffBetween(STREAM, { validAt: '2016-01-01' }, { validAt: '2016-01-01' })).toEqual([]);
  });
});

describe('provenance', () => {
  it('given the stream, when the provenance of today’s record is asked, then each field names the event that set it', () => {
    const fields = new Map(provenance(STREAM).map((p) => [p.field, p]));
    expect(fields.get('name.given.lat')).toMatchObject({
      value: 'Fatema',
      setBy: {
        version: 4,
        type: 'RectificationNoted',
        legalBasis: AUTHORISATION,
        actor: REGISTRAR,
      },
    });
    expect(fields.get('name.given.ar')).toMatchObject({
      value: WIFE_NAME.given.ar,
      setBy: { version: 1, recordedAt: '2005-01-10T09:00:00.000000Z', actor: REGISTRAR },
    });
    expect(fields.get('birthDate')).toMatchObject({
      value: '1985-03-02',
      setBy: { version: 5, legalBasis: { reference: 'J-2021-4' } },
    });
    expect(fields.get(`endedMarriages[${H}@2010-06-01]`)).toMatchObject({
      setBy: { version: 3, actor: CLERK, effect: { kind: 'dated', from: '2014-02-01' } },
    });
    expect(fields.get('status')).toMatchObject({ value: 'deceased', setBy: { version: 6 } });
    expect(fields.has(`spouses[${H}@2010-06-01]`)).toBe(false);
  });

  it('given a point in valid time, then provenance is of the record at that point', () => {
    const fields = new Map(provenance(STREAM, { validAt: '2012-01-01' }).map((p) => [p.field, p]));
    expect(fields.get(`spouses[${H}@2010-06-01]`)).toMatchObject({ setBy: { version: 2 } });
    expect(fields.get('status')).toMatchObject({ value: 'alive', setBy: { version: 1 } });
  });

  it('given no event at the point, then there is no field to explain', () => {
    expect(provenance(STREAM, { asOf: '2000-01-01T00:00:00Z' })).toEqual([]);
  });
});

describe('annulments and old acts', () => {
  const annulled = (act: 'birth' | 'death') => ({
    type: 'ActAnnulled' as const,
    data: {
      idcs: W,
      act,
      actKey: act === 'birth' ? lateBirth.data.act : DEATH_ACT,
      legalBasis: { ...JUDGMENT, reference: 'J-2024-2' },
      noted: { by: meta().actor, on: actDate('2024-01-01') },
    },
  });

  it('given an annulled birth act, then the record is void at every date after the birth, and absent before', () => {
    const stream = storedStream([
      [lateBirth, '2005-01-10T09:00:00Z'],
      [married(H, W, 'm-1', '2010-06-01'), '2010-06-05T10:00:00Z'],
      [annulled('birth'), '2024-01-02T10:00:00Z'],
    ]);
    expect(recordAt(stream, { validAt: '2011-01-01' }).state.status).toBe('annulled');
    expect(recordAt(stream, { validAt: '1980-01-01' }).state.status).toBe('unregistered');
    expect(
      recordAt(stream, { asOf: '2023-01-01T00:00:00Z', validAt: '2011-01-01' }).state.status,
    ).toBe('alive');
  });

  it('given an annulled death act, then the person never died', () => {
    const stream = storedStream([
      [lateBirth, '2005-01-10T09:00:00Z'],
      [died('2023-04-04'), '2023-04-05T12:00:00Z'],
      [annulled('death'), '2024-01-02T10:00:00Z'],
    ]);
    expect(recordAt(stream, { validAt: '2023-06-01' }).state.status).toBe('alive');
    expect(
      recordAt(stream, { asOf: '2023-06-01T00:00:00Z', validAt: '2023-06-01' }).state.status,
    ).toBe('deceased');
  });

  it('given a paper act giving only a year of birth, then it holds from the first day of that year', () => {
    const stream = storedStream([[legacy(W, { date: '1962', sex: 'F' }), '2019-01-01T00:00:00Z']]);
    expect(recordAt(stream, { validAt: '1961-12-31' }).state.status).toBe('unregistered');
    expect(recordAt(stream, { validAt: '1962-01-01' }).state.status).toBe('alive');
    expect(timeline(stream)[0]!.legalBasis).toMatchObject({ kind: 'transcription' });
  });

  it('given a paper act giving no birth date, then it holds at every date', () => {
    const stream = storedStream([[legacy(W), '2019-01-01T00:00:00Z']]);
    expect(recordAt(stream, { validAt: '1800-01-01' }).state.status).toBe('alive');
    expect(timeline(stream)[0]!.effect).toEqual({ kind: 'undated' });
  });
});
