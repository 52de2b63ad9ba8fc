import {
  SUPPRESSED,
  protectCount,
  protectStatistic,
  protectTable,
  shareFromPublished,
  type Published,
  type Suppression,
} from '../../domain/disclosure-control.ts';
import { MENTAL_HEALTH_DIFFICULTIES } from '../../domain/mental-health-difficulties.ts';
import { CLOSURE_OUTCOMES, TRIAGE_DECISIONS } from '../../domain/reference/case-outcomes.ts';
import {
  ADDITIONAL_NEEDS,
  MAINSTREAM_SERVICE_RELATIONS,
  PRESENTATIONS,
  PRIMARY_VULNERABILITIES,
} from '../../domain/reference/assessment.ts';
import {
  AGE_BANDS,
  ETHNIC_GROUPS,
  ETHNIC_GROUP_HEADINGS,
  GENDERS,
} from '../../domain/reference/people.ts';
import { CONCERN_TYPES, REFERRAL_SECTORS } from '../../domain/reference/prevent.ts';
import { CONFIDENCE_LEVELS } from '../closure/form.ts';
import { CASELOAD_BANDS, type RawStatistics } from './measures.ts';
import type { Period } from './period.ts';
import { londonDate } from '../../domain/london-day.ts';

/**
 * Disclosure control, applied here and only here: raw aggregates in, published tables out.
 * Presenters, charts and exports only ever receive a PublishedStatistics.
 *
 * The NHS rule (src/domain/disclosure-control.ts): 0 stays 0, 1–7 shown as `*`, 8+ rounded to
 * the nearest 5, totals from unrounded figures then protected, percentages from the published
 * figures, means/medians/percentiles of fewer than 8 values hidden, and secondary suppression
 * so no hidden figure is recoverable from its row and column totals. A figure that appears in
 * two tables is taken from one published table, never protected twice, so the two agree.
 */

export type CellKind = 'count' | 'percent' | 'days' | 'score' | 'cases';

export interface Cell {
  kind: CellKind;
  /** null: nothing to show (no values, or nothing to divide by). */
  value: Published | null;
  suppression: Suppression;
}

export interface Row {
  label: string;
  cells: Cell[];
  /** A total row (shown in bold, left out of charts). */
  total?: boolean;
}

export const SECTIONS = [
  { id: 'requests', heading: 'Requests received' },
  { id: 'triage', heading: 'Triage' },
  { id: 'casework', heading: 'Open cases and caseloads' },
  { id: 'assessment', heading: 'Assessment: what formulations found' },
  { id: 'closures', heading: 'Closures and outcomes' },
  { id: 'equality', heading: 'Equality monitoring' },
] as const;
export type SectionId = (typeof SECTIONS)[number]['id'];

export interface PublishedTable {
  id: string;
  section: SectionId;
  title: string;
  /** How the figures are defined (shown under the table and in the export's metadata). */
  definition: string;
  rowHeader: string;
  columns: string[];
  rows: Row[];
  chart?: 'trend' | 'bar';
}

export interface PublishedStatistics {
  period: Period;
  /** "All hubs" or the hub's name. */
  scopeLabel: string;
  hubs: { id: string; code: string; name: string }[];
  asAt: Date;
  generatedAt: Date;
  tables: PublishedTable[];
}

export const DISCLOSURE_RULE =
  'Counts of 0 are shown as 0. Counts from 1 to 7 are shown as *. Counts of 8 or more are rounded to the nearest 5. Totals are worked out from the unrounded counts, then rounded. Percentages are worked out from the rounded figures. A median, mean or percentile based on fewer than 8 values is shown as *. Where a hidden count could be worked out from the totals, another count is hidden too (also shown as *).';

const ALL_HUBS = 'All hubs';
const TOTAL = 'Total';

const count = (value: Published, suppression: Suppression = 'none'): Cell => ({
  kind: 'count',
  value,
  suppression,
});
const percent = (value: Published | null): Cell => ({
  kind: 'percent',
  value,
  suppression: value === SUPPRESSED ? 'secondary' : 'none',
});

interface Category {
  code: string;
  label: string;
}

/**
 * The categories of a list, then any stored value the list does not have (a code since
 * retired). Such a value is counted but never shown: it is whatever the database holds, and a
 * published table only ever prints our own labels.
 */
function categoriesWith(list: readonly Category[], seen: Iterable<string>): Category[] {
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

/** Index of the raw counts: dimension → key → hub → n (key2 for cross-tabulations). */
class Counts {
  private readonly map = new Map<string, number>();
  private readonly keys = new Map<string, Set<string>>();
  constructor(raw: RawStatistics) {
    for (const row of raw.counts) {
      const id = `${row.dimension}|${row.key}|${row.key2 ?? ''}|${row.hubId ?? ''}`;
      this.map.set(id, (this.map.get(id) ?? 0) + row.n);
      const keys = this.keys.get(row.dimension) ?? new Set<string>();
      keys.add(row.key);
      this.keys.set(row.dimension, keys);
    }
  }
  get(dimension: string, key: string, hubId: string | null, key2: string | null = null): number {
    return this.map.get(`${dimension}|${key}|${key2 ?? ''}|${hubId ?? ''}`) ?? 0;
  }
  keysOf(dimension: string): Set<string> {
    return this.keys.get(dimension) ?? new Set();
  }
}

interface Hub {
  id: string;
  name: string;
}

/**
 * A table of categories (rows) by hub (columns), protected as one table with its totals. With
 * one hub, the hub's column alone (its row totals are the same figures); with several, the
 * hubs and "All hubs". A final column gives each row's share of the whole, when asked.
 */
function byHub(input: {
  id: string;
  section: SectionId;
  title: string;
  definition: string;
  rowHeader: string;
  categories: Category[];
  hubs: Hub[];
  value: (code: string, hubId: string) => number;
  share?: boolean;
  chart?: PublishedTable['chart'];
  /** Leave out the total row (lists where one case can be in several rows). */
  noTotalRow?: boolean;
}) {
  const { categories, hubs } = input;
  const table = protectTable({
    rowLabels: categories.map((c) => c.label),
    columnLabels: hubs.map((h) => h.name),
    cells: categories.map((c) => hubs.map((h) => input.value(c.code, h.id))),
  });
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
    id: input.id,
    section: input.section,
    title: input.title,
    definition: input.definition,
    rowHeader: input.rowHeader,
    columns: [
      ...hubs.map((h) => h.name),
      ...(several ? [ALL_HUBS] : []),
      ...(input.share ? ['Percentage of total'] : []),
    ],
    rows,
    ...(input.chart ? { chart: input.chart } : {}),
  };
  return { published, table };
}

/** A sum of published cells: hidden whenever one of its parts is, so it reveals none. */
function derivedSum(parts: Cell[], n: number): Cell {
  if (n === 0) return count(0);
  return parts.some((p) => p.value === SUPPRESSED)
    ? count(SUPPRESSED, 'secondary')
    : count(protectCount(n), n < 8 ? 'primary' : 'none');
}

function protectedCount(n: number): Cell {
  const value = protectCount(n);
  return count(value, value === SUPPRESSED ? 'primary' : 'none');
}

function statistic(kind: CellKind, value: number | null, basedOn: number, scale = 1): Cell {
  const published = protectStatistic(value === null ? null : value / scale, basedOn);
  return {
    kind,
    value: published,
    suppression: published === SUPPRESSED ? 'primary' : 'none',
  };
}

/** The months of the period, up to the one "now" is in when the period has not ended. */
const MONTH_LABEL = new Intl.DateTimeFormat('en-GB', {
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

function monthsOf(period: Period, asAt: Date): Category[] {
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

const TRIAGE_CATEGORIES: Category[] = [
  ...TRIAGE_DECISIONS,
  { code: 'not_triaged', label: 'Not yet triaged' },
];
const OUTCOME_CATEGORIES: Category[] = [
  ...CLOSURE_OUTCOMES,
  { code: 'declined_at_triage', label: 'Declined at triage, with signposting' },
  { code: 'urgent_diversion_at_triage', label: 'Urgent diversion to crisis care at triage' },
];
/**
 * Outcomes that mean the person was handed to mainstream care (docs/statistics.md):
 * an urgent diversion to crisis care at triage, and closures "diverted to mainstream mental
 * health services" or "crisis care". "Referred to other services" is not counted: those
 * services need not be mental health care.
 */
export const DIVERSION_OUTCOMES = [
  'urgent_diversion_at_triage',
  'diverted_mainstream_mental_health',
  'crisis_care',
] as const;
const CONFIDENCE_CATEGORIES: Category[] = [
  ...CONFIDENCE_LEVELS.map((l) => ({ code: l.value, label: `${l.value}: ${l.text}` })),
  { code: 'not_answered', label: 'Not answered' },
];
const YES_NO: Category[] = [
  { code: 'yes', label: 'Yes' },
  { code: 'no', label: 'No' },
  { code: 'not_known', label: 'Not known' },
];
const NOT_RECORDED: Category = { code: 'not_recorded', label: 'Not recorded' };
const ETHNICITY_HEADINGS: Category[] = [
  ...ETHNIC_GROUP_HEADINGS,
  { code: 'not_stated', label: 'Not stated' },
];
/** The heading an ethnicity code belongs to; codes off the list count as not stated. */
export const ethnicGroupOf = (code: string): string =>
  ETHNIC_GROUPS.find((g) => g.code === code)?.group ?? 'not_stated';

export function publish(input: {
  raw: RawStatistics;
  period: Period;
  asAt: Date;
  generatedAt: Date;
  /** Hub leads see their clinicians by name; analysts only the distribution. */
  namedClinicians: boolean;
}): PublishedStatistics {
  const { raw, period, asAt } = input;
  const counts = new Counts(raw);
  const hubs: Hub[] = raw.hubs;
  const tables: PublishedTable[] = [];
  const simple = (
    id: string,
    section: SectionId,
    dimension: string,
    list: readonly Category[],
    text: { title: string; definition: string; rowHeader: string },
    options: { chart?: PublishedTable['chart']; share?: boolean } = {},
  ) => {
    const result = byHub({
      id,
      section,
      ...text,
      categories: categoriesWith(list, counts.keysOf(dimension)),
      hubs,
      value: (code, hubId) => counts.get(dimension, code, hubId),
      share: options.share ?? true,
      ...(options.chart ? { chart: options.chart } : {}),
    });
    tables.push(result.published);
    return result;
  };

  // Requests received
  const received =
    'Requests for VSS support received in the period, by the date the case officer sent them.';
  simple(
    'requests-by-month',
    'requests',
    'month',
    monthsOf(period, asAt),
    { title: 'Requests received by month and hub', definition: received, rowHeader: 'Month' },
    { chart: 'trend', share: false },
  );
  simple(
    'referral-sector',
    'requests',
    'sector',
    REFERRAL_SECTORS,
    {
      title: 'Requests received by sector of the Prevent referral',
      definition: `${received} Sector of the original Prevent referral, as the case officer recorded it.`,
      rowHeader: 'Referral sector',
    },
    { chart: 'bar' },
  );
  simple(
    'concern-type',
    'requests',
    'concern',
    CONCERN_TYPES,
    {
      title: 'Requests received by type of concern',
      definition: `${received} Type of concern as recorded on the request (Home Office categories).`,
      rowHeader: 'Type of concern',
    },
    { chart: 'bar' },
  );
  simple('age-band', 'requests', 'age_band', AGE_BANDS, {
    title: 'Requests received by age band',
    definition: `${received} Age in whole years on the day the request was sent (UK time).`,
    rowHeader: 'Age band',
  });
  simple('gender', 'requests', 'gender', GENDERS, {
    title: 'Requests received by gender',
    definition: `${received} Gender as the case officer recorded it.`,
    rowHeader: 'Gender',
  });
  simple('ethnicity', 'requests', 'ethnicity', ETHNIC_GROUPS, {
    title: 'Requests received by ethnic group',
    definition: `${received} Ethnic group (ONS 2021 Census categories) as the case officer recorded it.`,
    rowHeader: 'Ethnic group',
  });
  const referrals = byHub({
    id: 're-referrals',
    section: 'requests',
    title: 'Re-referrals',
    definition: `${received} A re-referral is a request linked to an earlier episode of VSS involvement for the same person. The re-referral rate is re-referrals as a percentage of all requests received, from the rounded figures.`,
    rowHeader: 'Request',
    categories: [
      { code: 'rereferral', label: 'Re-referral' },
      { code: 'first', label: 'First request' },
    ],
    hubs,
    value: (code, hubId) => counts.get('referral', code, hubId),
  });
  {
    const t = referrals.table;
    const rates = [
      ...t.cells[0]!.map((v, j) => shareFromPublished(v, t.columnTotals[j]!)),
      ...(hubs.length > 1 ? [shareFromPublished(t.rowTotals[0]!, t.grandTotal)] : []),
    ];
    referrals.published.rows.push({ label: 'Re-referral rate', cells: rates.map(percent) });
    tables.push(referrals.published);
  }

  // Triage
  simple(
    'triage-decision',
    'triage',
    'triage',
    TRIAGE_CATEGORIES,
    {
      title: 'Triage decisions on requests received',
      definition: `${received} The hub's triage decision, or "not yet triaged" when none had been made when these figures were produced.`,
      rowHeader: 'Triage decision',
    },
    { chart: 'bar' },
  );
  {
    const summaries = raw.summaries.filter((s) => s.dimension === 'time_to_triage');
    const rowFor = (label: string, hubId: string | null, total = false): Row => {
      const s = summaries.find((x) => x.hubId === hubId);
      const n = s?.n ?? 0;
      return {
        label,
        ...(total ? { total } : {}),
        cells: [
          statistic('days', s?.median ?? null, n, 86_400),
          statistic('days', s?.p90 ?? null, n, 86_400),
        ],
      };
    };
    tables.push({
      id: 'time-to-triage',
      section: 'triage',
      title: 'Time to triage, in days',
      definition:
        'Of requests received in the period that have a triage decision: the time from the request being sent to the triage decision, in days (24 hours). The median is the middle value; the 90th percentile is the time within which 9 in 10 were triaged (linear interpolation between ranks). Hidden when based on fewer than 8 decisions.',
      rowHeader: 'Hub',
      columns: ['Median', '90th percentile'],
      rows: [
        ...hubs.map((h) => rowFor(h.name, h.id)),
        ...(hubs.length > 1 ? [rowFor(ALL_HUBS, null, true)] : []),
      ],
    });
  }

  // Open cases and caseloads
  const asAtText = `at ${asAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  {
    const open = protectTable({
      rowLabels: hubs.map((h) => h.name),
      columnLabels: ['Open cases'],
      cells: hubs.map((h) => [counts.get('open', 'all', h.id)]),
    });
    tables.push({
      id: 'open-cases',
      section: 'casework',
      title: 'Cases open at the end of the period',
      definition: `Cases received before the end of the period (or now, if it has not ended) and not closed by then, including those waiting for triage or allocation; judged ${asAtText}.`,
      rowHeader: 'Hub',
      columns: ['Open cases'],
      rows: [
        ...hubs.map((h, i) => ({
          label: h.name,
          cells: [count(open.cells[i]![0]!, open.cellSuppression[i]![0])],
        })),
        ...(hubs.length > 1
          ? [
              {
                label: TOTAL,
                total: true,
                cells: [count(open.columnTotals[0]!, open.columnTotalSuppression[0])],
              },
            ]
          : []),
      ],
    });
  }
  const caseloadDefinition = `Open cases allocated to each clinician (as lead or other clinician), counted once per case, ${asAtText}.`;
  if (input.namedClinicians) {
    const named = protectTable({
      rowLabels: raw.clinicians.map((c) => c.name),
      columnLabels: ['Open cases allocated'],
      cells: raw.clinicians.map((c) => [c.n]),
    });
    tables.push({
      id: 'caseload-by-clinician',
      section: 'casework',
      title: 'Caseload per clinician',
      definition: `${caseloadDefinition} Clinicians of the hub; shown to hub leads only.`,
      rowHeader: 'Clinician',
      columns: ['Open cases allocated'],
      rows: [
        ...raw.clinicians.map((c, i) => ({
          label: c.name,
          cells: [count(named.cells[i]![0]!, named.cellSuppression[i]![0])],
        })),
        {
          label: TOTAL,
          total: true,
          cells: [count(named.columnTotals[0]!, named.columnTotalSuppression[0])],
        },
      ],
    });
  }
  {
    const bands = protectTable({
      rowLabels: CASELOAD_BANDS.map((b) => b.label),
      columnLabels: ['Clinicians'],
      cells: CASELOAD_BANDS.map((b) => [counts.get('caseload', b.code, null)]),
    });
    const load = raw.summaries.find((s) => s.dimension === 'caseload');
    tables.push({
      id: 'caseload-distribution',
      section: 'casework',
      title: 'Clinicians by caseload',
      definition: `${caseloadDefinition} How many clinicians have a caseload in each band, so that no clinician is named. Clinicians with no open case are not counted.`,
      rowHeader: 'Caseload',
      columns: ['Clinicians'],
      rows: [
        ...CASELOAD_BANDS.map((b, i) => ({
          label: b.label,
          cells: [count(bands.cells[i]![0]!, bands.cellSuppression[i]![0])],
        })),
        {
          label: TOTAL,
          total: true,
          cells: [count(bands.columnTotals[0]!, bands.columnTotalSuppression[0])],
        },
      ],
    });
    tables.push({
      id: 'caseload-summary',
      section: 'casework',
      title: 'Caseload per clinician: median and mean',
      definition: `${caseloadDefinition} Of clinicians with at least one open case; hidden when fewer than 8 clinicians.`,
      rowHeader: 'Measure',
      columns: ['Open cases'],
      rows: [
        { label: 'Median', cells: [statistic('cases', load?.median ?? null, load?.n ?? 0)] },
        { label: 'Mean', cells: [statistic('cases', load?.mean ?? null, load?.n ?? 0)] },
      ],
    });
  }

  // Assessment
  const assessed =
    'Of requests received in the period, the cases with a signed-off formulation, from the latest signed-off version of each.';
  const vulnerability = simple(
    'primary-vulnerability',
    'assessment',
    'primary_vulnerability',
    [...PRIMARY_VULNERABILITIES, NOT_RECORDED],
    {
      title: 'Primary vulnerability',
      definition: `${assessed} The clinician's judgement of the primary vulnerability.`,
      rowHeader: 'Primary vulnerability',
    },
    { chart: 'bar' },
  );
  const assessedRow = (): Row => {
    const t = vulnerability.table;
    return {
      label: 'Cases with a signed-off formulation',
      total: true,
      cells: [
        ...t.columnTotals.map((v, j) => count(v, t.columnTotalSuppression[j])),
        ...(hubs.length > 1 ? [count(t.grandTotal, t.grandTotalSuppression)] : []),
        percent(shareFromPublished(t.grandTotal, t.grandTotal)),
      ],
    };
  };
  for (const [id, dimension, list, title, rowHeader] of [
    ['presentations', 'presentation', PRESENTATIONS, 'Presentations', 'Presentation'],
    [
      'additional-needs',
      'additional_need',
      ADDITIONAL_NEEDS,
      'Additional needs',
      'Additional need',
    ],
  ] as const) {
    const result = byHub({
      id,
      section: 'assessment',
      title,
      definition: `${assessed} A case can have several, so the rows do not add up to the number of cases; percentages are of cases with a signed-off formulation.`,
      rowHeader,
      categories: categoriesWith(list, counts.keysOf(dimension)),
      hubs,
      value: (code, hubId) => counts.get(dimension, code, hubId),
      noTotalRow: true,
      chart: 'bar',
    });
    const grand = vulnerability.table.grandTotal;
    result.published.columns.push('Percentage of cases');
    for (const [i, row] of result.published.rows.entries()) {
      row.cells.push(percent(shareFromPublished(result.table.rowTotals[i]!, grand)));
    }
    result.published.rows.push(assessedRow());
    tables.push(result.published);
  }
  simple(
    'mainstream-relation',
    'assessment',
    'mainstream_relation',
    [...MAINSTREAM_SERVICE_RELATIONS, NOT_RECORDED],
    {
      title: 'Relation to mainstream mental health services',
      definition: `${assessed} Whether the person was known to mainstream services when assessed.`,
      rowHeader: 'Relation to mainstream services',
    },
  );
  const convictions = simple('convictions', 'assessment', 'convictions', YES_NO, {
    title: 'Previous convictions',
    definition: `${assessed} "Not known" where the formulation does not say.`,
    rowHeader: 'Previous convictions',
  });
  const supervision = simple('supervision-failures', 'assessment', 'supervision_failures', YES_NO, {
    title: 'Past failures under supervision',
    definition: `${assessed} "Not known" where the formulation does not say.`,
    rowHeader: 'Past failures under supervision',
  });
  {
    const sumOver = (dimension: string) =>
      hubs.reduce((n, h) => n + counts.get(dimension, 'yes', h.id), 0);
    const v = vulnerability.table;
    const all = (t: typeof v, row: number): Cell =>
      hubs.length > 1
        ? count(t.rowTotals[row]!, t.rowTotalSuppression[row])
        : count(t.cells[row]![0]!, t.cellSuppression[row]![0]);
    const assessedCell = count(v.grandTotal, v.grandTotalSuppression);
    const index = (code: string) => PRIMARY_VULNERABILITIES.findIndex((p) => p.code === code);
    const mentalHealthParts = MENTAL_HEALTH_DIFFICULTIES.map((code) => all(v, index(code)));
    const mentalHealth = derivedSum(mentalHealthParts, sumOver('mental_health'));
    const line = (label: string, part: Cell, whole: Cell): Row => ({
      label,
      cells: [part, whole, percent(shareFromPublished(part.value!, whole.value!))],
    });
    tables.push({
      id: 'assessment-headlines',
      section: 'assessment',
      title: 'Assessment: headline shares',
      definition: `${assessed} "Mental health difficulties" means any primary vulnerability other than "no mental health needs identified". Figures are taken from the tables below, so they agree with them.`,
      rowHeader: 'Measure',
      columns: ['Cases', 'Out of', 'Percentage'],
      rows: [
        line(
          'Diagnosable mental illness as primary vulnerability',
          all(v, index('diagnosable_mental_illness')),
          assessedCell,
        ),
        line(
          'Complex needs as primary vulnerability',
          all(v, index('complex_needs')),
          assessedCell,
        ),
        line('Mental health difficulties', mentalHealth, assessedCell),
        line(
          'Mental health difficulties not known to or lost to mainstream services',
          protectedCount(sumOver('mental_health_outside_services')),
          assessedCell,
        ),
        line(
          'Additional needs, of those with mental health difficulties',
          protectedCount(sumOver('mental_health_additional_needs')),
          mentalHealth,
        ),
        line(
          'Previous convictions',
          all(convictions.table, 0),
          count(convictions.table.grandTotal, convictions.table.grandTotalSuppression),
        ),
        line(
          'Past failures under supervision',
          all(supervision.table, 0),
          count(supervision.table.grandTotal, supervision.table.grandTotalSuppression),
        ),
      ],
    });
    // Put the headlines first in their section.
    const headline = tables.pop()!;
    tables.splice(tables.indexOf(vulnerability.published), 0, headline);
  }

  // Closures and outcomes
  const closed =
    'Cases closed in the period: closures approved by the hub lead, and requests declined or urgently diverted at triage (which close the case).';
  const outcomes = simple(
    'outcomes',
    'closures',
    'outcome',
    OUTCOME_CATEGORIES,
    {
      title: 'Outcomes of cases closed',
      definition: `${closed} The outcome recorded at closure, or the triage decision that closed the case.`,
      rowHeader: 'Outcome',
    },
    { chart: 'bar' },
  );
  {
    const t = outcomes.table;
    const categories = categoriesWith(OUTCOME_CATEGORIES, counts.keysOf('outcome'));
    const parts = DIVERSION_OUTCOMES.map((code) => categories.findIndex((c) => c.code === code));
    const hubRow = (label: string, j: number | null, total = false): Row => {
      const partCells = parts.map((i) =>
        j === null
          ? count(t.rowTotals[i]!, t.rowTotalSuppression[i])
          : count(t.cells[i]![j]!, t.cellSuppression[i]![j]),
      );
      const n = DIVERSION_OUTCOMES.reduce(
        (sum, code) =>
          sum +
          (j === null
            ? hubs.reduce((s, h) => s + counts.get('outcome', code, h.id), 0)
            : counts.get('outcome', code, hubs[j]!.id)),
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
    tables.push({
      id: 'diversions',
      section: 'closures',
      title: 'Diversions into mainstream services',
      definition: `${closed} A diversion is an urgent diversion to crisis care at triage, or a closure with the outcome "diverted to mainstream mental health services" or "crisis care". "Referred to other services" is not counted, as those need not be mental health care.`,
      rowHeader: 'Hub',
      columns: ['Diverted', 'Cases closed', 'Percentage diverted'],
      rows: [
        ...hubs.map((h, j) => hubRow(h.name, j)),
        ...(hubs.length > 1 ? [hubRow(ALL_HUBS, null, true)] : []),
      ],
    });
  }
  simple('officer-confidence', 'closures', 'confidence', CONFIDENCE_CATEGORIES, {
    title: "Case officers' confidence at closure",
    definition: `${closed} The requesting officer's answer to "How confident do you now feel about when and how to seek VSS support?", from 1 (not at all confident) to 5 (completely confident).`,
    rowHeader: 'Answer',
  });
  {
    const summaries = raw.summaries.filter((s) => s.dimension === 'confidence');
    const rowFor = (label: string, hubId: string | null, total = false): Row => {
      const s = summaries.find((x) => x.hubId === hubId);
      const n = s?.n ?? 0;
      return {
        label,
        ...(total ? { total } : {}),
        cells: [statistic('score', s?.median ?? null, n), statistic('score', s?.mean ?? null, n)],
      };
    };
    tables.push({
      id: 'officer-confidence-summary',
      section: 'closures',
      title: "Case officers' confidence at closure: median and mean",
      definition: `${closed} Of the answers given, on the scale of 1 to 5. Hidden when based on fewer than 8 answers.`,
      rowHeader: 'Hub',
      columns: ['Median', 'Mean'],
      rows: [
        ...hubs.map((h) => rowFor(h.name, h.id)),
        ...(hubs.length > 1 ? [rowFor(ALL_HUBS, null, true)] : []),
      ],
    });
  }

  // Equality monitoring: type of concern by ethnicity, gender and age band.
  const concerns = categoriesWith(CONCERN_TYPES, counts.keysOf('concern'));
  const cross = (
    id: string,
    dimension: string,
    columns: readonly Category[],
    columnOf: (key: string) => string,
    title: string,
  ) => {
    const cells = concerns.map(() => columns.map(() => 0));
    for (const row of raw.counts) {
      if (row.dimension !== dimension || row.key2 === null) continue;
      const i = concerns.findIndex((c) => c.code === row.key2);
      const j = columns.findIndex((c) => c.code === columnOf(row.key));
      if (i >= 0 && j >= 0) cells[i]![j]! += row.n;
    }
    const t = protectTable({
      rowLabels: concerns.map((c) => c.label),
      columnLabels: columns.map((c) => c.label),
      cells,
    });
    tables.push({
      id,
      section: 'equality',
      title,
      definition: `${received} Counts of requests; all hubs in view together.`,
      rowHeader: 'Type of concern',
      columns: [...columns.map((c) => c.label), TOTAL],
      rows: [
        ...concerns.map((c, i) => ({
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
    });
  };
  cross(
    'concern-by-ethnicity',
    'concern_ethnicity',
    ETHNICITY_HEADINGS,
    ethnicGroupOf,
    'Type of concern by ethnic group',
  );
  const genders = categoriesWith(GENDERS, counts.keysOf('gender'));
  cross('concern-by-gender', 'concern_gender', genders, (k) => k, 'Type of concern by gender');
  cross(
    'concern-by-age-band',
    'concern_age_band',
    AGE_BANDS,
    (k) => k,
    'Type of concern by age band',
  );

  return {
    period,
    scopeLabel: hubs.length === 1 ? hubs[0]!.name : ALL_HUBS,
    hubs: raw.hubs,
    asAt,
    generatedAt: input.generatedAt,
    tables,
  };
}
