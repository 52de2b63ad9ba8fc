import {
  CONSENT_ANSWERS,
  DISCLOSURE_DIRECTIONS,
  DISCLOSURE_STATUSES,
  LEGAL_BASES,
  labelFrom,
  legalBasisLabel,
} from '../../domain/disclosures.ts';
import { formatDateTime } from '../../web/case-format.ts';
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
