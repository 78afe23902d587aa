import { PointReads } from './point-reads';

describe('point reads coalesced', () => {
  const store = new Map([
    ['a', 1],
    ['b', 2],
  ]);

  it('reads the keys of one turn with one load, each caller getting its own value', async () => {
    const loads: string[][] = [];
    const reads = new PointReads<number>((keys) => {
      loads.push(keys);
      return Promise.resolve(
        new Map(keys.flatMap((k) => (store.has(k) ? [[k, store.get(k)!]] : []))),
      );
    });
    const values = await Promise.all([
      reads.get('a'),
      reads.get('b'),
      reads.get('a'),
      reads.get('z'),
    ]);
    expect(values).toEqual([1, 2, 1, null]);
    expect(loads).toEqual([['a', 'b', 'z']]);
    // A later turn is another load.
    expect(await reads.get('b')).toBe(2);
    expect(loads).toHaveLength(2);
  });

  it('splits a turn at maxKeys', async () => {
    const loads: string[][] = [];
    const reads = new PointReads<number>((keys) => {
      loads.push(keys);
      return Promise.resolve(new Map<string, number>());
    }, 2);
    await Promise.all(['a', 'b', 'c'].map((k) => reads.get(k)));
    expect(loads).toEqual([['a', 'b'], ['c']]);
  });

  it('fails every read of a load that fails', async () => {
    const reads = new PointReads<number>(() => Promise.reject(new Error('connection lost')));
    const results = await Promise.allSettled([reads.get('a'), reads.get('b')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
