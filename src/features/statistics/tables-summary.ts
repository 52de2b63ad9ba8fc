import { MENTAL_HEALTH_DIFFICULTIES } from '../../domain/mental-health-difficulties.ts';
import { isSmallCount, protectTable, shareFromPublished } from '../../domain/disclosure-control.ts';
import { protectLine } from '../../domain/nested-suppression.ts';
import type { ProtectedTable } from '../../domain/disclosure-control.ts';
import {
  ALL_HUBS,
  TOTAL,
  count,
  decided,
  derivedSum,
  percent,
  statistic,
  type BuiltTable,
  type PublishContext,
} from './cells.ts';
import type { Cell, PublishedTable, Row } from './published.ts';
import type { SummaryColumn, TableSpec } from './table-spec.ts';

/**
 * Tables that are not one breakdown: order statistics, the casework counts judged at one
 * instant, and the shares taken from other tables so that they agree with them.
 */

type Spec<K extends TableSpec['kind']> = Extract<TableSpec, { kind: K }>;

const tableOf = (spec: TableSpec, columns: string[], rows: Row[]): PublishedTable => ({
  id: spec.id,
  section: spec.section,
  title: spec.title,
  definition: spec.definition,
  rowHeader: spec.rowHeader,
  columns,
  rows,
  ...(spec.chart ? { chart: spec.chart } : {}),
});

type SummaryRow = PublishContext['raw']['summaries'][number];
const summaryCell = (s: SummaryRow | undefined, column: SummaryColumn): Cell =>
  statistic(column.kind, s?.[column.value] ?? null, s?.n ?? 0, column.scale);

/** Order statistics per hub, and of all hubs when there are several. */
export function hubSummary(spec: Spec<'hub-summary'>, ctx: PublishContext): BuiltTable {
  const summaries = ctx.raw.summaries.filter((s) => s.dimension === spec.dimension);
  const rowFor = (label: string, hubId: string | null, total = false): Row => {
    const s = summaries.find((x) => x.hubId === hubId);
    return {
      label,
      ...(total ? { total } : {}),
      cells: spec.columns.map((column) => summaryCell(s, column)),
    };
  };
  return {
    published: tableOf(
      spec,
      spec.columns.map((c) => c.heading),
      [
        ...ctx.hubs.map((h) => rowFor(h.name, h.id)),
        ...(ctx.hubs.length > 1 ? [rowFor(ALL_HUBS, null, true)] : []),
      ],
    ),
  };
}

/** Order statistics of all hubs together, one row each. */
export function nationalSummary(spec: Spec<'national-summary'>, ctx: PublishContext): BuiltTable {
  const s = ctx.raw.summaries.find((x) => x.dimension === spec.dimension);
  return {
    published: tableOf(
      spec,
      [spec.column],
      spec.rows.map((row) => ({ label: row.heading, cells: [summaryCell(s, row)] })),
    ),
  };
}

/** One column of counts (rows: clinicians or bands), protected as one table. */
function column(
  spec: TableSpec & { column: string },
  rows: { label: string; n: number }[],
  withTotal: boolean,
  totalLabel = TOTAL,
): BuiltTable {
  const t = protectTable({
    rowLabels: rows.map((r) => r.label),
    columnLabels: [spec.column],
    cells: rows.map((r) => [r.n]),
  });
  return {
    published: tableOf(
      spec,
      [spec.column],
      [
        ...rows.map((r, i) => ({
          label: r.label,
          cells: [count(t.cells[i]![0]!, t.cellSuppression[i]![0])],
        })),
        ...(withTotal
          ? [
              {
                label: totalLabel,
                total: true,
                cells: [count(t.columnTotals[0]!, t.columnTotalSuppression[0])],
              },
            ]
          : []),
      ],
    ),
    table: t,
  };
}

/** Judged at one instant, over all hubs (one decision for every view), then the view's hubs. */
export function openCases(spec: Spec<'open-cases'>, ctx: PublishContext): BuiltTable {
  const n = ctx.allHubs.map((h) => ctx.counts.get(spec.dimension, 'all', h.id));
  const line = [...n, n.reduce((a, b) => a + b, 0)];
  const hidden = line.map(isSmallCount);
  protectLine([line], [hidden])[0]!.forEach((v, j) => (hidden[j] ||= v));
  const d = { values: [line], hidden: [hidden] };
  const index = (id: string) => ctx.allHubs.findIndex((h) => h.id === id);
  return {
    published: tableOf(
      spec,
      [spec.column],
      [
        ...ctx.hubs.map((h) => ({ label: h.name, cells: [decided(d, 0, index(h.id))] })),
        ...(ctx.hubs.length > 1
          ? [{ label: TOTAL, total: true, cells: [decided(d, 0, ctx.allHubs.length)] }]
          : []),
      ],
    ),
  };
}

/** The caseloads added up: a case with two clinicians is in two caseloads. */
export const CASELOAD_TOTAL = 'Total of caseloads (a case with two clinicians counts twice)';

/** Hub leads only: null for analysts, who see the distribution. */
export const namedCaseload = (
  spec: Spec<'named-caseload'>,
  ctx: PublishContext,
): BuiltTable | null =>
  ctx.namedClinicians
    ? column(
        spec,
        ctx.raw.clinicians.map((c) => ({ label: c.name, n: c.n })),
        true,
        CASELOAD_TOTAL,
      )
    : null;

export const caseloadBands = (spec: Spec<'caseload-bands'>, ctx: PublishContext): BuiltTable =>
  column(
    spec,
    spec.categories.map((b) => ({
      label: b.label,
      n: ctx.counts.get(spec.dimension, b.code, null),
    })),
    true,
  );

/** The row's figure for all hubs: the row total, or the one hub's cell. */
const allHubs = (ctx: PublishContext, t: ProtectedTable, row: number): Cell =>
  ctx.hubs.length > 1
    ? count(t.rowTotals[row]!, t.rowTotalSuppression[row])
    : count(t.cells[row]![0]!, t.cellSuppression[row]![0]);

export function assessmentHeadlines(
  spec: Spec<'assessment-headlines'>,
  ctx: PublishContext,
): BuiltTable {
  const { months } = ctx.decider.span;
  const perHub = (dimension: string, m: readonly string[]) => {
    const n = ctx.allHubs.map((h) => ctx.counts.get(dimension, 'yes', h.id, { months: m }));
    return [...n, n.reduce((a, b) => a + b, 0)];
  };
  const sumOver = (dimension: string) =>
    ctx.hubs.reduce((n, h) => n + ctx.counts.get(dimension, 'yes', h.id, { months }), 0);
  /** A count of its own: a line over all hubs, decided for every period of the year. */
  const own = (dimension: string): Cell => {
    const d = ctx.decider.line((m) => perHub(dimension, m));
    const j =
      ctx.hubs.length > 1
        ? ctx.allHubs.length
        : ctx.allHubs.findIndex((h) => h.id === ctx.hubs[0]!.id);
    return decided(d, 0, j);
  };
  const vulnerabilities = ctx.tableOf(spec.vulnerabilities);
  const v = vulnerabilities.table!;
  const convictions = ctx.tableOf(spec.convictions).table!;
  const supervision = ctx.tableOf(spec.supervision).table!;
  const assessed = count(v.grandTotal, v.grandTotalSuppression);
  const index = (code: string) => vulnerabilities.categories!.findIndex((c) => c.code === code);
  const mentalHealth = derivedSum(
    MENTAL_HEALTH_DIFFICULTIES.map((code) => allHubs(ctx, v, index(code))),
    sumOver('mental_health'),
  );
  const line = (label: string, part: Cell, whole: Cell): Row => ({
    label,
    cells: [part, whole, percent(shareFromPublished(part.value!, whole.value!))],
  });
  const yes = (t: ProtectedTable, label: string) =>
    line(label, allHubs(ctx, t, 0), count(t.grandTotal, t.grandTotalSuppression));
  return {
    published: tableOf(
      spec,
      ['Cases', 'Out of', 'Percentage'],
      [
        line(
          'Diagnosable mental illness as primary vulnerability',
          allHubs(ctx, v, index('diagnosable_mental_illness')),
          assessed,
        ),
        line(
          'Complex needs as primary vulnerability',
          allHubs(ctx, v, index('complex_needs')),
          assessed,
        ),
        line('Mental health difficulties', mentalHealth, assessed),
        line(
          'Mental health difficulties not known to or lost to mainstream services',
          own('mental_health_outside_services'),
          assessed,
        ),
        line(
          'Additional needs, of those with mental health difficulties',
          own('mental_health_additional_needs'),
          mentalHealth,
        ),
        yes(convictions, 'Previous convictions'),
        yes(supervision, 'Past failures under supervision'),
      ],
    ),
  };
}

export function diversions(spec: Spec<'diversions'>, ctx: PublishContext): BuiltTable {
  const outcomes = ctx.tableOf(spec.outcomes);
  const t = outcomes.table!;
  const dimension = outcomes.dimension!;
  const { hubs } = ctx;
  const { months } = ctx.decider.span;
  const parts = spec.diversionCodes.map((code) =>
    outcomes.categories!.findIndex((c) => c.code === code),
  );
  const hubRow = (label: string, j: number | null, total = false): Row => {
    const partCells = parts.map((i) =>
      j === null
        ? count(t.rowTotals[i]!, t.rowTotalSuppression[i])
        : count(t.cells[i]![j]!, t.cellSuppression[i]![j]),
    );
    const n = spec.diversionCodes.reduce(
      (sum, code) =>
        sum +
        (j === null
          ? hubs.reduce((s, h) => s + ctx.counts.get(dimension, code, h.id, { months }), 0)
          : ctx.counts.get(dimension, code, hubs[j]!.id, { months })),
      0,
    );
    const diverted = derivedSum(partCells, n);
    const all =
      j === null
        ? count(t.grandTotal, t.grandTotalSuppression)
        : count(t.columnTotals[j]!, t.columnTotalSuppression[j]);
    return {
      label,
      ...(total ? { total } : {}),
      cells: [diverted, all, percent(shareFromPublished(diverted.value!, all.value!))],
    };
  };
  return {
    published: tableOf(
      spec,
      ['Diverted', 'Cases closed', 'Percentage diverted'],
      [
        ...hubs.map((h, j) => hubRow(h.name, j)),
        ...(hubs.length > 1 ? [hubRow(ALL_HUBS, null, true)] : []),
      ],
    ),
  };
}
