import { shareFromPublished } from '../../domain/disclosure-control.ts';
import type { Level } from '../../domain/nested-suppression.ts';
import { ethnicGroupOf, type Category } from './categories.ts';
import {
  TOTAL,
  byHub,
  categoriesWith,
  count,
  decided,
  monthsOf,
  percent,
  type BuiltTable,
  type PublishContext,
} from './cells.ts';
import { timeSpanOf } from './decisions.ts';
import type { TableSpec } from './table-spec.ts';

/** Tables of categories: by hub (breakdowns, rates, several per case) and cross-tabulations. */

type Spec<K extends TableSpec['kind']> = Extract<TableSpec, { kind: K }>;

/** Requests by month: each month's figures are its cohort line (decisions.ts), as every view's. */
function byMonth(spec: Spec<'breakdown'>, ctx: PublishContext): BuiltTable {
  const months = monthsOf(ctx.period, ctx.asAt);
  const { decider } = ctx;
  const lines = months.map((m) =>
    decider.cohort(
      spec.cohort,
      timeSpanOf({ from: `${m.code}-01`, to: `${m.code}-01`, span: 'month' }),
    ),
  );
  const total = decider.cohort(spec.cohort);
  const decision = {
    values: [...lines.map((l) => l.values[0]!), total.values[0]!],
    hidden: [...lines.map((l) => l.hidden[0]!), total.hidden[0]!],
  };
  const built = byHub(spec, ctx, {
    categories: months,
    value: () => 0,
    share: spec.share ?? true,
    decision,
  });
  return { ...built, dimension: spec.dimension };
}

export function breakdown(spec: Spec<'breakdown'>, ctx: PublishContext): BuiltTable {
  if (spec.categories === 'months') return byMonth(spec, ctx);
  const built = byHub(spec, ctx, {
    categories: categoriesWith(spec.categories, ctx.counts.keysOf(spec.dimension)),
    value: (code, hubId, months) => ctx.counts.get(spec.dimension, code, hubId, { months }),
    share: spec.share ?? true,
    cohort: spec.cohort,
  });
  return { ...built, dimension: spec.dimension };
}

/** The breakdown, then the first category's share of each column's total. */
export function rate(spec: Spec<'rate'>, ctx: PublishContext): BuiltTable {
  const built = byHub(spec, ctx, {
    categories: [...spec.categories],
    value: (code, hubId, months) => ctx.counts.get(spec.dimension, code, hubId, { months }),
    share: false,
    cohort: spec.cohort,
  });
  const t = built.table;
  const rates = [
    ...t.cells[0]!.map((v, j) => shareFromPublished(v, t.columnTotals[j]!)),
    ...(ctx.hubs.length > 1 ? [shareFromPublished(t.rowTotals[0]!, t.grandTotal)] : []),
  ];
  built.published.rows.push({ label: spec.rateLabel, cells: rates.map(percent) });
  return built;
}

/**
 * Categories a case can have several of: no total row; each row's share is of the cases of
 * another table, whose totals close the table.
 */
export function severalPerCase(spec: Spec<'several-per-case'>, ctx: PublishContext): BuiltTable {
  const built = byHub(spec, ctx, {
    categories: categoriesWith(spec.categories, ctx.counts.keysOf(spec.dimension)),
    value: (code, hubId, months) => ctx.counts.get(spec.dimension, code, hubId, { months }),
    share: false,
    noTotalRow: true,
  });
  const of = ctx.tableOf(spec.outOf).table!;
  built.published.columns.push('Percentage of cases');
  for (const [i, row] of built.published.rows.entries()) {
    row.cells.push(percent(shareFromPublished(built.table.rowTotals[i]!, of.grandTotal)));
  }
  built.published.rows.push({
    label: spec.outOfLabel,
    total: true,
    cells: [
      ...of.columnTotals.map((v, j) => count(v, of.columnTotalSuppression[j])),
      ...(ctx.hubs.length > 1 ? [count(of.grandTotal, of.grandTotalSuppression)] : []),
      percent(shareFromPublished(of.grandTotal, of.grandTotal)),
    ],
  });
  return built;
}

/**
 * Categories by categories, all hubs together (key2 holds the row's code); on the national page
 * only. Its row and column totals are figures other tables publish ("All hubs" of the type of
 * concern and of the gender, age band or ethnic group tables), hidden exactly as there.
 */
export function cross(spec: Spec<'cross'>, ctx: PublishContext): BuiltTable | null {
  if (ctx.hubs.length !== ctx.allHubs.length) return null;
  const columnOf = spec.byEthnicGroup ? ethnicGroupOf : (key: string) => key;
  const rows = categoriesWith(spec.rowCategories, ctx.counts.keysOf(spec.retiredRowsFrom));
  const columns: Category[] = spec.retiredColumnsFrom
    ? categoriesWith(spec.columns, [...ctx.counts.keysOf(spec.retiredColumnsFrom)].map(columnOf))
    : [...spec.columns];
  const keys = [...ctx.counts.keysOf(spec.dimension)];
  const rowTable = ctx.tableOf(spec.rowMargins);
  const columnTable = ctx.tableOf(spec.columnMargins);
  // Which rows of the column margins' table make up each column (an ethnic heading: several).
  const parts = columns.map((c) =>
    columnTable.categories!.flatMap((r, i) => (columnOf(r.code) === c.code ? [i] : [])),
  );
  const all = ctx.allHubs.length;
  const margins = (year: number, level: Level) => {
    const r = ctx.decider.patternsOf(spec.rowMargins, year)!;
    const c = ctx.decider.patternsOf(spec.columnMargins, year)!;
    return {
      rows: rows.map((_, i) => r[level][i]![all]!),
      columns: parts.map((ps) => ps.some((i) => c[level][i]![all]!)),
      grand: r[level][rowTable.categories!.length]![all]!,
    };
  };
  const d = ctx.decider.table({
    key: spec.id,
    columns: columns.length,
    cells: (months) =>
      rows.map((r) =>
        columns.map((c) =>
          keys
            .filter((k) => columnOf(k) === c.code)
            .reduce(
              (n, k) => n + ctx.counts.get(spec.dimension, k, null, { key2: r.code, months }),
              0,
            ),
        ),
      ),
    margins,
  });
  const line = (i: number) => columns.map((_, j) => decided(d, i, j));
  return {
    published: {
      id: spec.id,
      section: spec.section,
      title: spec.title,
      definition: spec.definition,
      rowHeader: spec.rowHeader,
      columns: [...columns.map((c) => c.label), TOTAL],
      rows: [
        ...rows.map((c, i) => ({
          label: c.label,
          cells: [...line(i), decided(d, i, columns.length)],
        })),
        {
          label: TOTAL,
          total: true,
          cells: [...line(rows.length), decided(d, rows.length, columns.length)],
        },
      ],
    },
  };
}
