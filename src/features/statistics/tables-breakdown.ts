import { protectTable, shareFromPublished } from '../../domain/disclosure-control.ts';
import { ethnicGroupOf, type Category } from './categories.ts';
import {
  TOTAL,
  byHub,
  categoriesWith,
  count,
  monthsOf,
  percent,
  type BuiltTable,
  type PublishContext,
} from './cells.ts';
import type { TableSpec } from './table-spec.ts';

/** Tables of categories: by hub (breakdowns, rates, several per case) and cross-tabulations. */

type Spec<K extends TableSpec['kind']> = Extract<TableSpec, { kind: K }>;

export function breakdown(spec: Spec<'breakdown'>, ctx: PublishContext): BuiltTable {
  const list = spec.categories === 'months' ? monthsOf(ctx.period, ctx.asAt) : spec.categories;
  const built = byHub(spec, {
    categories: categoriesWith(list, ctx.counts.keysOf(spec.dimension)),
    hubs: ctx.hubs,
    value: (code, hubId) => ctx.counts.get(spec.dimension, code, hubId),
    share: spec.share ?? true,
  });
  return { ...built, dimension: spec.dimension };
}

/** The breakdown, then the first category's share of each column's total. */
export function rate(spec: Spec<'rate'>, ctx: PublishContext): BuiltTable {
  const built = byHub(spec, {
    categories: [...spec.categories],
    hubs: ctx.hubs,
    value: (code, hubId) => ctx.counts.get(spec.dimension, code, hubId),
    share: false,
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
  const built = byHub(spec, {
    categories: categoriesWith(spec.categories, ctx.counts.keysOf(spec.dimension)),
    hubs: ctx.hubs,
    value: (code, hubId) => ctx.counts.get(spec.dimension, code, hubId),
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

/** Categories by categories, all hubs in view together (key2 holds the row's code). */
export function cross(spec: Spec<'cross'>, ctx: PublishContext): BuiltTable {
  const rows = categoriesWith(spec.rowCategories, ctx.counts.keysOf(spec.retiredRowsFrom));
  const columns: Category[] = spec.retiredColumnsFrom
    ? categoriesWith(spec.columns, ctx.counts.keysOf(spec.retiredColumnsFrom))
    : [...spec.columns];
  const columnOf = spec.byEthnicGroup ? ethnicGroupOf : (key: string) => key;
  const cells = rows.map(() => columns.map(() => 0));
  for (const row of ctx.raw.counts) {
    if (row.dimension !== spec.dimension || row.key2 === null) continue;
    const i = rows.findIndex((c) => c.code === row.key2);
    const j = columns.findIndex((c) => c.code === columnOf(row.key));
    if (i >= 0 && j >= 0) cells[i]![j]! += row.n;
  }
  const t = protectTable({
    rowLabels: rows.map((c) => c.label),
    columnLabels: columns.map((c) => c.label),
    cells,
  });
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
          cells: [
            ...t.cells[i]!.map((v, j) => count(v, t.cellSuppression[i]![j])),
            count(t.rowTotals[i]!, t.rowTotalSuppression[i]),
          ],
        })),
        {
          label: TOTAL,
          total: true,
          cells: [
            ...t.columnTotals.map((v, j) => count(v, t.columnTotalSuppression[j])),
            count(t.grandTotal, t.grandTotalSuppression),
          ],
        },
      ],
    },
    table: t,
  };
}
