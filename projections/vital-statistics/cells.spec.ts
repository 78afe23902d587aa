import fc from 'fast-check';
import { Cells, inKeyOrder, Tally, type Key } from './cells';

const part = fc.oneof(
  fc.constantFrom('M', 'F', '12', '12.09', '#2', ''),
  fc.string({ maxLength: 3 }),
  fc.integer({ min: 0, max: 4100 }),
  fc.constantFrom(-1, 0.5, 2 ** 40, Number.NaN),
);

describe('cells keyed by tuples', () => {
  it('give one cell per distinct key, whatever its shape and values', () => {
    fc.assert(
      fc.property(fc.array(fc.array(part, { maxLength: 6 }), { maxLength: 80 }), (keys) => {
        const cells = new Cells((key: Key) => ({ key, n: 0 }));
        // The reference: keys told apart by their parts' types and values.
        const reference = new Map<string, number>();
        for (const key of keys) {
          cells.get(key).n++;
          const id = JSON.stringify(key.map((p) => [typeof p, String(p)]));
          reference.set(id, (reference.get(id) ?? 0) + 1);
        }
        const found = new Map(
          cells.all.map((c) => [JSON.stringify(c.key.map((p) => [typeof p, String(p)])), c.n]),
        );
        expect(found).toEqual(reference);
        expect(cells.size).toBe(reference.size);
      }),
      { numRuns: 300 },
    );
  });

  it('tally the same counts, and give back every key as it was added', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.array(part, { maxLength: 6 }), fc.integer({ min: -3, max: 3 })), {
          maxLength: 80,
        }),
        (adds) => {
          const tally = new Tally();
          const reference = new Map<string, { key: Key; n: number }>();
          for (const [key, w] of adds) {
            tally.add(key, w);
            const id = JSON.stringify(key.map((p) => [typeof p, String(p)]));
            const cell = reference.get(id) ?? { key, n: 0 };
            cell.n += w;
            reference.set(id, cell);
          }
          const byId = (cells: { key: Key; n: number }[]) =>
            new Map(cells.map((c) => [JSON.stringify(c.key.map((p) => [typeof p, String(p)])), c]));
          expect(byId(tally.cells())).toEqual(byId([...reference.values()]));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('puts rows in the order of their leading numbers', () => {
    const rows = [
      [2001, 3, 'a'],
      [1999, 12, 'b'],
      [2001, 1, 'c'],
      [1999, 2, 'd'],
    ].map((key) => ({
      key,
    }));
    expect(inKeyOrder(rows).map((r) => r.key[2])).toEqual(['d', 'b', 'c', 'a']);
  });

  it('packs numbers by position: [1, 2] and [4098] are different cells', () => {
    const cells = new Cells((key: Key) => ({ key }));
    expect(cells.get([1, 2])).not.toBe(cells.get([4098]));
    expect(cells.get([1, 'a', 2])).not.toBe(cells.get(['a', 1, 2]));
    expect(cells.get([1, 'a', 2])).toBe(cells.get([1, 'a', 2]));
    expect(cells.size).toBe(4);
  });
});
