import { secondarySuppression } from './secondary-suppression.ts';

/**
 * Disclosure control for published statistics, the NHS rule (PRODUCT.md, GOVERNANCE.md):
 * 0 stays 0; 1–7 is shown as `*`; 8 and above are rounded to the nearest 5; totals are
 * computed from the unrounded figures, then protected the same way; percentages come from
 * the published (rounded) figures and are suppressed when either figure is; a mean, median or
 * percentile of fewer than 8 values is suppressed. Tables get secondary suppression (see
 * secondary-suppression.ts) so that no `*` can be worked out from the totals.
 */

export const SUPPRESSED = '*';
export type Published = number | typeof SUPPRESSED;
export type Suppression = 'none' | 'primary' | 'secondary';

/** Fewest people a shown count, mean or median may be based on. */
export const SMALLEST_SHOWN = 8;

function assertCount(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError('A count must be a whole number, 0 or more');
  }
}

/** Nearest multiple of 5. Counts are whole numbers, so there is never a tie. */
export const roundToFive = (n: number): number => 5 * Math.round(n / 5);

export const isSmallCount = (n: number): boolean => n >= 1 && n < SMALLEST_SHOWN;

export function protectCount(n: number): Published {
  assertCount(n);
  if (n === 0) return 0;
  return isSmallCount(n) ? SUPPRESSED : roundToFive(n);
}

/**
 * A percentage from two published figures, unrounded (presenters choose the decimals).
 * `null` when there is nothing to divide by.
 */
export function shareFromPublished(
  numerator: Published,
  denominator: Published,
): number | typeof SUPPRESSED | null {
  if (numerator === SUPPRESSED || denominator === SUPPRESSED) return SUPPRESSED;
  if (denominator === 0) return null;
  return (100 * numerator) / denominator;
}

/** The share of `denominator` people that `numerator` is, from their published figures. */
export function protectShare(numerator: number, denominator: number) {
  assertCount(numerator);
  assertCount(denominator);
  if (numerator > denominator) throw new RangeError('A share cannot be more than the whole');
  return shareFromPublished(protectCount(numerator), protectCount(denominator));
}

function assertValues(values: readonly number[]): void {
  if (!values.every(Number.isFinite)) throw new RangeError('Values must be finite numbers');
}

/**
 * The p-th percentile (0–100) by linear interpolation between closest ranks (as Excel's
 * PERCENTILE.INC and R's default). Unprotected: use it only through the protect functions
 * for anything published.
 */
export function percentile(values: readonly number[], p: number): number {
  assertValues(values);
  if (values.length === 0) throw new RangeError('No values');
  if (!(p >= 0 && p <= 100)) throw new RangeError('A percentile is from 0 to 100');
  const sorted = [...values].sort((a, b) => a - b);
  const position = ((sorted.length - 1) * p) / 100;
  const below = Math.floor(position);
  const low = sorted[below]!;
  const high = sorted[Math.min(below + 1, sorted.length - 1)]!;
  return low + (position - below) * (high - low);
}

export function protectPercentile(values: readonly number[], p: number): Published {
  assertValues(values);
  return values.length < SMALLEST_SHOWN ? SUPPRESSED : percentile(values, p);
}

export const protectMedian = (values: readonly number[]): Published =>
  protectPercentile(values, 50);

export function protectMean(values: readonly number[]): Published {
  assertValues(values);
  if (values.length < SMALLEST_SHOWN) return SUPPRESSED;
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/**
 * A mean, median or percentile worked out elsewhere (in SQL, over grouped rows), published
 * only when it is based on at least 8 values. `null` when there were no values at all.
 */
export function protectStatistic(value: number | null, basedOn: number): Published | null {
  assertCount(basedOn);
  if (basedOn === 0) return null;
  if (value === null || !Number.isFinite(value)) throw new RangeError('A statistic must be finite');
  return basedOn < SMALLEST_SHOWN ? SUPPRESSED : value;
}

export interface CountTable {
  rowLabels: readonly string[];
  columnLabels: readonly string[];
  /** cells[row][column], unrounded counts. */
  cells: readonly (readonly number[])[];
}

export interface ProtectedTable {
  rowLabels: readonly string[];
  columnLabels: readonly string[];
  cells: Published[][];
  rowTotals: Published[];
  columnTotals: Published[];
  grandTotal: Published;
  /** Why each figure is hidden: primary (a count of 1–7) or secondary (to protect another). */
  cellSuppression: Suppression[][];
  rowTotalSuppression: Suppression[];
  columnTotalSuppression: Suppression[];
  grandTotalSuppression: Suppression;
}

/**
 * Protect a two-way table published with row, column and grand totals. A total of 1–7 is
 * hidden like any count, and a total may be hidden secondarily when nothing else can protect a
 * hidden figure (for example a table of one row, whose row total is the grand total).
 */
export function protectTable(table: CountTable): ProtectedTable {
  const { rowLabels, columnLabels, cells } = table;
  if (cells.length !== rowLabels.length) throw new RangeError('One row of cells per row label');
  for (const row of cells) {
    if (row.length !== columnLabels.length) {
      throw new RangeError('One cell per column label in every row');
    }
    row.forEach(assertCount);
  }
  const sum = (ns: readonly number[]) => ns.reduce((a, b) => a + b, 0);
  const rowTotals = cells.map(sum);
  const columnTotals = columnLabels.map((_, j) => sum(cells.map((row) => row[j]!)));
  // The grid of cells with the totals as its last column and last row.
  const grid = [
    ...cells.map((row, i) => [...row, rowTotals[i]!]),
    [...columnTotals, sum(rowTotals)],
  ];
  const primary = grid.map((row) => row.map(isSmallCount));
  const secondary = secondarySuppression(grid, primary);
  const suppression = grid.map((row, i) =>
    row.map((_, j): Suppression =>
      primary[i]![j] ? 'primary' : secondary[i]![j] ? 'secondary' : 'none',
    ),
  );
  const published = grid.map((row, i) =>
    row.map((n, j) => (suppression[i]![j] === 'none' ? protectCount(n) : SUPPRESSED)),
  );
  const last = cells.length;
  return {
    rowLabels,
    columnLabels,
    cells: published.slice(0, last).map((row) => row.slice(0, -1)),
    rowTotals: published.slice(0, last).map((row) => row.at(-1)!),
    columnTotals: published[last]!.slice(0, -1),
    grandTotal: published[last]!.at(-1)!,
    cellSuppression: suppression.slice(0, last).map((row) => row.slice(0, -1)),
    rowTotalSuppression: suppression.slice(0, last).map((row) => row.at(-1)!),
    columnTotalSuppression: suppression[last]!.slice(0, -1),
    grandTotalSuppression: suppression[last]!.at(-1)!,
  };
}
