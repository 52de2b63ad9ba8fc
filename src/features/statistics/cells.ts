import {
  SUPPRESSED,
  isSmallCount,
  protectCount,
  protectStatistic,
  shareFromPublished,
  type ProtectedTable,
  type Published,
  type Suppression,
} from '../../domain/disclosure-control.ts';
import type { Decider, Decision } from './decisions.ts';
import { londonDate } from '../../domain/london-day.ts';
import type { Category } from './categories.ts';
import type { RawStatistics } from './measures.ts';
import type { Period } from './period.ts';
import type { Cell, CellKind, PublishedTable, Row } from './published.ts';

/**
 * The pieces every published table is made of: cells, the index of raw counts, and the
 * table of categories by hub protected as one (with its totals).
 */

export const ALL_HUBS = 'All hubs';
export const TOTAL = 'Total';

export const count = (value: Published, suppression: Suppression = 'none'): Cell => ({
  kind: 'count',
  value,
  suppression,
});
export const percent = (value: Published | null): Cell => ({
  kind: 'percent',
  value,
  suppression: value === SUPPRESSED ? 'secondary' : 'none',
});

/** A sum of published cells: hidden whenever one of its parts is, so it reveals none. */
export function derivedSum(parts: Cell[], n: number): Cell {
  // Even a sum of 0 is hidden when a part is: a part may be hidden while 0 (decisions.ts).
  if (parts.some((p) => p.value === SUPPRESSED)) return count(SUPPRESSED, 'secondary');
  return count(protectCount(n), isSmallCount(n) ? 'primary' : 'none');
}

export function protectedCount(n: number): Cell {
  const value = protectCount(n);
  return count(value, value === SUPPRESSED ? 'primary' : 'none');
}

export function statistic(kind: CellKind, value: number | null, basedOn: number, scale = 1): Cell {
  const published = protectStatistic(value === null ? null : value / scale, basedOn);
  return {
    kind,
    value: published,
    suppression: published === SUPPRESSED ? 'primary' : 'none',
  };
}

/**
 * The categories of a list, then any stored value the list does not have (a code since
 * retired). Such a value is counted but never shown: it is whatever the database holds, and a
 * published table only ever prints our own labels.
 */
export function categoriesWith(list: readonly Category[], seen: Iterable<string>): Category[] {
  const known = new Set(list.map((c) => c.code));
  const extra = [...new Set(seen)].filter((code) => !known.has(code)).sort();
  return [
    ...list,
    ...extra.map((code, i) => ({
      code,
      label: extra.length === 1 ? 'Code no longer listed' : `Code no longer listed (${i + 1})`,
    })),
  ];
}

/** Index of the raw counts: dimension → key → hub → month → n (key2 for cross-tabulations). */
export class Counts {
  private readonly map = new Map<string, number>();
  private readonly keys = new Map<string, Set<string>>();
  constructor(raw: RawStatistics) {
    for (const row of raw.counts) {
      const id = `${row.dimension}|${row.key}|${row.key2 ?? ''}|${row.hubId ?? ''}|${row.month ?? ''}`;
      this.map.set(id, (this.map.get(id) ?? 0) + row.n);
      const keys = this.keys.get(row.dimension) ?? new Set<string>();
      keys.add(row.key);
      this.keys.set(row.dimension, keys);
    }
  }
  /** The count over these months (counts by month), or the count judged at one instant. */
  get(
    dimension: string,
    key: string,
    hubId: string | null,
    at: { key2?: string | null; months?: readonly string[] | null } = {},
  ): number {
    const { key2 = null, months = null } = at;
    const id = `${dimension}|${key}|${key2 ?? ''}|${hubId ?? ''}|`;
    if (months === null) return this.map.get(id) ?? 0;
    return months.reduce((n, month) => n + (this.map.get(id + month) ?? 0), 0);
  }
  /** Every key counted in the financial years around the period (so every period agrees). */
  keysOf(dimension: string): Set<string> {
    return this.keys.get(dimension) ?? new Set();
  }
}

export interface Hub {
  id: string;
  name: string;
}

/** What every table is published from. */
export interface PublishContext {
  raw: RawStatistics;
  counts: Counts;
  /** The hubs in view: all of them, or the one chosen. */
  hubs: Hub[];
  /** Every hub: what is hidden is decided over all of them (decisions.ts). */
  allHubs: Hub[];
  decider: Decider;
  period: Period;
  asAt: Date;
  /** Hub leads see their clinicians by name; analysts only the distribution. */
  namedClinicians: boolean;
  /** Another table of the catalogue, published once however many tables use it. */
  tableOf(id: string): BuiltTable;
}

/** A published table, with the protected figures and categories it was made from. */
export interface BuiltTable {
  published: PublishedTable;
  table?: ProtectedTable;
  categories?: Category[];
  /** The dimension of the raw counts it shows, for tables drawn from it. */
  dimension?: string;
}

/** A figure of a decision: shown after the rule, or hidden. */
export function decided(d: Decision, i: number, j: number): Cell {
  const n = d.values[i]![j]!;
  if (!d.hidden[i]![j]!) return count(protectCount(n));
  return count(SUPPRESSED, isSmallCount(n) ? 'primary' : 'secondary');
}

/**
 * The part of a decision over all hubs that a view shows, as a protected table of the hubs in
 * view: with several hubs, every hub and the totals over all; with one, its column (its row
 * totals are its cells, its grand total its column total).
 */
export function viewOf(d: Decision, allHubs: Hub[], hubs: Hub[]): ProtectedTable {
  const columns = hubs.map((h) => allHubs.findIndex((a) => a.id === h.id));
  const all = allHubs.length;
  const rows = d.values.length - 1;
  const several = hubs.length > 1;
  const pick = (i: number, j: number) => decided(d, i, j);
  const cells = Array.from({ length: rows }, (_, i) => columns.map((j) => pick(i, j)));
  const rowTotals = cells.map((row, i) => (several ? pick(i, all) : row[0]!));
  const columnTotals = columns.map((j) => pick(rows, j));
  const grand = several ? pick(rows, all) : columnTotals[0]!;
  return {
    rowLabels: [],
    columnLabels: hubs.map((h) => h.name),
    cells: cells.map((row) => row.map((c) => c.value as Published)),
    rowTotals: rowTotals.map((c) => c.value as Published),
    columnTotals: columnTotals.map((c) => c.value as Published),
    grandTotal: grand.value as Published,
    cellSuppression: cells.map((row) => row.map((c) => c.suppression)),
    rowTotalSuppression: rowTotals.map((c) => c.suppression),
    columnTotalSuppression: columnTotals.map((c) => c.suppression),
    grandTotalSuppression: grand.suppression,
  };
}

/**
 * A table of categories (rows) by hub (columns), published from the decision over all hubs
 * (decisions.ts): the hubs in view and, with several, "All hubs". A final column gives each
 * row's share of the whole, when asked.
 */
export function byHub(
  text: Pick<PublishedTable, 'id' | 'section' | 'title' | 'definition' | 'rowHeader' | 'chart'>,
  ctx: PublishContext,
  input: {
    categories: Category[];
    value: (code: string, hubId: string, months: readonly string[]) => number;
    share: boolean;
    /** Leave out the total row (lists where one case can be in several rows). */
    noTotalRow?: boolean;
    /** The cohort whose totals are the total row. */
    cohort?: string;
    /** The decision made already (the months table: from the cohort's lines). */
    decision?: Decision;
  },
): BuiltTable & Required<Pick<BuiltTable, 'table' | 'categories'>> {
  const { categories } = input;
  const { hubs, allHubs } = ctx;
  const decision =
    input.decision ??
    ctx.decider.table({
      key: text.id,
      columns: allHubs.length,
      cells: (months) =>
        categories.map((c) => allHubs.map((h) => input.value(c.code, h.id, months))),
      totalRow: input.noTotalRow ? 'virtual' : 'published',
      ...(input.cohort ? { cohort: input.cohort } : {}),
    });
  const table = viewOf(decision, allHubs, hubs);
  const several = hubs.length > 1;
  const rows: Row[] = categories.map((c, i) => {
    const cells = table.cells[i]!.map((v, j) => count(v, table.cellSuppression[i]![j]));
    const total = count(table.rowTotals[i]!, table.rowTotalSuppression[i]);
    return {
      label: c.label,
      cells: [
        ...cells,
        ...(several ? [total] : []),
        ...(input.share ? [percent(shareFromPublished(total.value!, table.grandTotal))] : []),
      ],
    };
  });
  if (!input.noTotalRow) {
    rows.push({
      label: TOTAL,
      total: true,
      cells: [
        ...table.columnTotals.map((v, j) => count(v, table.columnTotalSuppression[j])),
        ...(several ? [count(table.grandTotal, table.grandTotalSuppression)] : []),
        ...(input.share ? [percent(shareFromPublished(table.grandTotal, table.grandTotal))] : []),
      ],
    });
  }
  const published: PublishedTable = {
    id: text.id,
    section: text.section,
    title: text.title,
    definition: text.definition,
    rowHeader: text.rowHeader,
    columns: [
      ...hubs.map((h) => h.name),
      ...(several ? [ALL_HUBS] : []),
      ...(input.share ? ['Percentage of total'] : []),
    ],
    rows,
    ...(text.chart ? { chart: text.chart } : {}),
  };
  return { published, table, categories };
}

/** The months of the period, up to the one "now" is in when the period has not ended. */
const MONTH_LABEL = new Intl.DateTimeFormat('en-GB', {
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

export function monthsOf(period: Period, asAt: Date): Category[] {
  const lastDay = londonDate(new Date(asAt.getTime() - 1));
  const endDay = lastDay < period.from || lastDay > period.to ? period.to : lastDay;
  const end = endDay.slice(0, 7);
  const months: Category[] = [];
  let [y, m] = period.from.split('-').map(Number) as [number, number];
  for (let code = period.from.slice(0, 7); code <= end;) {
    const label = MONTH_LABEL.format(new Date(Date.UTC(y, m - 1, 1)));
    months.push({ code, label });
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
    code = `${y}-${String(m).padStart(2, '0')}`;
  }
  return months;
}
