import {
  STATE_LABELS,
  statesLabelledAs,
  statusChoices,
  type CaseState,
} from '../../domain/case-state.ts';
import type { FormErrors } from '../../web/forms.ts';
import type { OpenedCase } from '../../access/case-context.ts';
import { summaryRow } from '../../web/conflict.ts';
import { formatDate, formatDateTime } from '../../web/case-format.ts';
import {
  TAB_STATES,
  type CaseListItem,
  type CaseListQuery,
  type CaseSort,
  type CaseTab,
} from './list.ts';
import { pagination } from '../../web/pagination.ts';
import { SECTION_PAGES, SUMMARY_ORDER, type CaseSection, type SummaryEntry } from './registry.ts';
import { sectionNavigation, workList } from './workspace.ts';
import type { CaseRecord } from './service.ts';

const TAB_LABELS: Record<CaseTab, string> = {
  mine: 'My cases',
  unallocated: 'Unallocated',
  open: 'All open',
  closed: 'Closed',
};

const statusTag = (status: CaseState) => ({
  text: STATE_LABELS[status].text,
  classes: `govuk-tag--${STATE_LABELS[status].colour}`,
});

function queryString(q: CaseListQuery, change: Partial<CaseListQuery>): string {
  const next = { ...q, ...change };
  const params = new URLSearchParams({ tab: next.tab });
  if (next.status) params.set('status', next.status);
  if (next.urgency) params.set('urgency', next.urgency);
  params.set('sort', next.sort);
  params.set('order', next.order);
  if (next.page > 1) params.set('page', String(next.page));
  return `/cases?${params.toString()}`;
}

export function caseListPage(input: {
  query: CaseListQuery;
  items: CaseListItem[];
  total: number;
  pageSize: number;
  showLead: boolean;
}) {
  const { query } = input;
  const header = (sort: CaseSort, text: string) => {
    const active = query.sort === sort;
    const order = active && query.order === 'asc' ? 'desc' : 'asc';
    return {
      text,
      href: queryString(query, { sort, order, page: 1 }),
      ariaSort: active ? (query.order === 'asc' ? 'ascending' : 'descending') : 'none',
    };
  };
  return {
    title: TAB_LABELS[query.tab],
    tabs: (Object.keys(TAB_LABELS) as CaseTab[]).map((tab) => ({
      text: TAB_LABELS[tab],
      href: queryString(query, { tab, status: null, page: 1 }),
      active: tab === query.tab,
    })),
    tab: query.tab,
    total: input.total,
    showLead: input.showLead,
    headers: {
      reference: header('reference', 'Reference'),
      status: header('status', 'Status'),
      urgency: header('urgency', 'Urgency'),
      requested: header('requested', 'Requested'),
    },
    sort: query.sort,
    order: query.order,
    // One choice per status that can appear on this tab (none when there is only one).
    statusItems:
      statusChoices(TAB_STATES[query.tab]).length > 1
        ? [
            { value: '', text: 'Any status' },
            ...statusChoices(TAB_STATES[query.tab]).map((s) => ({
              value: s,
              text: STATE_LABELS[s].text,
              selected: query.status !== null && statesLabelledAs(query.status).includes(s),
            })),
          ]
        : [],
    urgencyItems: [
      { value: '', text: 'Any urgency' },
      { value: 'urgent', text: 'Urgent', selected: query.urgency === 'urgent' },
      { value: 'routine', text: 'Routine', selected: query.urgency === 'routine' },
    ],
    caseRows: input.items.map((item) => ({
      href: `/cases/${item.id}`,
      reference: item.reference,
      personName: item.personName,
      hubName: item.hubName,
      status: statusTag(item.status),
      urgency: item.urgency === 'urgent' ? 'Urgent' : 'Routine',
      requested: formatDate(item.requestedAt),
      lead: item.seesLead ? (item.lead ?? 'Not allocated') : '',
    })),
    pagination: pagination({
      page: query.page,
      pageSize: input.pageSize,
      total: input.total,
      href: (page) => queryString(query, { page }),
    }),
  };
}

/**
 * A section of the case: the header and sub-navigation, then on the Summary the summary list
 * and "What needs doing", each readable panel of the section in order, on the Timeline the
 * timeline.
 */
export function casePage(input: {
  opened: OpenedCase;
  record: CaseRecord;
  sections: CaseSection[];
}) {
  const { header, visibility } = input.opened;
  const { panels, summary, timeline, section } = input.record;
  const own: SummaryEntry[] = [
    { order: SUMMARY_ORDER.reference, row: summaryRow('Reference', header.reference) },
    { order: SUMMARY_ORDER.hub, row: summaryRow('Hub', header.hubName) },
    {
      order: SUMMARY_ORDER.urgency,
      row: summaryRow('Urgency', header.urgency === 'urgent' ? 'Urgent' : 'Routine'),
    },
    {
      order: SUMMARY_ORDER.requested,
      row: summaryRow('Requested', formatDateTime(header.requestedAt)),
    },
    ...(header.closedAt
      ? [
          {
            order: SUMMARY_ORDER.closed,
            row: summaryRow('Closed', formatDateTime(header.closedAt)),
          },
        ]
      : []),
  ];
  const sectionTitle = SECTION_PAGES[section].title;
  return {
    title:
      section === 'summary'
        ? `Case ${header.reference}`
        : `${sectionTitle}: case ${header.reference}`,
    caseId: header.id,
    section,
    sectionTitle,
    subNavigation: sectionNavigation(header.id, input.sections, section),
    work: workList(input.record.work),
    reference: header.reference,
    status: statusTag(header.status),
    // The person's name is police content: the caption shows it only with the police part.
    personName: visibility.police ? header.personName : null,
    // Stable sort: rows at the same place keep the order of their panels.
    summary: [...own, ...summary].sort((a, b) => a.order - b.order).map((e) => e.row),
    panels: panels.map((p) => ({ id: p.id, template: p.template, view: p.view })),
    // Items for the MoJ timeline macro; it formats the date with the mojDate filter.
    timeline: timeline.map((e) => ({
      label: { text: e.title },
      text: e.description ?? '',
      datetime: { timestamp: e.at.toISOString(), type: 'datetime' },
      byline: e.by ? { text: e.by } : undefined,
    })),
  };
}

export function reasonPage(input: {
  caseId: string;
  reference: string;
  value?: string;
  errors?: FormErrors;
}) {
  return {
    title: 'Why do you need to open this case?',
    caseId: input.caseId,
    reference: input.reference,
    reason: input.value ?? '',
    errorSummary: input.errors?.summary ?? [],
    errors: input.errors?.byField ?? {},
  };
}

export function accessReasonsPage(input: {
  rows: {
    recorded_at: Date;
    reason: string;
    user_name: string;
    reference: string;
    hub_name: string;
  }[];
  total: number;
  page: number;
  pageSize: number;
}) {
  return {
    title: 'Access outside allocation',
    total: input.total,
    reasonRows: input.rows.map((r) => [
      { text: formatDateTime(r.recorded_at) },
      { text: r.user_name },
      { text: r.reference },
      { text: r.hub_name },
      { text: r.reason },
    ]),
    pagination: pagination({
      page: input.page,
      pageSize: input.pageSize,
      total: input.total,
      href: (p) => `/audit/access-reasons?page=${p}`,
    }),
  };
}
