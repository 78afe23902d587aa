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
    const reads = new PointReads<number>(
      (keys) => {
        loads.push(keys);
        return Promise.resolve(new Map<string, number>());
      },
      { maxItems: 2 },
    );
    await Promise.all(['a', 'b', 'c'].map((k) => reads.get(k)));
    expect(loads).toEqual([['a', 'b'], ['c']]);
  });

  it('hands the load one payload per read, a key read twice included', async () => {
    const loads: [string[], string[]][] = [];
    const reads = new PointReads<number, string>((keys, payloads) => {
      loads.push([keys, payloads]);
      return Promise.resolve(new Map([['a', 1]]));
    });
    const values = await Promise.all([
      reads.get('a', 'first'),
      reads.get('b', 'second'),
      reads.get('a', 'third'),
    ]);
    expect(values).toEqual([1, null, 1]);
    expect(loads).toEqual([
      [
        ['a', 'b'],
        ['first', 'third', 'second'],
      ],
    ]);
  });

  it('fails every read of a load that fails', async () => {
    const reads = new PointReads<number>(() => Promise.reject(new Error('connection lost')));
    const results = await Promise.allSettled([reads.get('a'), reads.get('b')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('holds the reads arriving while two loads run, and reads them together when one ends', async () => {
    const loads: string[][] = [];
    const ends: (() => void)[] = [];
    const reads = new PointReads<number>(
      (keys) =>
        new Promise((resolve) => {
          loads.push(keys);
          ends.push(() => resolve(new Map(keys.map((k) => [k, k.length]))));
        }),
    );
    const turn = () => new Promise((resolve) => setImmediate(resolve));
    const first = reads.get('a');
    await turn();
    const second = reads.get('bb');
    await turn();
    const waiting = [reads.get('ccc'), reads.get('d')];
    await turn();
    const later = reads.get('ee');
    await turn();
    expect(loads).toEqual([['a'], ['bb']]);
    ends[0]!();
    expect(await first).toBe(1);
    await turn();
    await turn();
    expect(loads).toEqual([['a'], ['bb'], ['ccc', 'd', 'ee']]);
    ends[1]!();
    ends[2]!();
    expect(await Promise.all([second, ...waiting, later])).toEqual([2, 3, 1, 2]);
  });
});
