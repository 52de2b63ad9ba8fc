import { adviceContentRows, adviceHeading } from '../advice/presenter.ts';
import { STATE_LABELS } from '../../domain/case-state.ts';
import { CLOSURE_OUTCOMES } from '../../domain/reference/case-outcomes.ts';
import { noErrors, type FormErrors } from '../../web/forms.ts';
import type { AdviceItem } from '../advice/service.ts';
import type { CaseHeader } from '../../access/case-context.ts';
import type { ClosureSummary, FeedbackGiven } from './feedback.ts';
import { formatDate } from '../../web/format.ts';
import { CONFIDENCE_LEVELS, CONFIDENCE_QUESTION, SUMMARY_CONFIRMATION } from './form.ts';
import type { PendingClosure, QueueItem } from './service.ts';

export const closureUrls = {
  form: (caseId: string) => `/cases/${caseId}/closure/new`,
  submit: (caseId: string) => `/cases/${caseId}/closure`,
  case: (caseId: string) => `/cases/${caseId}`,
  queue: () => '/closures',
  review: (caseId: string) => `/closures/${caseId}`,
  approve: (caseId: string) => `/closures/${caseId}/approve`,
  return: (caseId: string) => `/closures/${caseId}/return`,
  feedback: (caseId: string) => `/requests/${caseId}/feedback`,
  request: (caseId: string) => `/requests/${caseId}`,
};

export const outcomeLabel = (code: string): string =>
  CLOSURE_OUTCOMES.find((o) => o.code === code)?.label ?? code;

const str = (v: unknown) => (typeof v === 'string' ? v : '');

const adviceCards = (advice: AdviceItem[]) =>
  advice.map((a) => ({
    heading: adviceHeading(a),
    date: formatDate(a.givenAt),
    author: a.authorName,
    body: a.body,
    rows: adviceContentRows(a),
  }));

/** Requesting closure: the form, or why closing is not possible yet. */
export function closureFormPage(input: {
  header: CaseHeader;
  blocked: string | null;
  values?: Record<string, unknown>;
  errors?: FormErrors;
}) {
  const { header } = input;
  const errors = input.errors ?? noErrors;
  const v = input.values ?? {};
  return {
    title: 'Request closure',
    caption: `${header.reference} – ${header.personName}`,
    action: closureUrls.submit(header.id),
    backHref: closureUrls.case(header.id),
    giveAdviceHref: `/cases/${header.id}/advice/new`,
    blocked: input.blocked,
    version: str(v.version) || String(header.version),
    errorSummary: errors.summary,
    errors: errors.byField,
    outcomes: CLOSURE_OUTCOMES.map((o) => ({
      value: o.code,
      text: o.label,
      checked: v.outcome === o.code,
    })),
    values: {
      summary: str(v.summary),
      closingNotes: str(v.closingNotes),
      confirm: v.confirm === 'yes',
    },
    confirmation: SUMMARY_CONFIRMATION,
  };
}

/** The hub lead's approvals queue. */
export function closureQueuePage(input: { items: QueueItem[]; decided?: string }) {
  return {
    title: 'Closures to approve',
    decided:
      input.decided === 'approved'
        ? 'Closure approved. The case officer can now read the closure summary.'
        : input.decided === 'returned'
          ? 'Closure sent back to the clinician.'
          : null,
    rows: input.items.map((item) => ({
      href: closureUrls.review(item.caseId),
      reference: item.reference,
      personName: item.personName,
      outcome: outcomeLabel(item.outcome),
      requestedBy: item.ownRequest ? `${item.requestedByName} (you)` : item.requestedByName,
      requestedOn: formatDate(item.requestedAt),
    })),
  };
}

/** One closure request for the hub lead: what was asked, and the approve and return forms. */
export function closureReviewPage(input: {
  pending: PendingClosure;
  values?: Record<string, unknown>;
  errors?: FormErrors;
}) {
  const { pending } = input;
  const { header } = pending;
  const errors = input.errors ?? noErrors;
  return {
    title: `Closure of ${header.reference}`,
    caption: header.personName,
    backHref: closureUrls.queue(),
    status: STATE_LABELS[header.status],
    version: str(input.values?.version) || String(header.version),
    approveAction: closureUrls.approve(header.id),
    returnAction: closureUrls.return(header.id),
    ownRequest: pending.ownRequest,
    errorSummary: errors.summary,
    errors: errors.byField,
    reason: str(input.values?.reason),
    rows: [
      { key: { text: 'Outcome' }, value: { text: outcomeLabel(pending.outcome) } },
      { key: { text: 'Requested by' }, value: { text: pending.requestedByName } },
      { key: { text: 'Requested on' }, value: { text: formatDate(pending.requestedAt) } },
      { key: { text: 'Summary for the case officer' }, value: { text: pending.summary } },
      { key: { text: 'Closing notes (hub only)' }, value: { text: pending.closingNotes } },
    ],
    advice: adviceCards(pending.advice),
  };
}

/** The officer's closed request: the closure summary, the advice, and the feedback question. */
export function feedbackPage(input: {
  header: CaseHeader;
  closureSummary: ClosureSummary | null;
  advice: AdviceItem[];
  feedback: FeedbackGiven | null;
  values?: Record<string, unknown>;
  errors?: FormErrors;
}) {
  const { header } = input;
  const errors = input.errors ?? noErrors;
  const v = input.values ?? {};
  return {
    title: `Closure of request ${header.reference}`,
    reference: header.reference,
    backHref: closureUrls.request(header.id),
    status: STATE_LABELS[header.status],
    closureRows: input.closureSummary
      ? [
          {
            key: { text: 'Closed on' },
            value: { text: formatDate(input.closureSummary.approvedAt) },
          },
          { key: { text: 'Outcome' }, value: { text: outcomeLabel(input.closureSummary.outcome) } },
          { key: { text: 'Summary' }, value: { text: input.closureSummary.summary } },
        ]
      : null,
    advice: adviceCards(input.advice),
    action: closureUrls.feedback(header.id),
    question: CONFIDENCE_QUESTION,
    canAnswer: header.status === 'closed' && input.feedback === null,
    answered: input.feedback
      ? (CONFIDENCE_LEVELS.find((l) => l.value === String(input.feedback!.confidence))?.text ?? '')
      : null,
    answeredComment: input.feedback?.comment ?? null,
    errorSummary: errors.summary,
    errors: errors.byField,
    levels: CONFIDENCE_LEVELS.map((l) => ({
      value: l.value,
      text: `${l.value} – ${l.text}`,
      checked: v.confidence === l.value,
    })),
    comment: str(v.comment),
  };
}
