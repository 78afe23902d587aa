import fc from 'fast-check';
import type { StockLife } from './contributions';
import { StockDeltas } from './stock';

const day = fc
  .record({
    year: fc.integer({ min: 1870, max: 2030 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
  })
  .map(
    ({ year, month, day: d }) =>
      `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
  );

const life: fc.Arbitrary<StockLife> = fc
  .record({
    region: fc.constantFrom('01', '02'),
    province: fc.constantFrom('01.01', '01.02'),
    sex: fc.constantFrom('M' as const, 'F' as const, 'U' as const),
    born: day,
    died: fc.option(day),
  })
  .map((l) => ({ ...l, died: l.died !== null && l.died < l.born ? l.born : l.died }));

const rowsOf = (deltas: StockDeltas) =>
  deltas.tables().map(({ spec, rows }) => ({
    table: spec.table,
    rows: rows
      .map((r) => ({ key: r.key.join('|'), arrays: r.arrays.map((a) => [...a]), n: r.scalar }))
      .sort((a, b) => a.key.localeCompare(b.key)),
  }));

describe('population stock deltas', () => {
  it('marked then cumulated once, equal the cumulative counts added life by life', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(life, fc.constantFrom(1, -1)), { maxLength: 60 }), (lives) => {
        const cumulative = new StockDeltas();
        const marks = new StockDeltas('marks');
        for (const [l, w] of lives) {
          cumulative.add(l, w);
          marks.add(l, w);
        }
        expect(rowsOf(marks)).toEqual(rowsOf(cumulative));
      }),
    );
  });

  it('counts a life from its birthday on, and its death from the year it died', () => {
    const deltas = new StockDeltas('marks');
    deltas.add(
      { region: '01', province: '01.01', sex: 'F', born: '1990-03-01', died: '2000-01-02' },
      1,
    );
    const [cohort, birthday] = deltas.tables();
    const born = birthday!.rows[0]!.arrays[0]!;
    // 1 March is day 61 of the 366-day calendar.
    expect([born[59], born[60], born[365]]).toEqual([0, 1, 1]);
    const dead = cohort!.rows[0]!.arrays[0]!;
    expect([dead[9], dead[10], dead[149]]).toEqual([0, 1, 1]);
    expect(() =>
      deltas.add({ region: '01', province: '01.01', sex: 'F', born: '1990-03-01', died: null }, 1),
    ).toThrow(/after its rows were read/);
  });
});
