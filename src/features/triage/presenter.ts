import { STATE_LABELS } from '../../domain/case-state.ts';
import { TRIAGE_DECISIONS } from '../../domain/reference/case-outcomes.ts';
import type { FormErrors } from '../../web/forms.ts';
import { formatDate, formatDateTime, waitingTime } from '../../web/case-format.ts';
import { pagination } from '../../web/pagination.ts';
import { policeRequestView, type PoliceRequest } from '../requests/police-request.ts';
import type { CaseHeader } from '../../access/case-context.ts';
import type { LikelyMatch, QueueItem } from './service.ts';
import type { TriageDecisionCode } from './tables.ts';

const urgencyTag = (urgency: 'routine' | 'urgent') =>
  urgency === 'urgent'
    ? { text: 'Urgent', classes: 'govuk-tag--red' }
    : { text: 'Routine', classes: 'govuk-tag--grey' };

export function queuePage(input: {
  items: QueueItem[];
  total: number;
  page: number;
  pageSize: number;
  now: Date;
  severalHubs: boolean;
}) {
  return {
    title: 'Triage queue',
    total: input.total,
    severalHubs: input.severalHubs,
    queueRows: input.items.map((item) => ({
      href: `/triage/${item.caseId}`,
      reference: item.reference,
      personName: item.personName,
      hubName: item.hubName,
      urgency: urgencyTag(item.urgency),
      requested: formatDate(item.requestedAt),
      waiting: waitingTime(item.requestedAt, input.now),
    })),
    pagination: pagination({
      page: input.page,
      pageSize: input.pageSize,
      total: input.total,
      href: (p) => `/triage?page=${p}`,
    }),
  };
}

const MATCH_BASIS: Record<LikelyMatch['basis'], string> = {
  same_person: 'Same person',
  nhs_number: 'Same NHS number',
  name_and_date_of_birth: 'Similar name and same date of birth',
};

export function triagePage(input: {
  header: CaseHeader;
  request: PoliceRequest;
  matches: LikelyMatch[];
  now: Date;
  values?: Record<string, string>;
  errors?: FormErrors;
}) {
  const { header } = input;
  const values = input.values ?? {};
  return {
    title: `Triage ${header.reference}`,
    caseId: header.id,
    reference: header.reference,
    hubName: header.hubName,
    urgency: urgencyTag(header.urgency),
    received: formatDateTime(header.requestedAt),
    waiting: waitingTime(header.requestedAt, input.now),
    version: values.version || String(header.version),
    police: policeRequestView(input.request),
    matches: input.matches.map((m) => ({
      reference: m.reference,
      status: STATE_LABELS[m.status],
      requested: formatDate(m.requestedAt),
      basis: MATCH_BASIS[m.basis],
    })),
    decisions: TRIAGE_DECISIONS.map((d) => ({ value: d.code, text: d.label })),
    values,
    errorSummary: input.errors?.summary ?? [],
    errors: input.errors?.byField ?? {},
  };
}

export const decisionLabel = (code: TriageDecisionCode): string =>
  TRIAGE_DECISIONS.find((d) => d.code === code)?.label ?? code;

export function decidedPage(input: {
  caseId: string;
  reference: string;
  decision: TriageDecisionCode;
}) {
  return {
    title: 'Triage decision recorded',
    reference: input.reference,
    decision: decisionLabel(input.decision),
    caseHref: `/cases/${input.caseId}`,
    nextStep:
      input.decision === 'accept'
        ? 'The case now waits for the hub lead to allocate it.'
        : input.decision === 'advice_only'
          ? 'The case is now an advice-only consultation with the case officer.'
          : 'The case is closed. The case officer can see the decision.',
  };
}
