/**
 * Statistics never reveal an individual. The rule, for every audience and every table:
 *
 * - a cell counting 1 to 4 events (or persons) is withheld: its count is null and
 *   `suppressed` is true (CSV: "<5"); a cell of 0 is not listed at all;
 * - the total is the sum of the cells shown, and the reply says how many cells were
 *   withheld, so that no total minus the shown cells gives back a withheld count;
 * - shares (timeliness) are shares of the cells shown.
 *
 * What this does not stop: differencing two overlapping queries (for example a year and
 * the same year less one month). The published tables are coarse enough (month, province,
 * five-year groups) that this needs many queries; a production release would add random
 * rounding of the published counts.
 */
export const SMALL_CELL = 5;

export interface Published<Row> {
  rows: (Omit<Row, 'count'> & { count: number | null; suppressed: boolean })[];
  total: number;
  suppressedCells: number;
}

export function publish<Row extends { count: number }>(rows: readonly Row[]): Published<Row> {
  let total = 0;
  let suppressedCells = 0;
  const out = rows
    .filter((r) => r.count !== 0)
    .map((r) => {
      const suppressed = r.count > 0 && r.count < SMALL_CELL;
      if (suppressed) suppressedCells++;
      else total += r.count;
      return { ...r, count: suppressed ? null : r.count, suppressed };
    });
  return { rows: out, total, suppressedCells };
}
