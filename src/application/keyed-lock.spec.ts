import { KeyedLock } from './keyed-lock';

const tick = () => new Promise((r) => setImmediate(r));

describe('KeyedLock', () => {
  it('runs work on the same key one at a time, in arrival order', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const job = (name: string) =>
      lock.run(['register-BEC-1-2026'], async () => {
        log.push(`start ${name}`);
        await tick();
        log.push(`end ${name}`);
      });
    await Promise.all([job('a'), job('b'), job('c')]);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('lets work on different keys overlap, and never deadlocks on shared pairs', async () => {
    const lock = new KeyedLock();
    let inside = 0;
    let most = 0;
    const job = (keys: string[]) =>
      lock.run(keys, async () => {
        inside++;
        most = Math.max(most, inside);
        await tick();
        inside--;
      });
    await Promise.all([job(['a']), job(['b']), job(['a', 'b']), job(['b', 'a']), job(['c'])]);
    expect(most).toBeGreaterThan(1);
    expect(inside).toBe(0);
  });

  it('releases the key when the work fails', async () => {
    const lock = new KeyedLock();
    await expect(lock.run(['k'], () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(lock.run(['k'], () => Promise.resolve(42))).resolves.toBe(42);
  });
});
