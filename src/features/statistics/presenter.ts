import type { FormErrors } from '../../web/forms.ts';
import { displayValue } from './format.ts';
import {
  YEARS_OFFERED,
  dayLabel,
  financialYearLabel,
  quartersOffered,
  yearsOffered,
  type PeriodValues,
} from './period.ts';
import { renderChart } from './charts.ts';
import { formatDateTime } from '../../web/format.ts';
import { DISCLOSURE_RULE, SECTIONS, type PublishedStatistics } from './published.ts';

/** Pure view models of the statistics pages. */

export interface StatisticsPageInput {
  /** Where the form goes: /statistics or /statistics/hubs/:hubId. */
  action: string;
  today: string;
  values: PeriodValues;
  errors?: FormErrors;
  /** Analysts choose a hub (or all); hub leads see their own. */
  hubChoice?: { hubs: { id: string; name: string }[]; selected: string };
  stats?: PublishedStatistics;
  /** The chart SVG of each table that has one, by table id. */
  charts?: Record<string, string>;
  /** The query string of the figures shown, for the download links. */
  query?: string;
  backLink?: { href: string; text: string };
}

const formatInstant = formatDateTime;

export function statisticsPage(input: StatisticsPageInput) {
  const { values, errors, stats } = input;
  const error = (field: string) => errors?.byField[field];
  const dateItems = (prefix: string, parts: readonly ('day' | 'month' | 'year')[]) => {
    const failed = parts.some((p) => error(`${prefix}-${p}`));
    return parts.map((part) => ({
      name: part,
      value: values[`${prefix}-${part}` as keyof PeriodValues],
      classes: `govuk-input--width-${part === 'year' ? 4 : 2}${failed ? ' govuk-input--error' : ''}`,
    }));
  };
  const dateError = (prefix: string, parts: readonly string[]) =>
    parts.map((p) => error(`${prefix}-${p}`)).find(Boolean);
  const scope = stats?.scopeLabel ?? '';
  const heading = input.hubChoice ? 'Statistics' : `Statistics: ${scope || 'your hub'}`;
  const selectedYear = values.year || String(yearsOffered(input.today)[0]);
  const selectedQuarter = values.quarter || quartersOffered(input.today)[0]!.value;

  return {
    title: heading,
    heading,
    ...(input.backLink ? { backLink: input.backLink } : {}),
    errorSummary: errors?.summary ?? [],
    form: {
      action: input.action,
      period: values.period || 'year',
      periodError: error('period'),
      years: yearsOffered(input.today).map((year) => ({
        value: String(year),
        text: financialYearLabel(year),
        selected: String(year) === selectedYear,
      })),
      yearsOffered: YEARS_OFFERED,
      yearError: error('year'),
      quarters: quartersOffered(input.today).map((q) => ({
        ...q,
        selected: q.value === selectedQuarter,
      })),
      quarterError: error('quarter'),
      monthItems: dateItems('month', ['month', 'year']),
      monthError: dateError('month', ['month', 'year']),
      fromItems: dateItems('from', ['day', 'month', 'year']),
      fromError: dateError('from', ['day', 'month', 'year']),
      toItems: dateItems('to', ['day', 'month', 'year']),
      toError: dateError('to', ['day', 'month', 'year']),
      hubs: input.hubChoice
        ? [
            { value: '', text: 'All hubs', selected: input.hubChoice.selected === '' },
            ...input.hubChoice.hubs.map((h) => ({
              value: h.id,
              text: h.name,
              selected: h.id === input.hubChoice!.selected,
            })),
          ]
        : null,
      hubError: error('hub'),
    },
    disclosureRule: DISCLOSURE_RULE,
    results: stats
      ? {
          scope,
          period: `${stats.period.label[0]!.toUpperCase()}${stats.period.label.slice(1)}`,
          dates: `${dayLabel(stats.period.from)} to ${dayLabel(stats.period.to)}`,
          generatedAt: formatInstant(stats.generatedAt),
          asAt: formatInstant(stats.asAt),
          readFrom: readFromText(stats.readFrom),
          downloads: {
            csv: `${input.action}/export.csv${input.query ? `?${input.query}` : ''}`,
            xlsx: `${input.action}/export.xlsx${input.query ? `?${input.query}` : ''}`,
          },
          contents: SECTIONS.filter((s) => stats.tables.some((t) => t.section === s.id)).map(
            (s) => ({ href: `#${s.id}`, text: s.heading }),
          ),
          sections: SECTIONS.map((section) => ({
            id: section.id,
            heading: section.heading,
            tables: stats.tables
              .filter((t) => t.section === section.id)
              .map((table) => ({
                id: table.id,
                caption: table.title,
                definition: table.definition,
                chart: input.charts?.[table.id] ?? null,
                wide: table.columns.length > 4,
                head: [
                  { text: table.rowHeader },
                  ...table.columns.map((c) => ({ text: c, format: 'numeric' })),
                ],
                rows: table.rows.map((row) => [
                  {
                    text: row.label,
                    ...(row.total ? { classes: 'govuk-!-font-weight-bold' } : {}),
                  },
                  ...row.cells.map((cell) => ({
                    text: displayValue(cell),
                    format: 'numeric',
                    ...(row.total ? { classes: 'govuk-!-font-weight-bold' } : {}),
                  })),
                ]),
              })),
          })).filter((s) => s.tables.length > 0),
        }
      : null,
  };
}

/** The chart SVG of each table that has one, by table id. */
async function drawCharts(stats: PublishedStatistics): Promise<Record<string, string>> {
  const entries = await Promise.all(
    stats.tables.filter((t) => t.chart).map(async (t) => [t.id, await renderChart(t)] as const),
  );
  return Object.fromEntries(entries);
}

/** The page with published figures: their charts drawn (SVG, on the server), then the page. */
export async function resultsPage(
  input: Omit<StatisticsPageInput, 'charts'> & { stats: PublishedStatistics },
) {
  return statisticsPage({ ...input, charts: await drawCharts(input.stats) });
}

/** A hub lead of several hubs chooses which one. */
export function hubChoicePage(hubs: { id: string; name: string }[]) {
  return {
    title: 'Hub statistics',
    heading: 'Hub statistics',
    hubs: hubs.map((h) => ({ text: h.name, href: `/statistics/hubs/${h.id}` })),
  };
}

/** Where the figures were read, when a reporting replica is configured; else nothing to say. */
export function readFromText(readFrom: PublishedStatistics['readFrom']): string | null {
  if (!readFrom) return null;
  if (readFrom.from === 'primary') {
    return 'The main database: the reporting copy did not answer, so these figures were read from the database casework uses.';
  }
  const behind = readFrom.behindSeconds;
  if (behind === 0) return 'The reporting copy of the database, up to date with the main database.';
  if (behind === null)
    return 'The reporting copy of the database (how far behind the main database is not known).';
  return `The reporting copy of the database, ${behind} ${behind === 1 ? 'second' : 'seconds'} behind the main database.`;
}
