/** The value at quantile `p` (0..1) of ascending `sorted` latencies, to 0.01 ms. */
export const quantile = (sorted: readonly number[], p: number): number =>
  Number((sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0).toFixed(2));
