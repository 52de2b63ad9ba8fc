import { STATE_LABELS, allowedActions } from '../../domain/case-state.ts';
import { noErrors, type FormErrors } from '../../web/forms.ts';
import type { CaseHeader } from '../../access/case-context.ts';
import { formatDate } from '../../web/format.ts';
import { dateParts } from '../../web/form-fields.ts';
import { summaryRow, type SummaryRow } from '../../web/conflict.ts';
import { ADVICE_CONFIRMATION, ADVICE_KIND_LABELS } from './form.ts';
import type { AdviceItem } from './service.ts';

export const adviceUrls = {
  list: (caseId: string) => `/cases/${caseId}/advice`,
  form: (caseId: string) => `/cases/${caseId}/advice/new`,
  submit: (caseId: string) => `/cases/${caseId}/advice`,
};

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** What a piece of advice says: the advice, or a strategy's approach, avoid and involve. */
export function adviceContentRows(
  a: Pick<AdviceItem, 'kind' | 'body' | 'avoid' | 'involve'>,
): SummaryRow[] {
  if (a.kind === 'communication_strategy') {
    return [
      summaryRow('Approach', a.body),
      summaryRow('What to avoid', a.avoid),
      summaryRow('Who to involve', a.involve),
    ];
  }
  return [summaryRow('Advice', a.body)];
}

/** The heading of a piece of advice: a strategy always says it is one. */
export function adviceHeading(a: Pick<AdviceItem, 'kind' | 'title'>): string {
  if (a.kind === 'communication_strategy') {
    return a.title ? `Communication strategy: ${a.title}` : 'Communication strategy';
  }
  return a.title ?? 'Advice';
}

/** The advice form, empty (today's date) or again with the user's input and errors. */
export function adviceFormPage(input: {
  header: CaseHeader;
  today: string;
  values?: Record<string, unknown>;
  errors?: FormErrors;
}) {
  const { header } = input;
  const errors = input.errors ?? noErrors;
  const v = input.values;
  const today = dateParts(input.today);
  const dateError =
    errors.byField['givenAt-day'] ??
    errors.byField['givenAt-month'] ??
    errors.byField['givenAt-year'];
  const part = (name: 'day' | 'month' | 'year') => ({
    name,
    value: v ? str(v[`givenAt-${name}`]) : today[name],
    classes: `${name === 'year' ? 'govuk-input--width-4' : 'govuk-input--width-2'}${dateError ? ' govuk-input--error' : ''}`,
  });
  return {
    title: 'Give advice to the case officer',
    kinds: ADVICE_KIND_LABELS,
    caption: `${header.reference} – ${header.personName}`,
    action: adviceUrls.submit(header.id),
    backHref: adviceUrls.list(header.id),
    version: String(v && typeof v.version === 'string' ? v.version : header.version),
    errorSummary: errors.summary,
    errors: errors.byField,
    dateError,
    values: {
      title: v ? str(v.title) : '',
      body: v ? str(v.body) : '',
      approach: v ? str(v.approach) : '',
      avoid: v ? str(v.avoid) : '',
      involve: v ? str(v.involve) : '',
      confirm: v?.confirm === 'yes',
    },
    // Advice is the choice the page starts with.
    kind: v && str(v.kind) !== '' ? str(v.kind) : 'advice',
    dateItems: [part('day'), part('month'), part('year')],
    confirmation: ADVICE_CONFIRMATION,
  };
}

/** The advice given in a case, for the hub's clinicians. */
export function adviceListPage(input: {
  header: CaseHeader;
  advice: AdviceItem[];
  canWork: boolean;
}) {
  const { header } = input;
  return {
    title: `Advice to the case officer – ${header.reference}`,
    backLink: { href: `/cases/${header.id}`, text: 'Back' },
    reference: header.reference,
    personName: header.personName,
    status: STATE_LABELS[header.status],
    giveAdviceHref: input.canWork ? adviceUrls.form(header.id) : null,
    // Offered only while a closure can be asked for (not once it has been).
    requestClosureHref:
      input.canWork && allowedActions(header.status).includes('request_closure')
        ? `/cases/${header.id}/closure/new`
        : null,
    policeUpdatesHref: `/cases/${header.id}/police-updates`,
    advice: input.advice.map((a) => ({
      heading: adviceHeading(a),
      rows: [
        summaryRow('Given on', formatDate(a.givenAt)),
        summaryRow('By', a.authorName),
        ...adviceContentRows(a),
      ],
    })),
  };
}
