import {
  CONSENT_ANSWERS,
  DISCLOSURE_DIRECTIONS,
  labelFrom,
  legalBasisLabel,
  needsApproval,
} from '../../domain/disclosures.ts';
import type { CaseHeader } from '../../access/case-context.ts';
import type { FormErrors } from '../../web/forms.ts';
import { formatDateTime } from '../../web/case-format.ts';
import type { ApprovalQueueItem } from './approvals.ts';
import {
  backFor,
  disclosurePaths,
  errorsOf,
  preRow,
  provenanceText,
  statusTag,
} from './presenter.ts';
import type { DisclosureRecord } from './records.ts';
import { recipientText } from './register.ts';
import { changeLabel } from '../../web/format.ts';
import { externalName, methodLabel, type ExternalRecipient } from './external.ts';

/** Who outside Cicero, how it is sent and where, one per line. */
const externalLines = (r: ExternalRecipient) =>
  `${externalName(r)} (outside Cicero)\nSent by ${methodLabel(r.method).toLowerCase()} to:\n${r.address}`;

/** Every answer of a decision, with its provenance, as summary-list rows. */
export function decisionRows(record: DisclosureRecord, options: { changeHref?: string } = {}) {
  const change = (field: string, key: string) =>
    options.changeHref
      ? {
          actions: {
            items: [
              {
                href: `${options.changeHref}#${field}`,
                text: 'Change',
                visuallyHiddenText: changeLabel(key),
              },
            ],
          },
        }
      : {};
  const row = (key: string, value: string | null, field?: string) => ({
    ...preRow(key, value),
    ...(field ? change(field, key) : {}),
  });
  return [
    row('Direction', labelFrom(DISCLOSURE_DIRECTIONS, record.direction)),
    record.external
      ? row('Released to', externalLines(record.external), 'organisation')
      : row(
          'Released to',
          record.recipients.map(recipientText).join('\n') || 'Not chosen',
          'recipients',
        ),
    row('Purpose', record.purpose, 'purpose'),
    row('Legal basis', record.legalBasis ? legalBasisLabel(record.legalBasis) : null, 'legalBasis'),
    row('Why it is necessary and proportionate', record.necessity, 'necessity'),
    row(
      'Consent',
      record.consent
        ? `${labelFrom(CONSENT_ANSWERS, record.consent)}\n${record.consentNote ?? ''}`
        : null,
      'consent',
    ),
    row(
      'Was the person told?',
      record.personTold === 'yes'
        ? 'Yes'
        : record.personTold === 'no'
          ? `No: ${record.personToldNote ?? ''}`
          : null,
      'personTold',
    ),
    ...(record.decidedAt
      ? [
          row('Decided by', record.decidedByName),
          row('Decided', formatDateTime(record.decidedAt)),
          ...(record.deciderStepUpAt
            ? [row('Decider confirmed a security code', formatDateTime(record.deciderStepUpAt))]
            : []),
        ]
      : []),
    ...(record.approvedAt
      ? [
          row('Approved by', record.approvedByName),
          row('Approved', formatDateTime(record.approvedAt)),
        ]
      : []),
    ...(record.refusedAt
      ? [
          row('Refused by', record.refusedByName),
          row('Refused', formatDateTime(record.refusedAt)),
          row('Reason for refusal', record.refusalReason),
        ]
      : []),
    ...(record.withdrawnAt
      ? [
          row('Withdrawn by', record.withdrawnByName),
          row('Withdrawn', formatDateTime(record.withdrawnAt)),
          row('Reason for withdrawal', record.withdrawalReason),
        ]
      : []),
  ];
}

/** The frozen items of a decision as cards: label, provenance and the text released. */
export function itemCards(record: DisclosureRecord) {
  return [
    ...(record.summary
      ? [
          {
            title: 'Summary written for this disclosure',
            rows: [preRow('Text', record.summary)],
          },
        ]
      : []),
    ...record.items.map((i) => ({
      title: i.label,
      rows: [preRow('From', provenanceText(i)), preRow('Text', i.text)],
    })),
  ];
}

export function recordPage(input: {
  header: CaseHeader;
  record: DisclosureRecord;
  canWithdraw: boolean;
  reason?: string;
  errors?: FormErrors;
  notice?: string | null;
  viewerId?: string;
}) {
  const { record } = input;
  const paths = disclosurePaths(record.direction, input.header.id);
  const draft = record.status === 'draft';
  const approval =
    draft && record.consent ? needsApproval(record.direction, record.consent) : false;
  return {
    title: draft ? 'Check your answers before you submit' : 'Disclosure decision',
    caption: `${input.header.reference} – ${input.header.personName}`,
    backHref: backFor(record.direction, input.header, input.viewerId ?? ''),
    status: statusTag(record.status),
    draft,
    needsApproval: approval,
    rows: decisionRows(record, draft ? { changeHref: paths.edit(record.id) } : {}),
    changeItemsHref: `${paths.edit(record.id)}#items`,
    items: itemCards(record),
    submitAction: paths.submit(record.id),
    withdrawAction: paths.withdraw(record.id),
    canWithdraw: input.canWithdraw && record.status === 'in_effect',
    letterHref: record.external?.letterContentId ? paths.letter(record.id) : null,
    version: record.version,
    reason: input.reason ?? '',
    notice: input.notice ?? null,
    ...errorsOf(input.errors),
  };
}

export function approvalsPage(input: { items: ApprovalQueueItem[]; decided?: string }) {
  return {
    title: 'Disclosures to approve',
    decided:
      input.decided === 'approved'
        ? 'Disclosure approved: the recipients can now read what it released.'
        : input.decided === 'refused'
          ? 'Disclosure refused: nothing was released.'
          : null,
    rows: input.items.map((i) => ({
      href: `/disclosures/approvals/${i.disclosureId}`,
      reference: i.reference,
      decidedBy: i.decidedByName + (i.ownDecision ? ' (you)' : ''),
      decidedAt: formatDateTime(i.decidedAt),
    })),
  };
}

export function approvalPage(input: {
  record: DisclosureRecord;
  ownDecision: boolean;
  reason?: string;
  errors?: FormErrors;
}) {
  const { record } = input;
  return {
    title: 'Approve or refuse a disclosure without consent',
    caption: `${record.reference} – ${record.personName}`,
    backHref: '/disclosures/approvals',
    status: statusTag(record.status),
    waiting: record.status === 'awaiting_approval',
    ownDecision: input.ownDecision,
    rows: decisionRows(record),
    items: itemCards(record),
    approveAction: `/disclosures/approvals/${record.id}/approve`,
    refuseAction: `/disclosures/approvals/${record.id}/refuse`,
    version: record.version,
    reason: input.reason ?? '',
    ...errorsOf(input.errors),
  };
}
