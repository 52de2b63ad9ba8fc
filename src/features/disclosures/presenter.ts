import {
  basesFor,
  CONSENT_ANSWERS,
  DISCLOSURE_DIRECTIONS,
  DISCLOSURE_STATUSES,
  LEGAL_BASES,
  labelFrom,
  legalBasisLabel,
  needsApproval,
  type DisclosureDirection,
  type DisclosureStatus,
} from '../../domain/disclosures.ts';
import type { FormErrors } from '../../web/forms.ts';
import { summaryRow } from '../../web/conflict.ts';
import { formatDateTime } from '../cases/format.ts';
import { pagination } from '../cases/pagination.ts';
import type { CaseFacts } from '../closure/case-access.ts';
import type { DisclosureValues } from './form.ts';
import {
  recipientText,
  REGISTER_PAGE_SIZE,
  type RegisterFilter,
  type RegisterRow,
} from './register.ts';
import type { ReceivedCase, ReleasedItem } from './released.ts';
import type { ApprovalQueueItem, Candidates, DisclosureRecord } from './service.ts';
import { itemKey, type ReleasableGroup } from './sources/index.ts';

const STATUS_COLOURS: Record<DisclosureStatus, string> = {
  draft: 'grey',
  awaiting_approval: 'yellow',
  in_effect: 'green',
  refused: 'red',
  withdrawn: 'orange',
};

export const statusTag = (status: DisclosureStatus) => ({
  text: labelFrom(DISCLOSURE_STATUSES, status),
  classes: `govuk-tag--${STATUS_COLOURS[status]}`,
});

/** Paths of the journey, per direction: health on the case, police on the request. */
export const disclosurePaths = (direction: DisclosureDirection, caseId: string) => {
  const base =
    direction === 'health_to_police'
      ? `/cases/${caseId}/disclosures`
      : `/requests/${caseId}/disclosures`;
  return {
    base,
    newForm: `${base}/new`,
    record: (id: string) => `${base}/${id}`,
    edit: (id: string) => `${base}/${id}/edit`,
    submit: (id: string) => `${base}/${id}/submit`,
    withdraw: (id: string) => `${base}/${id}/withdraw`,
    back: direction === 'health_to_police' ? `/cases/${caseId}#disclosures` : `/requests/${caseId}`,
  };
};

/**
 * Where "back" goes: the case page for health; for police, the officer's own request page, or
 * the police lead's supervision page of it.
 */
export function backFor(direction: DisclosureDirection, facts: CaseFacts, viewerId: string) {
  if (direction === 'police_to_health' && facts.requestedBy !== viewerId) {
    return `/supervision/${facts.id}`;
  }
  return disclosurePaths(direction, facts.id).back;
}

const errorsOf = (errors?: FormErrors) => ({
  errorSummary: errors?.summary ?? [],
  errors: errors?.byField ?? {},
});

export const EMPTY_VALUES: DisclosureValues = {
  items: [],
  summary: '',
  recipients: [],
  otherIds: [],
  otherReason: '',
  purpose: '',
  legalBasis: '',
  necessity: '',
  consent: '',
  consentNote: '',
  personTold: '',
  personToldNote: '',
};

export function formPage(input: {
  facts: CaseFacts;
  direction: DisclosureDirection;
  groups: ReleasableGroup[];
  candidates: Candidates | null;
  values?: DisclosureValues;
  errors?: FormErrors;
  disclosureId?: string;
  version?: number;
  viewerId?: string;
}) {
  const values = input.values ?? EMPTY_VALUES;
  const paths = disclosurePaths(input.direction, input.facts.id);
  const toPolice = input.direction === 'health_to_police';
  const checked = (list: string[], v: string) => list.includes(v);
  return {
    title: toPolice ? 'Record a disclosure to police' : 'Share information with the clinical team',
    caption: `${input.facts.reference} – ${input.facts.personName}`,
    backHref: input.disclosureId
      ? paths.record(input.disclosureId)
      : backFor(input.direction, input.facts, input.viewerId ?? ''),
    action: input.disclosureId ? paths.record(input.disclosureId) : paths.base,
    version: input.version ?? 0,
    toPolice,
    itemList: input.groups.flatMap((g) =>
      g.items.map((i) => ({
        value: itemKey(i),
        text: `${g.source.title} – ${i.label}`,
        hint: { text: i.text, classes: 'cicero-pre-line' },
        checked: checked(values.items, itemKey(i)),
      })),
    ),
    recipientItems: input.candidates
      ? [
          {
            value: 'case_officer',
            text: `${input.candidates.caseOfficer.name} (requesting case officer)`,
            checked: checked(values.recipients, 'case_officer'),
          },
          ...input.candidates.policeLeads.map((p) => ({
            value: `lead:${p.id}`,
            text: `${p.name} (police lead)`,
            checked: checked(values.recipients, `lead:${p.id}`),
          })),
        ]
      : [],
    otherItems: (input.candidates?.others ?? []).map((p) => ({
      value: p.id,
      text: p.name,
      checked: checked(values.otherIds, p.id),
    })),
    basisItems: basesFor(input.direction).map((b) => ({
      value: b.code,
      text: b.label,
      checked: values.legalBasis === b.code,
    })),
    consentItems: CONSENT_ANSWERS.map((c) => ({
      value: c.code,
      text: c.label,
      checked: values.consent === c.code,
    })),
    toldItems: [
      { value: 'yes', text: 'Yes', checked: values.personTold === 'yes' },
      { value: 'no', text: 'No', checked: values.personTold === 'no' },
    ],
    values,
    ...errorsOf(input.errors),
  };
}

/** A summary-list row whose value keeps the line breaks typed into it. */
const preRow = (key: string, value: string | null | undefined) => {
  const row = summaryRow(key, value);
  return { ...row, value: { ...row.value, classes: 'cicero-pre-line' } };
};

/** Every answer of a decision, with its provenance, as summary-list rows. */
export function decisionRows(record: DisclosureRecord, options: { changeHref?: string } = {}) {
  const change = (field: string) =>
    options.changeHref
      ? {
          actions: {
            items: [
              {
                href: `${options.changeHref}#${field}`,
                text: 'Change',
                visuallyHiddenText: field,
              },
            ],
          },
        }
      : {};
  const row = (key: string, value: string | null, field?: string) => ({
    ...preRow(key, value),
    ...(field ? change(field) : {}),
  });
  return [
    row('Direction', labelFrom(DISCLOSURE_DIRECTIONS, record.direction)),
    row(
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
      rows: [
        preRow(
          'From',
          `${sourceTableLabel(i.sourceTable)}${i.recordVersion ? `, version ${i.recordVersion}` : ''} (record ${i.recordId ?? 'none'})`,
        ),
        preRow('Text', i.text),
      ],
    })),
  ];
}

export function recordPage(input: {
  facts: CaseFacts;
  record: DisclosureRecord;
  canWithdraw: boolean;
  reason?: string;
  errors?: FormErrors;
  notice?: string | null;
  viewerId?: string;
}) {
  const { record } = input;
  const paths = disclosurePaths(record.direction, input.facts.id);
  const draft = record.status === 'draft';
  const approval =
    draft && record.consent ? needsApproval(record.direction, record.consent) : false;
  return {
    title: draft ? 'Check your answers before you submit' : 'Disclosure decision',
    caption: `${input.facts.reference} – ${input.facts.personName}`,
    backHref: backFor(record.direction, input.facts, input.viewerId ?? ''),
    status: statusTag(record.status),
    draft,
    needsApproval: approval,
    rows: decisionRows(record, draft ? { changeHref: paths.edit(record.id) } : {}),
    changeItemsHref: `${paths.edit(record.id)}#items`,
    items: itemCards(record),
    submitAction: paths.submit(record.id),
    withdrawAction: paths.withdraw(record.id),
    canWithdraw: input.canWithdraw && record.status === 'in_effect',
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

/** What a source table is called where people read provenance. */
const SOURCE_TABLE_LABELS: Record<string, string> = {
  formulations: 'Formulation',
  triage_decisions: 'Triage decision',
  consents: 'Consent record',
  closure_requests: 'Closure request',
  police_updates: 'Police update',
  plan_actions: 'Plan action',
  disclosures: 'Written for this disclosure',
};
export const sourceTableLabel = (table: string) => SOURCE_TABLE_LABELS[table] ?? table;

/**
 * Released copies as cards with their provenance; withdrawn ones show only that fact, under
 * the kind of record they came from instead of their label.
 */
export function releasedCards(items: ReleasedItem[]) {
  return items.map((i) => ({
    title: i.label ?? sourceTableLabel(i.sourceTable),
    withdrawn: i.text === null,
    rows: [
      ...(i.text === null
        ? [
            preRow(
              'Withdrawn',
              `This information was withdrawn on ${formatDateTime(i.withdrawnAt!)} and is no longer shown.`,
            ),
          ]
        : [preRow('Information', i.text)]),
      preRow('Released', formatDateTime(i.releasedAt)),
      preRow(
        'Decided by',
        `${i.decidedByName ?? 'Unknown'}${i.approvedByName ? `, approved by ${i.approvedByName}` : ''}`,
      ),
      preRow('Legal basis', i.legalBasis ? legalBasisLabel(i.legalBasis) : null),
      preRow(
        'Copied from',
        `${sourceTableLabel(i.sourceTable)}${i.recordVersion ? `, version ${i.recordVersion}` : ''} (record ${i.recordId ?? 'none'})`,
      ),
    ],
  }));
}

function registerQuery(filter: RegisterFilter, page: number): string {
  const params = new URLSearchParams();
  if (filter.hubId) params.set('hub', filter.hubId);
  if (filter.from) params.set('from', filter.from);
  if (filter.to) params.set('to', filter.to);
  if (filter.direction) params.set('direction', filter.direction);
  if (filter.basis) params.set('basis', filter.basis);
  if (filter.consent) params.set('consent', filter.consent);
  if (page > 1) params.set('page', String(page));
  const s = params.toString();
  return s ? `?${s}` : '';
}

export function registerPage(input: {
  filter: RegisterFilter;
  rows: RegisterRow[];
  total: number;
  hubs: { id: string; name: string }[];
}) {
  const { filter } = input;
  const option = (value: string, text: string, current: string | null) => ({
    value,
    text,
    selected: (current ?? '') === value,
  });
  return {
    title: 'Disclosure register',
    total: input.total,
    filter,
    hubItems: [
      option('', 'All your hubs', filter.hubId),
      ...input.hubs.map((h) => option(h.id, h.name, filter.hubId)),
    ],
    directionItems: [
      option('', 'Either direction', filter.direction),
      ...DISCLOSURE_DIRECTIONS.map((d) => option(d.code, d.label, filter.direction)),
    ],
    basisItems: [
      option('', 'Any legal basis', filter.basis),
      ...LEGAL_BASES.map((b) => option(b.code, b.label, filter.basis)),
    ],
    consentItems: [
      option('', 'With or without consent', filter.consent),
      option('with', 'With consent', filter.consent),
      option('without', 'Without consent', filter.consent),
    ],
    csvHref: `/disclosures/register.csv${registerQuery({ ...filter, page: 1 }, 1)}`,
    cards: input.rows.map((r) => ({
      title: `${r.reference} – ${formatDateTime(r.decidedAt)}`,
      status: statusTag(r.status),
      rows: [
        preRow('Hub', r.hubName),
        preRow('Direction', labelFrom(DISCLOSURE_DIRECTIONS, r.direction)),
        preRow('Status', labelFrom(DISCLOSURE_STATUSES, r.status)),
        preRow('Released to', r.recipients.map(recipientText).join('\n')),
        preRow('What', r.items.join('\n')),
        preRow('Purpose', r.purpose),
        preRow('Legal basis', legalBasisLabel(r.legalBasis)),
        preRow('Why necessary and proportionate', r.necessity),
        preRow('Consent', `${labelFrom(CONSENT_ANSWERS, r.consent)}\n${r.consentNote}`),
        preRow('Person told', r.personTold === 'yes' ? 'Yes' : `No: ${r.personToldNote ?? ''}`),
        preRow('Decided by', r.decidedBy),
        ...(r.approvedBy
          ? [preRow('Approved by', `${r.approvedBy}, ${formatDateTime(r.approvedAt!)}`)]
          : []),
        ...(r.refusedBy
          ? [
              preRow(
                'Refused by',
                `${r.refusedBy}, ${formatDateTime(r.refusedAt!)}: ${r.refusalReason ?? ''}`,
              ),
            ]
          : []),
        ...(r.withdrawnBy
          ? [
              preRow(
                'Withdrawn by',
                `${r.withdrawnBy}, ${formatDateTime(r.withdrawnAt!)}: ${r.withdrawalReason ?? ''}`,
              ),
            ]
          : []),
      ],
    })),
    pagination: pagination({
      page: filter.page,
      pageSize: REGISTER_PAGE_SIZE,
      total: input.total,
      href: (p) => `/disclosures/register${registerQuery(filter, p)}`,
    }),
  };
}

export function receivedPage(cases: ReceivedCase[]) {
  return {
    title: 'Information released to you',
    cases: cases.map((c) => ({
      heading: `${c.reference} (${c.hubName})`,
      items: releasedCards(c.items),
    })),
  };
}

/** The case page's table of its health-to-police decisions, newest first. */
export function disclosureRows(
  caseId: string,
  rows: {
    id: string;
    direction: DisclosureDirection;
    status: DisclosureStatus;
    legal_basis: string | null;
    consent: string | null;
    created_at: Date;
    decided_at: Date | null;
    decided_by_name: string | null;
  }[],
) {
  return rows
    .filter((r) => r.direction === 'health_to_police')
    .map((r) => ({
      href: disclosurePaths(r.direction, caseId).record(r.id),
      date: formatDateTime(r.decided_at ?? r.created_at),
      status: statusTag(r.status),
      basis: r.legal_basis ? legalBasisLabel(r.legal_basis) : 'Not given',
      consent: r.consent ? labelFrom(CONSENT_ANSWERS, r.consent) : 'Not given',
      by: r.decided_by_name ?? 'Draft',
    }));
}
