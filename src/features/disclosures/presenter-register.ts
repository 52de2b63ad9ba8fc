import {
  CONSENT_ANSWERS,
  DISCLOSURE_DIRECTIONS,
  DISCLOSURE_STATUSES,
  LEGAL_BASES,
  RECIPIENT_KINDS,
  labelFrom,
  legalBasisLabel,
} from '../../domain/disclosures.ts';
import { DATE_PARTS, dateParts } from '../../domain/dates.ts';
import { formatDate, formatDateTime } from '../../web/case-format.ts';
import { dateErrorOf } from '../../web/form-parts.ts';
import { formErrors, type FormErrors } from '../../web/forms.ts';
import { pagination } from '../../web/pagination.ts';
import { preRow, statusTag } from './presenter.ts';
import {
  recipientText,
  REGISTER_PAGE_SIZE,
  type RegisterFilter,
  type RegisterRow,
} from './register.ts';

function registerQuery(filter: RegisterFilter, page: number): string {
  const params = new URLSearchParams();
  if (filter.hubId) params.set('hub', filter.hubId);
  // The date boxes' own names, so a link reads back as the form would send it.
  for (const [name, date] of [
    ['from', filter.from],
    ['to', filter.to],
  ] as const) {
    if (!date) continue;
    const parts = dateParts(date);
    for (const part of DATE_PARTS) params.set(`${name}-${part}`, parts[part]);
  }
  if (filter.direction) params.set('direction', filter.direction);
  if (filter.basis) params.set('basis', filter.basis);
  if (filter.consent) params.set('consent', filter.consent);
  if (page > 1) params.set('page', String(page));
  const s = params.toString();
  return s ? `?${s}` : '';
}

export const registerDecisionHref = (disclosureId: string) =>
  `/disclosures/register/${disclosureId}`;

/** The GOV.UK date input of the filter: the boxes as typed (or the date applied), and its error. */
function dateFilter(filter: RegisterFilter, name: 'from' | 'to', errors: FormErrors) {
  const error = dateErrorOf(errors.byField, name);
  const entered = filter.entered?.[name] ?? dateParts(filter[name]);
  return {
    error,
    items: DATE_PARTS.map((part) => ({
      name: part,
      value: entered[part],
      classes: `${part === 'year' ? 'govuk-input--width-4' : 'govuk-input--width-2'}${error ? ' govuk-input--error' : ''}`,
    })),
  };
}

/** Every row of a decision, as its page and the CSV tell it. */
function decisionRows(r: RegisterRow) {
  return [
    preRow('Hub', r.hubName),
    preRow('Direction', labelFrom(DISCLOSURE_DIRECTIONS, r.direction)),
    preRow('Status', labelFrom(DISCLOSURE_STATUSES, r.status)),
    preRow('Decided', `${formatDateTime(r.decidedAt)} by ${r.decidedBy}`),
    preRow('Released to', r.recipients.map(recipientText).join('\n')),
    preRow('What', r.items.join('\n')),
    preRow('Purpose', r.purpose),
    preRow('Legal basis', legalBasisLabel(r.legalBasis)),
    preRow('Why necessary and proportionate', r.necessity),
    preRow('Consent', `${labelFrom(CONSENT_ANSWERS, r.consent)}\n${r.consentNote}`),
    preRow('Person told', r.personTold === 'yes' ? 'Yes' : `No: ${r.personToldNote ?? ''}`),
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
  ];
}

/** One decision of the register, in full. */
export function registerDecisionPage(r: RegisterRow) {
  return {
    title: `Disclosure decision – ${r.reference}`,
    caption: `${r.reference} – ${formatDate(r.decidedAt)}`,
    status: statusTag(r.status),
    rows: decisionRows(r),
    backHref: '/disclosures/register',
  };
}

export function registerPage(input: {
  filter: RegisterFilter;
  rows: RegisterRow[];
  total: number;
  hubs: { id: string; name: string }[];
}) {
  const { filter } = input;
  const errors = formErrors(filter.errors ?? []);
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
    errorSummary: errors.summary,
    from: dateFilter(filter, 'from', errors),
    to: dateFilter(filter, 'to', errors),
    // One row per decision, linking to it (GOV.UK table; the decision's page has the rest).
    decisions: input.rows.map((r) => ({
      date: formatDate(r.decidedAt),
      href: registerDecisionHref(r.id),
      reference: r.reference,
      items: String(r.items.length),
      recipients: r.recipients.map((x) => x.name ?? labelFrom(RECIPIENT_KINDS, x.kind)).join(', '),
      status: statusTag(r.status),
    })),
    pagination: pagination({
      page: filter.page,
      pageSize: REGISTER_PAGE_SIZE,
      total: input.total,
      href: (p) => `/disclosures/register${registerQuery(filter, p)}`,
    }),
  };
}
