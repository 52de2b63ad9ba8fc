import { adviceContentRows, adviceHeading } from '../advice/presenter.ts';
import { z } from 'zod';
import { STATES, STATE_LABELS } from '../../domain/case-state.ts';
import { uuid } from '../../web/ids.ts';
import { outcomeLabel } from '../closure/presenter.ts';
import { formatDate } from '../../web/format.ts';
import { CONFIDENCE_LEVELS } from '../closure/form.ts';
import { releasedCards } from '../disclosures/presenter.ts';
import { updateCards } from '../police-updates/presenter.ts';
import {
  DEFAULT_CONCERN_TYPES,
  labelOf,
  PERSON_AWARE,
  PREVENT_STAGES,
  REFERRAL_SECTORS,
  URGENCIES,
} from '../requests/options.ts';
import {
  SUPERVISION_PAGE_SIZE,
  type SupervisedRequestDetail,
  type SupervisionFilter,
  type SupervisionList,
} from './service.ts';

/** The list's filters in the query string; anything unknown is ignored, not an error. */
export const filterQuery = z.looseObject({
  status: z.enum(STATES).optional().catch(undefined),
  officer: uuid.optional().catch(undefined),
  page: z
    .string()
    .regex(/^\d{1,5}$/)
    .transform(Number)
    .optional()
    .catch(undefined),
});

export function parseFilter(query: z.output<typeof filterQuery>): SupervisionFilter {
  return {
    status: query.status ?? null,
    officerId: query.officer ?? null,
    page: Math.max(1, query.page ?? 1),
  };
}

function listHref(filter: SupervisionFilter, page: number): string {
  const params = new URLSearchParams();
  if (filter.status) params.set('status', filter.status);
  if (filter.officerId) params.set('officer', filter.officerId);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query ? `/supervision?${query}` : '/supervision';
}

// Both "closure requested" states read the same to police: one filter option each is enough.
const STATUS_FILTERS = STATES.filter((s) => s !== 'advice_closure_requested');

/** Every request of the hub's case officers: police and shared parts only. */
export function supervisionListPage(list: SupervisionList, filter: SupervisionFilter) {
  const pages = Math.max(1, Math.ceil(list.total / SUPERVISION_PAGE_SIZE));
  const first = list.total === 0 ? 0 : (filter.page - 1) * SUPERVISION_PAGE_SIZE + 1;
  return {
    title: 'Requests in your hub',
    statusItems: [
      { value: '', text: 'Any status' },
      ...STATUS_FILTERS.map((s) => ({
        value: s,
        text: STATE_LABELS[s].text,
        selected: filter.status === s,
      })),
    ],
    officerItems: [
      { value: '', text: 'Any officer' },
      ...list.officers.map((o) => ({
        value: o.id,
        text: o.name,
        selected: filter.officerId === o.id,
      })),
    ],
    showing:
      list.total === 0
        ? 'No requests match.'
        : `Showing ${first} to ${first + list.items.length - 1} of ${list.total} requests`,
    rows: list.items.map((r) => ({
      href: `/supervision/${r.caseId}`,
      reference: r.reference,
      personName: r.personName,
      officerName: r.officerName,
      status: STATE_LABELS[r.status],
      requestedOn: formatDate(r.requestedAt),
      closedOn: r.closedAt ? formatDate(r.closedAt) : '',
    })),
    pagination:
      pages > 1
        ? {
            previous: filter.page > 1 ? { href: listHref(filter, filter.page - 1) } : null,
            next: filter.page < pages ? { href: listHref(filter, filter.page + 1) } : null,
            items: Array.from({ length: pages }, (_, i) => ({
              number: i + 1,
              href: listHref(filter, i + 1),
              current: i + 1 === filter.page,
            })),
          }
        : null,
  };
}

const row = (key: string, value: string) => ({ key: { text: key }, value: { text: value } });

/** One request: what the officer sent, their updates, and what the hub shared. */
export function supervisedRequestPage(detail: SupervisedRequestDetail) {
  const s = detail.supportRequest;
  return {
    title: `Request ${detail.header.reference}`,
    reference: detail.header.reference,
    backHref: '/supervision',
    status: STATE_LABELS[detail.header.status],
    summaryRows: [
      row('Person', detail.person.name),
      row('Date of birth', formatDate(detail.person.dateOfBirth)),
      row('Case officer', detail.officerName),
      row('Requested', formatDate(detail.header.requestedAt)),
      row('Closed', detail.header.closedAt ? formatDate(detail.header.closedAt) : 'Not closed'),
    ],
    requestRows: s
      ? [
          row('PCMT reference', s.pcmtReference),
          row('Prevent stage', labelOf(PREVENT_STAGES, s.preventStage)),
          row('Gateway date', formatDate(s.gatewayDate)),
          row('Channel reference', s.channelReference ?? 'None'),
          row('Referral sector', labelOf(REFERRAL_SECTORS, s.referralSector)),
          row('Type of concern', labelOf(DEFAULT_CONCERN_TYPES, s.concernType)),
          row('Concerns seen', s.concernsSeen),
          row('Why support is requested', s.supportReason),
          row('Person knows of the request', labelOf(PERSON_AWARE, s.personAware)),
          row('Urgency', labelOf(URGENCIES, s.urgency)),
        ]
      : [],
    updates: updateCards(detail.policeUpdates),
    released: releasedCards(detail.released),
    shareHref: `/requests/${detail.header.id}/disclosures/new`,
    advice: detail.advice.map((a) => ({
      heading: adviceHeading(a),
      date: formatDate(a.givenAt),
      author: a.authorName,
      body: a.body,
      rows: adviceContentRows(a),
    })),
    closureRows: detail.closureSummary
      ? [
          row('Closed on', formatDate(detail.closureSummary.approvedAt)),
          row('Outcome', outcomeLabel(detail.closureSummary.outcome)),
          row('Summary', detail.closureSummary.summary),
        ]
      : null,
    feedbackRows: detail.feedback
      ? [
          row(
            'Confidence at closure',
            `${detail.feedback.confidence} – ${CONFIDENCE_LEVELS.find((l) => l.value === String(detail.feedback!.confidence))?.text ?? ''}`,
          ),
          row('Comment', detail.feedback.comment ?? 'None'),
        ]
      : null,
  };
}
