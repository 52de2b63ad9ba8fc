import { longDate } from '../../domain/dates.ts';
import type { ApprovalRefusal } from '../../domain/disposal.ts';
import { londonDate } from '../../domain/london-day.ts';
import { RETENTION_CLOCK_LABELS, type RetentionClock } from '../../domain/retention.ts';
import { noErrors, type FormErrors } from '../../web/forms.ts';
import { outcomeLabel } from '../closure/presenter.ts';
import type { ProposalRow, Tombstone } from './disposal.ts';
import type { QueueRow } from './service.ts';

export const disposalUrls = {
  dispose: (caseId: string, clock: RetentionClock) => `/retention/${caseId}/${clock}/dispose`,
  approvals: '/retention/disposals',
  approval: (id: string) => `/retention/disposals/${id}`,
  approve: (id: string) => `/retention/disposals/${id}/approve`,
};

const WHAT_IS_ERASED: Record<RetentionClock, string> = {
  health:
    'Every health record of the case: its text is erased and its documents removed, with the copies released to police. The codes and dates the statistics count stay.',
  police:
    'The police-provided content of the case: the request’s text, police updates, police documents and copies police shared, and the person’s details unless another case of theirs uses them.',
};

/** The dispose decision's form. */
export function disposePage(input: {
  item: QueueRow;
  values?: Record<string, string>;
  errors?: FormErrors;
}) {
  const errors = input.errors ?? noErrors;
  const { item } = input;
  return {
    title: 'Propose to dispose of the records',
    caption: `${item.reference} – ${RETENTION_CLOCK_LABELS[item.clock]}`,
    backHref: `/retention/${item.caseId}/${item.clock}/keep`,
    action: disposalUrls.dispose(item.caseId, item.clock),
    summaryRows: [
      { key: { text: 'Case' }, value: { text: item.reference } },
      { key: { text: 'Hub' }, value: { text: item.hubName } },
      { key: { text: 'Records' }, value: { text: RETENTION_CLOCK_LABELS[item.clock] } },
      { key: { text: 'Due for review' }, value: { text: longDate(item.dueOn) } },
      { key: { text: 'What is erased' }, value: { text: WHAT_IS_ERASED[item.clock] } },
    ],
    errorSummary: errors.summary,
    errors: errors.byField,
    values: { reason: input.values?.reason ?? '' },
  };
}

const REFUSALS: Record<ApprovalRefusal | 'own', string> = {
  not_an_approver: 'Only an information governance officer can approve a disposal.',
  own_proposal: 'You proposed this disposal: another information governance officer approves it.',
  own: 'You proposed this disposal: another information governance officer approves it.',
  not_proposed: 'This proposal has already been decided.',
  not_due: 'These records are no longer due for review, so they cannot be disposed of.',
};

/** The proposals waiting for a second officer. */
export function approvalsPage(input: { rows: ProposalRow[]; userId: string; done: boolean }) {
  return {
    title: 'Disposals waiting for approval',
    done: input.done,
    rows: input.rows.map((r) => [
      { text: r.reference },
      { text: r.hubName },
      { text: RETENTION_CLOCK_LABELS[r.clock] },
      { text: r.proposedByName },
      { text: longDate(londonDate(r.proposedAt)) },
      r.proposedBy === input.userId
        ? { text: 'Your proposal' }
        : {
            html: `<a class="govuk-link" href="${disposalUrls.approval(r.id)}">Decide<span class="govuk-visually-hidden"> on ${r.reference.replace(/[&<>"']/g, '')}</span></a>`,
          },
    ]),
  };
}

/** One proposal, with the approve button unless the viewer may not approve it. */
export function approvalPage(input: {
  row: ProposalRow;
  userId: string;
  refusal?: ApprovalRefusal;
}) {
  const { row } = input;
  const own = row.proposedBy === input.userId;
  const refusal = input.refusal ?? (own ? 'own' : undefined);
  return {
    title: 'Approve the disposal',
    caption: `${row.reference} – ${RETENTION_CLOCK_LABELS[row.clock]}`,
    backHref: disposalUrls.approvals,
    action: disposalUrls.approve(row.id),
    refusal: refusal ? REFUSALS[refusal] : null,
    summaryRows: [
      { key: { text: 'Case' }, value: { text: row.reference } },
      { key: { text: 'Hub' }, value: { text: row.hubName } },
      { key: { text: 'Records' }, value: { text: RETENTION_CLOCK_LABELS[row.clock] } },
      {
        key: { text: 'Due for review' },
        value: { text: row.dueOn ? longDate(row.dueOn) : 'Not due' },
      },
      { key: { text: 'Proposed by' }, value: { text: row.proposedByName } },
      { key: { text: 'Reason' }, value: { text: row.reason } },
      { key: { text: 'What is erased' }, value: { text: WHAT_IS_ERASED[row.clock] } },
    ],
  };
}

/** The tombstones shown on the case instead of the disposed content. */
export function tombstoneRows(tombstones: Tombstone[]) {
  return tombstones.map((t) => ({
    heading: `${RETENTION_CLOCK_LABELS[t.clock]} disposed of on ${longDate(londonDate(t.disposedAt))}`,
    rows: [
      { key: { text: 'Case' }, value: { text: t.reference } },
      { key: { text: 'Requested' }, value: { text: t.requestedOn ? longDate(t.requestedOn) : '' } },
      {
        key: { text: 'Closed' },
        value: { text: t.closedOn ? longDate(t.closedOn) : 'Not closed' },
      },
      {
        key: { text: 'Outcome' },
        value: { text: t.outcome ? outcomeLabel(t.outcome) : 'None recorded' },
      },
      { key: { text: 'Proposed by' }, value: { text: t.proposedByName } },
      { key: { text: 'Approved by' }, value: { text: t.approvedByName } },
    ],
  }));
}
