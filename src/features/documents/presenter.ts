import type { CaseHeader } from '../../access/case-context.ts';
import { formatDateTime } from '../../web/case-format.ts';
import type { FormErrors } from '../../web/forms.ts';
import { DOCUMENT_KINDS, DOCUMENT_TYPES, kindLabel, sizeLabel } from './kinds.ts';
import type { CaseDocument } from './service.ts';

/** Where the documents' pages are: the clinicians' under /cases, the officer's under /requests. */
export const documentUrls = {
  healthForm: (caseId: string) => `/cases/${caseId}/documents/new`,
  healthCreate: (caseId: string) => `/cases/${caseId}/documents`,
  healthDownload: (caseId: string, id: string) => `/cases/${caseId}/documents/${id}/download`,
  policeDownloadForHealth: (caseId: string, id: string) =>
    `/cases/${caseId}/police-documents/${id}/download`,
  policeList: (caseId: string) => `/requests/${caseId}/documents`,
  policeForm: (caseId: string) => `/requests/${caseId}/documents/new`,
  policeCreate: (caseId: string) => `/requests/${caseId}/documents`,
  policeDownload: (caseId: string, id: string) => `/requests/${caseId}/documents/${id}/download`,
  releasedForHealth: (caseId: string, itemId: string) =>
    `/cases/${caseId}/released-documents/${itemId}`,
  releasedForPolice: (caseId: string, itemId: string) =>
    `/requests/${caseId}/released-documents/${itemId}`,
};

/** One document as a table row: title (a download link), kind, type and size, added. */
export function documentRow(doc: CaseDocument, href: string) {
  return [
    {
      html: `<a class="govuk-link" href="${href}" download>${escapeHtml(doc.title)}<span class="govuk-visually-hidden"> (download)</span></a>`,
    },
    { text: kindLabel(doc.kind) },
    { text: `${DOCUMENT_TYPES[doc.mime].label}, ${sizeLabel(doc.size)}` },
    { text: `${formatDateTime(doc.addedAt)} by ${doc.addedBy}` },
  ];
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The upload form: title, kind, file. */
export function uploadFormPage(input: {
  header: CaseHeader;
  action: string;
  backHref: string;
  police: boolean;
  values?: { title?: string; kind?: string };
  errors?: FormErrors;
}) {
  const errors = input.errors ?? { summary: [], byField: {} };
  return {
    title: input.errors?.summary.length ? 'Error: Add a document' : 'Add a document',
    heading: 'Add a document',
    caption: input.police
      ? `Request ${input.header.reference}`
      : `${input.header.reference} – ${input.header.personName}`,
    intro: input.police
      ? "The hub's clinicians will be able to read it."
      : "It is kept in the health record: the hub's clinicians on this case can read it.",
    action: input.action,
    backHref: input.backHref,
    title_: input.values?.title ?? '',
    kinds: DOCUMENT_KINDS.map((k) => ({
      value: k.code,
      text: k.label,
      checked: input.values?.kind === k.code,
    })),
    errorSummary: errors.summary,
    errors: errors.byField,
  };
}
