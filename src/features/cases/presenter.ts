import { allowedActions, STATE_LABELS, type CaseState, STATES } from '../../domain/case-state.ts';
import { CONSENT_METHOD_LABELS } from '../../domain/consent.ts';
import type { FormErrors } from '../../web/forms.ts';
import { adviceContentRows, adviceHeading } from '../advice/presenter.ts';
import { outcomeLabel } from '../closure/presenter.ts';
import { caseSection as formulationSection } from '../formulation/presenter.ts';
import { consentRows, consentStatusText, lawfulBasisRows } from '../consent/presenter.ts';
import { planSection } from '../plans/presenter.ts';
import { updateCards } from '../police-updates/presenter.ts';
import { liaisonSection } from '../liaison/presenter.ts';
import { meetingsSection } from '../meetings/presenter.ts';
import { disclosureRows, releasedCards } from '../disclosures/presenter.ts';
import { decisionLabel } from '../triage/presenter.ts';
import type { OpenedCase } from '../../access/case-context.ts';
import { summaryRow } from '../../web/conflict.ts';
import { durationText, formatDate, formatDateTime } from './format.ts';
import type { CaseListItem, CaseListQuery, CaseSort, CaseTab } from './list.ts';
import { pagination } from './pagination.ts';
import { policeRequestView } from './police-request.ts';
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
    statusItems: [
      { value: '', text: 'Any status' },
      ...STATES.map((s) => ({
        value: s,
        text: STATE_LABELS[s].text,
        selected: query.status === s,
      })),
    ],
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

export function casePage(input: { opened: OpenedCase; record: CaseRecord; today: string }) {
  const { header, can } = input.opened;
  const { police, policeUpdates, shared, pendingClosure, health, timeline, sharedByPolice } =
    input.record;
  const lead = health?.allocations.find((a) => a.role === 'lead');
  const others = health?.allocations.filter((a) => a.role === 'other') ?? [];
  // Working the record is the access core's answer (src/domain/case-access.ts), not ours.
  const canRecord = can.workHealth;
  const triage = health?.triage ?? null;
  return {
    title: `Case ${header.reference}`,
    caseId: header.id,
    reference: header.reference,
    status: statusTag(header.status),
    personName: police ? `${police.given_name} ${police.family_name}` : null,
    summary: [
      summaryRow('Reference', header.reference),
      ...(police
        ? [
            summaryRow('Person', `${police.given_name} ${police.family_name}`),
            summaryRow('Date of birth', formatDate(new Date(`${police.date_of_birth}T12:00:00Z`))),
          ]
        : []),
      summaryRow('Hub', header.hubName),
      summaryRow('Urgency', header.urgency === 'urgent' ? 'Urgent' : 'Routine'),
      ...(health
        ? [
            summaryRow('Lead practitioner', lead?.name ?? 'Not allocated'),
            summaryRow('Consent', consentStatusText(health.consents)),
          ]
        : []),
      summaryRow('Requested', formatDateTime(header.requestedAt)),
      ...(triage ? [summaryRow('Triaged', formatDateTime(triage.decided_at))] : []),
      ...(lead ? [summaryRow('Allocated', formatDateTime(lead.from))] : []),
      ...(header.closedAt ? [summaryRow('Closed', formatDateTime(header.closedAt))] : []),
    ],
    // Items for the MoJ timeline macro; it formats the date with the mojDate filter.
    timeline: timeline.map((e) => ({
      label: { text: e.title },
      text: e.description ?? '',
      datetime: { timestamp: e.at.toISOString(), type: 'datetime' },
      byline: e.by ? { text: e.by } : undefined,
    })),
    police: police ? policeRequestView(police) : null,
    health: health
      ? {
          triage: triage
            ? [
                summaryRow('Decision', decisionLabel(triage.decision)),
                summaryRow('Rationale', triage.rationale),
                ...(triage.signposting ? [summaryRow('Signposting', triage.signposting)] : []),
                ...(triage.diverted_to
                  ? [
                      summaryRow('Diverted to', triage.diverted_to),
                      summaryRow(
                        'Diverted at',
                        triage.diverted_at ? formatDateTime(triage.diverted_at) : null,
                      ),
                    ]
                  : []),
                summaryRow('Decided by', triage.decided_by_name),
                summaryRow('Decided', formatDateTime(triage.decided_at)),
                summaryRow('Time to triage', durationText(triage.seconds_to_triage)),
              ]
            : null,
          allocation: [
            summaryRow('Lead practitioner', lead?.name ?? 'Not allocated'),
            summaryRow('Other clinicians', others.map((o) => o.name).join(', ') || 'None'),
          ],
          consentNow: consentStatusText(health.consents),
          consentMethod: health.consents.at(-1)?.method
            ? CONSENT_METHOD_LABELS[health.consents.at(-1)!.method!]
            : null,
          consentRows: consentRows(health.consents),
          lawfulBasisRows: lawfulBasisRows(health.lawfulBases),
          formulation: formulationSection(header.id, health.formulation),
          liaison: liaisonSection(header.id, health.liaison, canRecord && header.status === 'open'),
          meetings: meetingsSection(
            header.id,
            health.meetings,
            canRecord && header.status === 'open',
          ),
          disclosureRows: disclosureRows(header.id, health.disclosures),
          plan: planSection(header.id, health.plan, input.today),
        }
      : null,
    policeUpdates: police ? updateCards(policeUpdates) : null,
    advice: shared
      ? shared.advice.map((a) => ({
          title: `${adviceHeading(a)} – ${formatDate(new Date(`${a.givenAt}T12:00:00Z`))}`,
          rows: [summaryRow('Given by', a.authorName), ...adviceContentRows(a)],
        }))
      : null,
    closureSummary: shared?.closureSummary
      ? [
          summaryRow('Outcome', outcomeLabel(shared.closureSummary.outcome)),
          summaryRow('Summary for the case officer', shared.closureSummary.summary),
          summaryRow('Approved', formatDateTime(shared.closureSummary.approvedAt)),
        ]
      : null,
    closurePending: pendingClosure,
    // The forms check again; these only say where the next step is.
    canGiveAdvice: can.advise && allowedActions(header.status).includes('give_advice'),
    canRequestClosure:
      canRecord && !pendingClosure && allowedActions(header.status).includes('request_closure'),
    canAllocate:
      can.allocate && (header.status === 'awaiting_allocation' || header.status === 'open'),
    allocateText: header.status === 'awaiting_allocation' ? 'Allocate' : 'Reallocate',
    canRecord: canRecord && header.status === 'open',
    canDisclose: can.decideDisclosure,
    sharedByPolice: releasedCards(sharedByPolice),
    // The plan has its own section (src/features/plans).
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
