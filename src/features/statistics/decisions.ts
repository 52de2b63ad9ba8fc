import {
  nestedPatterns,
  withTotals,
  type Level,
  type NestedPatterns,
  type Pattern,
} from '../../domain/nested-suppression.ts';
import { monthsIn, type Period } from './period.ts';

/**
 * Which figures are hidden, decided once per table and financial year over all hubs and every
 * period of the year, so that every view publishes from one decision: the national page, a hub
 * chosen by an analyst, a hub lead's page, the CSV and the spreadsheet, for a month, a quarter,
 * the year or several years (docs/adr/0015-whole-periods-and-nested-suppression.md).
 *
 * - Tables of the same cohort (requests received, assessed, closed) share their totals per hub:
 *   those are decided first, as one line per period (the hubs and all hubs), and every table of
 *   the cohort shows or hides them exactly as that line does.
 * - A period of several financial years hides a figure whenever any of its years does, so each
 *   of its figures is a sum of figures published for the years.
 */

export interface TimeSpan {
  /** Financial years (by their first calendar year) the period covers. */
  years: number[];
  level: Level | 'years';
  /** The months whose counts make up the period's figures. */
  months: string[];
}

const pad = (n: number) => String(n).padStart(2, '0');
/** The twelve months of a financial year, April first. */
export const monthsOfYear = (year: number): string[] =>
  Array.from({ length: 12 }, (_, i) => {
    const month = ((i + 3) % 12) + 1;
    return `${month >= 4 ? year : year + 1}-${pad(month)}`;
  });

export function timeSpanOf(period: Pick<Period, 'from' | 'to' | 'span'>): TimeSpan {
  const fy = (day: string) => {
    const [y, m] = day.split('-').map(Number) as [number, number];
    return m >= 4 ? y : y - 1;
  };
  const years: number[] = [];
  for (let y = fy(period.from); y <= fy(period.to); y += 1) years.push(y);
  return { years, level: period.span, months: monthsIn(period) };
}

/** The cells of a table for some months: rows × columns. */
export type Cells = (months: readonly string[]) => number[][];

export interface TableInput {
  /** Names the table in the decision's cache (the catalogue id). */
  key: string;
  columns: number;
  cells: Cells;
  /** 'virtual': the column totals are not published (a case can be in several rows). */
  totalRow?: 'published' | 'virtual';
  /** The cohort whose totals per hub (and for all hubs) are this table's total row. */
  cohort?: string;
  /** Totals other tables publish (cross-tabulations' margins), hidden exactly as they are. */
  margins?: (year: number, level: Level) => { rows: boolean[]; columns: boolean[]; grand: boolean };
}

export interface Decision {
  /** The period's grid: cells, row totals (last column), column totals (last row). */
  values: number[][];
  hidden: Pattern;
}

const CACHE_SIZE = 4_000;
/** Decisions by their whole input: the same figures always give the same decision. */
const cache = new Map<string, NestedPatterns>();
function cachedPatterns(input: Parameters<typeof nestedPatterns>[0], shape: 'table' | 'line') {
  const key = JSON.stringify([shape, input]);
  const hit = cache.get(key);
  if (hit) return hit;
  const made = nestedPatterns(input, shape);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, made);
  return made;
}

const quartersOf = (year: number) => {
  const months = monthsOfYear(year);
  return [0, 1, 2, 3].map((q) => months.slice(q * 3, q * 3 + 3));
};

export class Decider {
  /** Set when a table needed a cohort total hidden that the cohort line showed. */
  changed = false;
  private readonly cohortForced = new Map<string, Record<Level, boolean[]>>();
  private readonly decided = new Map<string, NestedPatterns>();

  constructor(
    readonly span: TimeSpan,
    /** The cohort's totals for some months: one per hub, then all hubs. */
    private readonly cohortLine: (cohort: string, months: readonly string[]) => number[],
  ) {}

  /** The period's grid of a table and what it hides. */
  table(input: TableInput): Decision {
    const values = withTotals(input.cells(this.span.months), input.columns);
    const each = this.span.years.map((year) => this.patterns(input, year));
    const level = this.span.level === 'years' ? 'year' : this.span.level;
    const hidden = values.map((row, i) => row.map((_, j) => each.some((p) => p[level][i]![j]!)));
    return { values, hidden };
  }

  /** A table's patterns for one financial year (after the table has been decided). */
  patternsOf(key: string, year: number): NestedPatterns | undefined {
    return this.decided.get(`${key}|${year}`);
  }

  /**
   * A line of counts (one per hub, then all hubs) for the period (or another span), and what
   * it hides; a cohort's line when `cohort` is given.
   */
  line(
    values: (months: readonly string[]) => number[],
    span: TimeSpan = this.span,
    cohort?: string,
  ): Decision {
    const each = span.years.map((year) =>
      cohort ? this.cohortPatterns(cohort, year) : this.linePatterns(year, values),
    );
    const level = span.level === 'years' ? 'year' : span.level;
    const row = values(span.months);
    return { values: [row], hidden: [row.map((_, j) => each.some((p) => p[level][0]![j]!))] };
  }

  /** The cohort's totals (one per hub, then all hubs) for a span, and what they hide. */
  cohort(cohort: string, span: TimeSpan = this.span): Decision {
    return this.line((m) => this.cohortLine(cohort, m), span, cohort);
  }

  private linePatterns(
    year: number,
    values: (months: readonly string[]) => number[],
    forced?: Record<Level, boolean[]>,
  ): NestedPatterns {
    return cachedPatterns(
      {
        year: [values(monthsOfYear(year))],
        quarters: quartersOf(year).map((m) => [values(m)]),
        months: monthsOfYear(year).map((m) => [values([m])]),
        ...(forced
          ? { forced: { year: [forced.year], quarter: [forced.quarter], month: [forced.month] } }
          : {}),
      },
      'line',
    );
  }

  /** The cohort's line of totals for a year, with the totals tables found they must hide. */
  private cohortPatterns(cohort: string, year: number): NestedPatterns {
    const forced = this.cohortForced.get(`${cohort}|${year}`);
    return this.linePatterns(year, (m) => this.cohortLine(cohort, m), forced);
  }

  private patterns(input: TableInput, year: number): NestedPatterns {
    const grids = {
      year: withTotals(input.cells(monthsOfYear(year)), input.columns),
      quarters: quartersOf(year).map((m) => withTotals(input.cells(m), input.columns)),
      months: monthsOfYear(year).map((m) => withTotals(input.cells([m]), input.columns)),
    };
    const rows = grids.year.length - 1;
    const blank = grids.year.map((row) => row.map(() => false));
    const levels = ['year', 'quarter', 'month'] as const;
    const forced = {} as Record<Level, Pattern>;
    const frozen = {} as Record<Level, Pattern>;
    const cohort = input.cohort ? this.cohortPatterns(input.cohort, year) : undefined;
    for (const level of levels) {
      forced[level] = blank.map((row) => [...row]);
      frozen[level] = blank.map((row) => [...row]);
      if (input.totalRow === 'virtual') forced[level][rows] = blank[rows]!.map(() => true);
      if (cohort) {
        forced[level][rows] = [...cohort[level][0]!];
        frozen[level][rows] = cohort[level][0]!.map((v) => !v);
      }
      if (input.margins) {
        const m = input.margins(year, level);
        m.rows.forEach((hide, i) => {
          forced[level][i]![input.columns] = hide;
          frozen[level][i]![input.columns] = !hide;
        });
        m.columns.forEach((hide, j) => {
          forced[level][rows]![j] = hide;
          frozen[level][rows]![j] = !hide;
        });
        forced[level][rows]![input.columns] = m.grand;
        frozen[level][rows]![input.columns] = !m.grand;
      }
    }
    let made = cachedPatterns({ ...grids, forced, frozen }, 'table');
    if (made.thawed.some((row) => row.some(Boolean))) {
      if (cohort && !input.margins) {
        // A cohort total must be hidden after all: hide it in the cohort's line (and so in
        // every table of the cohort) and publish again (publish.ts repeats until settled).
        const key = `${input.cohort}|${year}`;
        const had = this.cohortForced.get(key) ?? {
          year: cohort.year[0]!.map(() => false),
          quarter: cohort.year[0]!.map(() => false),
          month: cohort.year[0]!.map(() => false),
        };
        for (const level of levels) {
          had[level] = had[level].map((v, j) => v || made[level][rows]![j]!);
        }
        this.cohortForced.set(key, had);
        this.changed = true;
      } else {
        // A margin shown elsewhere cannot be hidden here: hide every inner cell instead.
        made = {
          ...made,
          ...Object.fromEntries(
            levels.map((level) => [
              level,
              made[level].map((row, i) =>
                row.map((v, j) =>
                  i < rows && j < input.columns
                    ? grids.year[i]![j]! > 0
                    : forced[level][i]![j]! || (v && !frozen[level][i]![j]!),
                ),
              ),
            ]),
          ),
        };
      }
    }
    this.decided.set(`${input.key}|${year}`, made);
    return made;
  }
}
