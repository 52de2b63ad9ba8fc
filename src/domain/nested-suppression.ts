import { isSmallCount } from './disclosure-control.ts';
import { FrozenEntryNeeded, secondarySuppression, type Grid } from './secondary-suppression.ts';

/**
 * One suppression decision for a table published for a financial year, each of its quarters
 * and each of its months, over all hubs, so that no figure of one period can be worked out by
 * subtracting figures of others (docs/adr/0015-whole-periods-and-nested-suppression.md).
 *
 * A pattern says which entries of a table's grid (cells, row totals as the last column, column
 * totals as the last row) are hidden. Every month of the year hides the same entries (M),
 * every quarter the same (Q), and the year Y, with Y ⊆ Q ⊆ M, each free of bridges in the sense
 * of secondary-suppression.ts. Then no hidden entry of any period is determined by the figures
 * shown in all of them: for a hidden entry of a month, a change along a cycle of hidden entries
 * in that month, undone in another month of its quarter, keeps every shown figure; for a
 * quarter, the same change in the quarter and one of its months, undone in another quarter and
 * one of its months (Q ⊆ M); for the year, in the year, one quarter and one month (Y ⊆ Q ⊆ M).
 *
 * Treating every shown figure as exact: rounding is extra protection this does not rely on.
 */

export type Pattern = boolean[][];
export const LEVELS = ['year', 'quarter', 'month'] as const;
export type Level = (typeof LEVELS)[number];

export interface NestedInput {
  year: Grid;
  quarters: readonly Grid[];
  months: readonly Grid[];
  /** Entries hidden whatever their value (another table hides the same figure). */
  forced?: Partial<Record<Level, Pattern>>;
  /** Entries another table shows: never hidden here unless nothing else will do. */
  frozen?: Partial<Record<Level, Pattern>>;
}

export interface NestedPatterns extends Record<Level, Pattern> {
  /** Frozen entries that had to be hidden after all (the other table must hide them too). */
  thawed: Pattern;
}

const blank = (grid: Grid): Pattern => grid.map((row) => row.map(() => false));
const or = (a: Pattern, b?: readonly (readonly boolean[])[]): Pattern =>
  a.map((row, i) => row.map((v, j) => v || (b?.[i]?.[j] ?? false)));

/**
 * The patterns of a grid's year, quarters and months. `line` grids are one relation (parts,
 * then their total): one row, whose last entry is the total.
 */
export function nestedPatterns(input: NestedInput, shape: 'table' | 'line' = 'table') {
  const base = input.year;
  const protect = shape === 'line' ? protectLine : secondarySuppression;
  const smallIn = (grids: readonly Grid[]): Pattern =>
    base.map((row, i) => row.map((_, j) => grids.some((g) => isSmallCount(g[i]![j]!))));
  const thawed = blank(base);
  const out = {} as Record<Level, Pattern>;
  let previous = blank(base);
  const levels: [Level, readonly Grid[]][] = [
    ['year', [input.year]],
    ['quarter', input.quarters],
    ['month', input.months],
  ];
  for (const [level, grids] of levels) {
    // A zero over the whole year is zero in every period: public, so never an unknown.
    const hidden = or(or(previous, smallIn(grids)), input.forced?.[level]).map((row, i) =>
      row.map((v, j) => v && base[i]![j]! !== 0),
    );
    let added: boolean[][];
    try {
      added = protect(base, hidden, input.frozen?.[level]);
    } catch (error) {
      if (!(error instanceof FrozenEntryNeeded)) throw error;
      added = protect(base, hidden);
      added.forEach((row, i) =>
        row.forEach((v, j) => {
          if (v && input.frozen?.[level]?.[i]?.[j]) thawed[i]![j] = true;
        }),
      );
    }
    previous = or(hidden, added);
    out[level] = previous;
  }
  return { ...out, thawed } satisfies NestedPatterns;
}

/**
 * One relation: parts and their total (the last entry). No hidden entry is determined while
 * none or at least two are hidden; with one, the smallest other non-zero entry is hidden too.
 */
export function protectLine(
  values: Grid,
  hidden: readonly (readonly boolean[])[],
  frozen?: readonly (readonly boolean[])[],
): boolean[][] {
  const row = values[0] ?? [];
  const isHidden = hidden[0] ?? [];
  const added = values.map((r) => r.map(() => false));
  if (isHidden.filter(Boolean).length !== 1) return added;
  const candidates = row
    .map((value, j) => ({ value, j }))
    .filter(({ value, j }) => value > 0 && !isHidden[j] && !frozen?.[0]?.[j])
    .sort((a, b) => a.value - b.value || a.j - b.j);
  const cheapest = candidates[0];
  if (!cheapest) {
    if (frozen) throw new FrozenEntryNeeded();
    throw new Error('unreachable: a hidden part leaves another non-zero entry in its line');
  }
  added[0]![cheapest.j] = true;
  return added;
}

/** A table's cells with their row totals (last column) and column totals (last row). */
export function withTotals(cells: readonly (readonly number[])[], columns: number): number[][] {
  const sum = (ns: readonly number[]) => ns.reduce((a, b) => a + b, 0);
  const rows = cells.map((row) => [...row, sum(row)]);
  const totals = Array.from({ length: columns + 1 }, (_, j) => sum(rows.map((r) => r[j]!)));
  return [...rows, totals];
}
