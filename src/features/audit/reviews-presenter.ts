import { escapeHtml, formatDateTime } from '../../web/format.ts';
import type { FormErrors } from '../../web/forms.ts';
import { pagination } from '../../web/pagination.ts';
import { IDENTIFIABLE_EXPORTS } from './export-reason.ts';
import {
  REVIEW_OUTCOMES,
  REVIEWS_PAGE_SIZE,
  type ReviewItem,
  type ReviewOutcome,
  type ReviewRecord,
  type UserMonthCount,
} from './reviews.ts';

export const OUTCOME_LABELS: Record<ReviewOutcome, string> = {
  appropriate: 'Appropriate',
  query_raised: 'Query raised with the user',
  escalated: 'Escalated',
};

const KIND_LABELS = { access_reason: 'Opened outside allocation', export: 'Download' };

const exportLabel = (kind: string | null) =>
  kind && kind in IDENTIFIABLE_EXPORTS
    ? IDENTIFIABLE_EXPORTS[kind as keyof typeof IDENTIFIABLE_EXPORTS]
    : 'Download';

/** What the item is, in words: the case opened, or the file downloaded (and its case). */
export function itemWhat(item: ReviewItem): string {
  if (item.kind === 'access_reason') return `Opened case ${item.caseReference ?? ''}`.trim();
  const what = exportLabel(item.exportKind);
  return item.caseReference ? `${what}, case ${item.caseReference}` : what;
}

export const itemHref = (item: { kind: string; id: string }) =>
  `/audit/reviews/${item.kind}/${item.id}`;

const monthLabel = (month: string) =>
  new Date(`${month}-01T12:00:00Z`).toLocaleDateString('en-GB', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });

type Values = Record<string, string>;

/** The queue page: the filter form (as sent), errors, one page of items and the counts. */
export function reviewQueuePage(input: {
  values: Values;
  query: string;
  errors?: FormErrors;
  reviewed?: boolean;
  result?: {
    total: number;
    items: ReviewItem[];
    counts: UserMonthCount[];
    users: { id: string; name: string }[];
    hubs: { id: string; name: string }[];
  };
  page: number;
}) {
  const { values, errors, result } = input;
  const fieldError = (field: string) => errors?.byField[field];
  const dateItems = (name: 'from' | 'to') =>
    (['day', 'month', 'year'] as const).map((part) => ({
      name: part,
      value: values[`${name}-${part}`] ?? '',
      classes: `${part === 'year' ? 'govuk-input--width-4' : 'govuk-input--width-2'}${fieldError(`${name}-day`) ? ' govuk-input--error' : ''}`,
    }));
  const options = (list: { id: string; name: string }[], field: string, any: string) => [
    { value: '', text: any, selected: !values[field] },
    ...list.map((o) => ({ value: o.id, text: o.name, selected: values[field] === o.id })),
  ];
  const choose = (field: string, list: [string, string][]) =>
    list.map(([value, text]) => ({ value, text, selected: (values[field] ?? '') === value }));
  const href = (p: number) => `/audit/reviews?${input.query ? `${input.query}&` : ''}page=${p}`;
  return {
    title: 'Reviews of access and downloads',
    reviewed: input.reviewed ?? false,
    errorSummary: errors?.summary ?? [],
    errors: errors?.byField ?? {},
    fields: {
      hub: options(result?.hubs ?? [], 'hub', 'Any hub'),
      user: options(result?.users ?? [], 'user', 'Anyone'),
      kind: choose('kind', [
        ['', 'Both'],
        ['access_reason', 'Cases opened outside allocation'],
        ['export', 'Downloads of identifiable data'],
      ]),
      status: choose('status', [
        ['', 'Not reviewed yet'],
        ['reviewed', 'Reviewed'],
        ['all', 'All'],
      ]),
      from: { items: dateItems('from'), error: fieldError('from-day') },
      to: { items: dateItems('to'), error: fieldError('to-day') },
    },
    total: result?.total ?? 0,
    rows: (result?.items ?? []).map((item) => [
      { text: formatDateTime(item.at) },
      { text: item.userName ?? 'Unknown user' },
      { text: item.hubName ?? 'No hub' },
      { text: `${KIND_LABELS[item.kind]}: ${itemWhat(item)}` },
      { text: item.reason ?? 'No reason recorded' },
      { text: item.outcome ? OUTCOME_LABELS[item.outcome] : 'Not reviewed' },
      {
        html: `<a class="govuk-link" href="${itemHref(item)}">Review<span class="govuk-visually-hidden"> ${escapeHtml(`${itemWhat(item)}, ${formatDateTime(item.at)}`)}</span></a>`,
      },
    ]),
    countRows: (result?.counts ?? []).map((c) => [
      { text: c.userName },
      { text: monthLabel(c.month) },
      { text: String(c.accessReasons), format: 'numeric' },
      { text: String(c.exports), format: 'numeric' },
      { text: String(c.concerns), format: 'numeric' },
    ]),
    pagination: result
      ? pagination({ page: input.page, pageSize: REVIEWS_PAGE_SIZE, total: result.total, href })
      : null,
  };
}

/** One item: what happened, its reviews, and the form to review it. */
export function reviewItemPage(input: {
  item: ReviewItem;
  history: ReviewRecord[];
  values?: Values;
  errors?: FormErrors;
}) {
  const { item, history, values = {} } = input;
  const row = (key: string, value: string) => ({ key: { text: key }, value: { text: value } });
  return {
    title:
      item.kind === 'access_reason'
        ? 'Review a case opened outside allocation'
        : 'Review a download',
    action: itemHref(item),
    rows: [
      row('When', formatDateTime(item.at)),
      row('Who', item.userName ?? 'Unknown user'),
      row('Hub', item.hubName ?? 'No hub'),
      row('What', itemWhat(item)),
      row('Reason given', item.reason ?? 'No reason recorded'),
    ],
    history: history.map((h) => [
      { text: formatDateTime(h.reviewedAt) },
      { text: h.reviewerName },
      { text: OUTCOME_LABELS[h.outcome] },
      { text: h.note ?? '' },
    ]),
    outcomes: REVIEW_OUTCOMES.map((o) => ({
      value: o,
      text: OUTCOME_LABELS[o],
      checked: values.outcome === o,
    })),
    note: values.note ?? '',
    errorSummary: input.errors?.summary ?? [],
    errors: input.errors?.byField ?? {},
  };
}
