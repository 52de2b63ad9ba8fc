import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SUPPRESSED } from '../../domain/disclosure-control.ts';
import { chartPoints, renderChart } from './charts.ts';
import type { Cell, PublishedTable } from './publish.ts';

const c = (value: number | typeof SUPPRESSED): Cell => ({
  kind: 'count',
  value,
  suppression: value === SUPPRESSED ? 'primary' : 'none',
});

const trend: PublishedTable = {
  id: 'requests-by-month',
  section: 'requests',
  title: 'Requests received by month and hub',
  definition: '',
  rowHeader: 'Month',
  columns: ['North West', 'West Midlands', 'All hubs'],
  chart: 'trend',
  rows: [
    { label: 'April 2025', cells: [c(10), c(SUPPRESSED), c(15)] },
    { label: 'May 2025', cells: [c(20), c(30), c(50)] },
    { label: 'Total', total: true, cells: [c(30), c(35), c(65)] },
  ],
};

test('a trend plots every published count per hub, with a gap where one is hidden', () => {
  assert.deepEqual(chartPoints(trend), [
    { category: 'April 2025', series: 'North West', value: 10, order: 0 },
    { category: 'April 2025', series: 'West Midlands', value: null, order: 0 },
    { category: 'April 2025', series: 'All hubs', value: 15, order: 0 },
    { category: 'May 2025', series: 'North West', value: 20, order: 1 },
    { category: 'May 2025', series: 'West Midlands', value: 30, order: 1 },
    { category: 'May 2025', series: 'All hubs', value: 50, order: 1 },
  ]);
});

test('a bar chart plots the all-hubs column, leaving out hidden figures and the total row', () => {
  const bar: PublishedTable = {
    ...trend,
    chart: 'bar',
    columns: ['North West', 'West Midlands', 'All hubs', 'Percentage of total'],
    rows: [
      {
        label: 'Education',
        cells: [c(10), c(20), c(30), { kind: 'percent', value: 60, suppression: 'none' }],
      },
      {
        label: 'Health',
        cells: [
          c(SUPPRESSED),
          c(SUPPRESSED),
          c(SUPPRESSED),
          { kind: 'percent', value: SUPPRESSED, suppression: 'secondary' },
        ],
      },
      {
        label: 'Total',
        total: true,
        cells: [c(15), c(35), c(50), { kind: 'percent', value: 100, suppression: 'none' }],
      },
    ],
  };
  assert.deepEqual(chartPoints(bar), [
    { category: 'Education', series: 'All hubs', value: 30, order: 0 },
  ]);
});

test('the SVG is an image named for screen readers, with no script or inline style', async () => {
  const svg = await renderChart({ ...trend, title: 'Requests <by> "month"' });
  assert.match(
    svg,
    /^<svg role="img" aria-label="Chart: Requests &#60;by&#62; &#34;month&#34;\. The figures are in the table below\."/,
  );
  assert.match(svg, /<title>Requests &#60;by&#62; &#34;month&#34;<\/title>/);
  assert.doesNotMatch(svg, /<script|style=|\son[a-z]+=/i);
  assert.doesNotMatch(svg.slice(5), /\srole="/, 'no inner ARIA roles');
  assert.equal(await renderChart({ ...trend, title: 'Requests <by> "month"' }), svg, 'cached');
});
