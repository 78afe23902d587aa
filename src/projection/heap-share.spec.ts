import { HeapShare, heapShares } from './heap-share';

const MB = 1024 * 1024;

describe('a rebuild heap budget shared by threads', () => {
  it('lets one thread hold more than its even part while the sum is under the budget', () => {
    const [a, b] = heapShares(1000 * MB, 2).map((s) => new HeapShare(s));
    expect(a!.firstCheck).toBe(500 * MB);
    // A, alone so far: 600 of 1000 held; it looks again after a quarter of the 400 left.
    expect(a!.afterCollection(600 * MB)).toBe(700 * MB);
    // B adds 300: 100 left, its next look after 25 (at least a twentieth of 500).
    expect(b!.afterCollection(300 * MB)).toBe(325 * MB);
    // A at 720: the sum passes the budget; A lets go of its part.
    expect(a!.afterCollection(720 * MB)).toBeNull();
    // B alone again: 350 held, 650 left.
    expect(b!.afterCollection(350 * MB)).toBe(350 * MB + (650 * MB) / 4);
  });

  it('is full for one thread at its budget, and looks again no sooner than a twentieth of it', () => {
    const [only] = heapShares(1000 * MB, 1).map((s) => new HeapShare(s));
    expect(only!.firstCheck).toBe(1000 * MB);
    expect(only!.afterCollection(990 * MB)).toBe(1040 * MB);
    expect(only!.afterCollection(1000 * MB)).toBeNull();
  });
});
