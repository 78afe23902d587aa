import fc from 'fast-check';
import { rebuildPerson, type PersonEvent } from '../index';
import { born, idcsOf, married } from '../testing/fixtures';
import { recordAt, timeline } from './history';
import { parseInstant } from './instant';
import { diffShapes, diffStates, shapeOf } from './shape';
import { storedStream } from './testing';

describe('parseInstant', () => {
  it.each([
    ['2019-03-03T10:00:00Z', '2019-03-03T10:00:00.000000Z'],
    ['2019-03-03T10:00Z', '2019-03-03T10:00:00.000000Z'],
    ['2019-03-03T10:00:00.5+01:00', '2019-03-03T09:00:00.500000Z'],
    ['2019-03-03T00:30:00.123456+01:00', '2019-03-02T23:30:00.123456Z'],
    ['2020-05-10T11:00:00.000001-00:30', '2020-05-10T11:30:00.000001Z'],
  ])('given %s, then it compares as %s', (text, expected) => {
    expect(parseInstant(text)).toBe(expected);
  });

  it.each([
    '2019-03-03',
    '2019-03-03T10:00:00',
    '2019-02-30T10:00:00Z',
    '2019-03-03T24:00:00Z',
    '2019-03-03T10:00:00.1234567Z',
    '2019-03-03T10:00:00+25:00',
    'yesterday',
  ])('given %s, then it is not an instant', (text) => {
    expect(parseInstant(text)).toBeNull();
  });
});

describe('shapeOf and diffShapes', () => {
  it('given a state, then null and absent fields are not on the record', () => {
    const state = rebuildPerson([born(idcsOf(1), { father: false })]);
    const shape = shapeOf(state);
    expect(shape.has('father')).toBe(false);
    expect(shape.get('kafala')).toBeUndefined();
    expect(shape.get('notionalFatherGivenName.ar')).toBe('عبد الله');
    expect(shape.get('birthAct.number')).toBe(1);
  });

  it('given two records, when diffed both ways, then the changes mirror each other', () => {
    const a = shapeOf(rebuildPerson([born(idcsOf(1))]));
    const b = shapeOf(
      rebuildPerson([born(idcsOf(1)), married(idcsOf(1), idcsOf(2), 'm', '2015-06-01')]),
    );
    const forth = diffShapes(a, b);
    const back = diffShapes(b, a);
    expect(back).toEqual(forth.map((c) => ({ field: c.field, before: c.after, after: c.before })));
  });
});

describe('history folds with the domain’s evolve', () => {
  const H = idcsOf(80);
  const wives = [81, 82, 83, 84].map(idcsOf);
  const marriages: PersonEvent[] = wives.map((w, i) =>
    married(H, w, `m-${i}`, `${2000 + i}-01-01`),
  );

  it('given any prefix of a stream, when read as of its last event, then the record is the fold of that prefix, and the timeline’s changes rebuild it', () => {
    fc.assert(
      fc.property(fc.subarray(marriages), fc.nat({ max: 4 }), (chosen, cut) => {
        const events = [born(H), ...chosen];
        const stream = storedStream(
          events.map((e, i) => [e, `2020-01-0${i + 1}T00:00:00.000000Z`] as const),
        );
        const k = Math.min(cut, events.length - 1);
        const asOf = stream[k]!.recordedAt;
        expect(recordAt(stream, { asOf }).state).toEqual(rebuildPerson(events.slice(0, k + 1)));
        const replayed = new Map<string, unknown>();
        for (const entry of timeline(stream, asOf))
          for (const c of entry.changes)
            if (c.after === null) replayed.delete(c.field);
            else replayed.set(c.field, c.after);
        replayed.delete('status');
        const expected = new Map(shapeOf(rebuildPerson(events.slice(0, k + 1))));
        expected.delete('status');
        expect(replayed).toEqual(expected);
      }),
      { numRuns: 50 },
    );
  });
});

describe('diffStates', () => {
  const H = idcsOf(90);
  const notes: PersonEvent[] = [
    married(H, idcsOf(91), 'm-1', '2001-01-01'),
    married(H, idcsOf(92), 'm-2', '2002-01-01'),
    married(H, idcsOf(91), 'm-3', '2003-01-01'),
    born(idcsOf(93)),
  ];

  it('given any two records of one stream, then walking them finds exactly the changes of their flat shapes', () => {
    fc.assert(
      fc.property(fc.subarray(notes), fc.subarray(notes), (a, b) => {
        const before = rebuildPerson([born(H), ...a]);
        const after = rebuildPerson([born(H), ...b]);
        const walked = diffStates(before, after);
        const flat = diffShapes(shapeOf(before), shapeOf(after));
        const byField = (list: typeof flat) =>
          [...list].sort((x, y) => x.field.localeCompare(y.field));
        expect(byField(walked)).toEqual(byField(flat));
      }),
      { numRuns: 60 },
    );
  });

  it('given a state against nothing, then every field is added', () => {
    const state = rebuildPerson([born(H)]);
    expect(diffStates({ status: 'unregistered' }, state)).toHaveLength(shapeOf(state).size);
  });
});
