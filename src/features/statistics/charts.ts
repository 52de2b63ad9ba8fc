import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { SUPPRESSED } from '../../domain/disclosure-control.ts';
import type { PublishedTable } from './publish.ts';

/**
 * Charts as SVG made on the server from vega-lite specs: no script runs in the browser, and
 * the SVG carries no inline style (the page's CSP allows none). Each chart plots the same
 * published (disclosure-controlled) figures as the table beside it; hidden figures (`*`) are
 * left out of the chart, never estimated.
 */

const PALETTE = [
  '#1d70b8',
  '#d4351c',
  '#00703c',
  '#f47738',
  '#4c2c92',
  '#28a197',
  '#6f72af',
  '#b58840',
  '#912b88',
  '#505a5f',
];

export interface ChartPoint {
  category: string;
  series: string;
  /** null where the figure is hidden: the line breaks there. */
  value: number | null;
  order: number;
}

/** The points a chart plots: published counts only, from the table's rows (totals left out). */
export function chartPoints(table: PublishedTable): ChartPoint[] {
  const several = table.columns.includes('All hubs');
  const seriesColumns =
    table.chart === 'trend'
      ? table.columns
          .map((name, index) => ({ name, index }))
          .filter((c) => table.rows[0]?.cells[c.index]?.kind === 'count')
      : [
          {
            name: several ? 'All hubs' : table.columns[0]!,
            index: several ? table.columns.indexOf('All hubs') : 0,
          },
        ];
  const points: ChartPoint[] = [];
  table.rows.forEach((row, order) => {
    if (row.total) return;
    for (const column of seriesColumns) {
      const cell = row.cells[column.index];
      if (cell?.kind !== 'count') continue;
      const value = cell.value === SUPPRESSED ? null : cell.value;
      if (value === null && table.chart !== 'trend') continue;
      points.push({ category: row.label, series: column.name, value, order });
    }
  });
  return points;
}

export function chartSpec(table: PublishedTable): TopLevelSpec {
  const points = chartPoints(table);
  const common = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    background: 'white',
    title: { text: table.title, anchor: 'start', fontSize: 16 },
    data: { values: points },
    config: {
      aria: false,
      font: 'Arial, sans-serif',
      axis: { labelFontSize: 13, titleFontSize: 14, labelLimit: 260 },
      legend: { labelFontSize: 13, titleFontSize: 14, orient: 'bottom' },
      range: { category: PALETTE },
    },
  } as const;
  if (table.chart === 'trend') {
    return {
      ...common,
      width: 640,
      height: 260,
      mark: { type: 'line', point: true, strokeWidth: 2 },
      encoding: {
        x: {
          field: 'category',
          type: 'ordinal',
          // Every month on the axis, hidden ones too, so a gap shows where a figure is hidden.
          scale: { domain: table.rows.filter((r) => !r.total).map((r) => r.label) },
          title: table.rowHeader,
          axis: { labelAngle: -45 },
        },
        y: { field: 'value', type: 'quantitative', title: 'Requests (rounded)' },
        color: { field: 'series', type: 'nominal', title: 'Hub' },
        strokeDash: { field: 'series', type: 'nominal', title: 'Hub' },
        shape: { field: 'series', type: 'nominal', title: 'Hub' },
      },
    };
  }
  return {
    ...common,
    width: 420,
    height: { step: 22 },
    mark: { type: 'bar', color: PALETTE[0] },
    encoding: {
      y: {
        field: 'category',
        type: 'nominal',
        sort: { field: 'order' },
        title: null,
        axis: { labelLimit: 360 },
      },
      x: { field: 'value', type: 'quantitative', title: 'Count (rounded)' },
    },
  };
}

const cache = new Map<string, string>();
const CACHE_SIZE = 200;

const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The chart as inline SVG: role="img", named by its title, described as shown in the table. */
export async function renderChart(table: PublishedTable): Promise<string> {
  const spec = chartSpec(table);
  const label = `Chart: ${table.title}. The figures are in the table below.`;
  const key = JSON.stringify([spec, label]);
  const hit = cache.get(key);
  if (hit !== undefined) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    const raw = await view.toSVG();
    const svg = raw
      // Vega's own ARIA roles inside a role="img" are noise to a screen reader.
      .replace(/\s(role|aria-[a-z]+)="[^"]*"/g, '')
      .replace(
        /^<svg /,
        `<svg role="img" aria-label="${escapeXml(label)}" focusable="false" class="cicero-chart__svg" `,
      )
      .replace(/^(<svg[^>]*>)/, `$1<title>${escapeXml(table.title)}</title>`);
    cache.set(key, svg);
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
    return svg;
  } finally {
    view.finalize();
  }
}
