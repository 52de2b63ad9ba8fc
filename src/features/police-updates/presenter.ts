import { noErrors, type FormErrors } from '../../web/forms.ts';
import type { CaseHeader } from '../../access/case-context.ts';
import { formatDate } from '../../web/format.ts';
import type { PoliceUpdate } from './service.ts';

export const policeUpdateUrls = {
  form: (caseId: string) => `/requests/${caseId}/updates/new`,
  submit: (caseId: string) => `/requests/${caseId}/updates`,
  request: (caseId: string) => `/requests/${caseId}`,
  forClinicians: (caseId: string) => `/cases/${caseId}/police-updates`,
};

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** The officer's form for an update to their request. */
export function policeUpdateFormPage(input: {
  header: CaseHeader;
  /** The form's token (src/access/form-submissions.ts): a second send lands where the first did. */
  formToken: string;
  values?: Record<string, unknown>;
  errors?: FormErrors;
}) {
  const errors = input.errors ?? noErrors;
  return {
    title: 'Add a police update',
    formToken: input.formToken,
    caption: `Request ${input.header.reference}`,
    action: policeUpdateUrls.submit(input.header.id),
    backHref: policeUpdateUrls.request(input.header.id),
    version: str(input.values?.version) || String(input.header.version),
    body: str(input.values?.body),
    errorSummary: errors.summary,
    errors: errors.byField,
  };
}

export const updateCards = (updates: PoliceUpdate[]) =>
  updates.map((u) => ({ date: formatDate(u.createdAt), author: u.authorName, body: u.body }));

/** The police updates of a case as the hub's clinicians read them. */
export function policeUpdatesPage(input: { header: CaseHeader; updates: PoliceUpdate[] }) {
  return {
    title: `Police updates – ${input.header.reference}`,
    caption: `${input.header.reference} – ${input.header.personName}`,
    backHref: `/cases/${input.header.id}/advice`,
    updates: updateCards(input.updates),
  };
}
