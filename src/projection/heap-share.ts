/**
 * The heap a rebuild's folds may fill with open rows, shared by its threads. The threads'
 * groups of projections do not hold the same amount (the person record keeps whole
 * records, the statistics a few facts per person), so an even split could make the larger
 * group hand over to `apply` while the budget as a whole still had room. Each thread
 * records its live heap, after a collection, in its slot of a shared buffer; the load is
 * full when their sum passes the budget.
 */
import { getHeapStatistics } from 'node:v8';

export interface HeapShareOf {
  /** Bytes the threads together may hold live. */
  total: number;
  /** One Int32 per thread: its live heap in KiB when it last looked (0 once it let go). */
  slots: SharedArrayBuffer;
  slot: number;
}

/** The shares of `threads` threads of one budget, over one shared buffer. */
export function heapShares(total: number, threads: number): HeapShareOf[] {
  const slots = new SharedArrayBuffer(4 * threads);
  return Array.from({ length: threads }, (_, slot) => ({ total, slots, slot }));
}

export class HeapShare {
  private readonly live: Int32Array;
  private readonly threads: number;

  constructor(private readonly of: HeapShareOf) {
    this.live = new Int32Array(of.slots);
    this.threads = this.live.length;
  }

  /** Used heap at which a thread first looks at its live heap: its even part. */
  get firstCheck(): number {
    return this.of.total / this.threads;
  }

  /**
   * Records this thread's live heap and tells where to look again, or null when the threads
   * together hold the budget: this thread then writes what it holds and lets go of its part.
   * The next look comes when this heap has grown by its part of what is left (at least a
   * twentieth of its even part, so that collections stay rare near the limit): the others
   * may grow meanwhile, by their parts at most.
   */
  afterCollection(liveBytes: number): number | null {
    Atomics.store(this.live, this.of.slot, Math.ceil(liveBytes / 1024));
    let all = 0;
    for (let i = 0; i < this.threads; i++) all += Atomics.load(this.live, i) * 1024;
    if (all >= this.of.total) {
      Atomics.store(this.live, this.of.slot, 0);
      return null;
    }
    const left = this.of.total - all;
    return liveBytes + Math.max(left / (2 * this.threads), this.firstCheck / 20);
  }
}

/**
 * Whether the rebuild's threads hold more than their budget of live objects. Past this
 * thread's next check, a collection (when the process runs with --expose-gc, as `sijill`
 * runs a rebuild) tells live objects from garbage, and the share adds the other threads'
 * live heaps to it.
 */
export class HeapWatch {
  private readonly share: HeapShare;
  private checkAt: number;
  constructor(of: HeapShareOf) {
    this.share = new HeapShare(of);
    this.checkAt = this.share.firstCheck;
  }
  full(): boolean {
    if (getHeapStatistics().used_heap_size < this.checkAt) return false;
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) return true;
    gc();
    const next = this.share.afterCollection(getHeapStatistics().used_heap_size);
    if (next === null) return true;
    this.checkAt = next;
    return false;
  }
}
