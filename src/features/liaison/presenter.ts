import { cardActions, markActionItems, markRows, type RecordMark } from '../rectification/marks.ts';
import { sectionPath } from '../cases/registry.ts';
import { STATE_LABELS } from '../../domain/case-state.ts';
import type { EngagementDecision } from '../../domain/consent.ts';
import { labelOf } from '../../domain/reference/list.ts';
import {
  LIAISON_AGENCY_TYPES,
  LIAISON_DIRECTIONS,
  LIAISON_PURPOSES,
} from '../../domain/reference/liaison.ts';
import { noErrors, type FormErrors } from '../../web/forms.ts';
import type { CaseHeader } from '../../access/case-context.ts';
import { summaryRow } from '../../web/conflict.ts';
import { formatDateTime } from '../../web/case-format.ts';
import { formatDate } from '../../web/format.ts';
import { dateParts } from '../../web/form-fields.ts';
import type { LiaisonInput } from './form.ts';
import { dateErrorOf, dateItems } from '../../web/form-parts.ts';
import type { LiaisonContact } from './service.ts';

export const liaisonUrls = {
  list: (caseId: string) => `/cases/${caseId}/liaison`,
  form: (caseId: string) => `/cases/${caseId}/liaison/new`,
  create: (caseId: string) => `/cases/${caseId}/liaison`,
  edit: (caseId: string, contactId: string) => `/cases/${caseId}/liaison/${contactId}/edit`,
  update: (caseId: string, contactId: string) => `/cases/${caseId}/liaison/${contactId}`,
};

const yesNo = (value: boolean) => (value ? 'Yes' : 'No');

/** What a contact says, as summary list rows (list page, conflict page). */
export function contactRows(contact: LiaisonInput) {
  return [
    summaryRow('Date', formatDate(contact.contactDate)),
    summaryRow('Service', labelOf(LIAISON_AGENCY_TYPES, contact.agencyType)),
    summaryRow('Organisation', contact.organisation),
    summaryRow('Direction', labelOf(LIAISON_DIRECTIONS, contact.direction)),
    summaryRow('Purpose', labelOf(LIAISON_PURPOSES, contact.purpose)),
    summaryRow('Summary', contact.summary),
    summaryRow('On the person’s behalf', yesNo(contact.onBehalf)),
    summaryRow('Covered by consent', yesNo(contact.consentCovers)),
  ];
}

const consentNote = (engagement: EngagementDecision) =>
  engagement.allowed
    ? null
    : `${engagement.message} You can still record a contact that is not on the person’s behalf, for example a safeguarding referral, or a service contacting the VSS.`;

/** The liaison contacts of a case (health compartment). */
export function liaisonListPage(input: {
  header: CaseHeader;
  contacts: LiaisonContact[];
  engagement: EngagementDecision;
  canRecord: boolean;
  /** Rectification: who may answer a correction request, and which records are restricted. */
  marks?: Map<string, RecordMark>;
}) {
  const { header } = input;
  return {
    title: `Liaison – ${header.reference}`,
    reference: header.reference,
    caseHref: sectionPath(header.id, 'liaison'),
    status: STATE_LABELS[header.status],
    recordHref: input.canRecord ? liaisonUrls.form(header.id) : null,
    consentNote: consentNote(input.engagement),
    contacts: input.contacts.map((c) => ({
      title: `${formatDate(c.contactDate)} – ${c.organisation}`,
      actions: cardActions([
        ...(input.canRecord ? [{ href: liaisonUrls.edit(header.id, c.id), text: 'Change' }] : []),
        ...markActionItems(input.marks?.get(c.id)),
      ]),
      rows: [
        ...markRows(input.marks?.get(c.id)),
        ...contactRows(c),
        summaryRow(
          'Recorded',
          `${c.recordedBy}, ${formatDateTime(c.recordedAt)}${
            c.updatedAt
              ? ` (changed by ${c.updatedBy ?? 'unknown'}, ${formatDateTime(c.updatedAt)})`
              : ''
          }`,
        ),
      ],
    })),
  };
}

const radios = (list: readonly { code: string; label: string }[], selected: string | undefined) =>
  list.map((item) => ({ value: item.code, text: item.label, checked: item.code === selected }));

const yesNoItems = (selected: string | undefined) => [
  { value: 'yes', text: 'Yes', checked: selected === 'yes' },
  { value: 'no', text: 'No', checked: selected === 'no' },
];

/** The form values of a stored contact, to open the change form with. */
export function contactValues(contact: LiaisonContact): Record<string, string> {
  const date = dateParts(contact.contactDate);
  return {
    'contactDate-day': date.day,
    'contactDate-month': date.month,
    'contactDate-year': date.year,
    agencyType: contact.agencyType,
    organisation: contact.organisation,
    direction: contact.direction,
    purpose: contact.purpose,
    summary: contact.summary,
    onBehalf: contact.onBehalf ? 'yes' : 'no',
    consentCovers: contact.consentCovers ? 'yes' : 'no',
    version: String(contact.version),
  };
}

/** The form to record a contact, or to change one, empty or with the user's input and errors. */
export function liaisonFormPage(input: {
  header: CaseHeader;
  today: string;
  engagement: EngagementDecision;
  contactId?: string;
  values?: Record<string, string>;
  errors?: FormErrors;
}) {
  const { header } = input;
  const errors = input.errors ?? noErrors;
  const v = input.values;
  const dateError = dateErrorOf(errors.byField, 'contactDate');
  const editing = input.contactId !== undefined;
  return {
    title: editing ? 'Change a liaison contact' : 'Record a liaison contact',
    caption: header.reference,
    action: editing
      ? liaisonUrls.update(header.id, input.contactId!)
      : liaisonUrls.create(header.id),
    backHref: liaisonUrls.list(header.id),
    submitText: editing ? 'Save changes' : 'Record contact',
    version: v?.version ?? String(header.version),
    errorSummary: errors.summary,
    errors: errors.byField,
    dateError,
    dateItems: dateItems(v, 'contactDate', dateParts(input.today), dateError !== undefined),
    consentNote: consentNote(input.engagement),
    values: { organisation: v?.organisation ?? '', summary: v?.summary ?? '' },
    agencyTypes: radios(LIAISON_AGENCY_TYPES, v?.agencyType),
    directions: radios(LIAISON_DIRECTIONS, v?.direction),
    purposes: radios(LIAISON_PURPOSES, v?.purpose),
    onBehalfItems: yesNoItems(v?.onBehalf),
    consentCoversItems: yesNoItems(v?.consentCovers),
  };
}

/** The liaison section of the case page: the latest contacts and the way to the rest. */
export function liaisonSection(caseId: string, contacts: LiaisonContact[], canRecord: boolean) {
  return {
    count: contacts.length,
    listHref: liaisonUrls.list(caseId),
    recordHref: canRecord ? liaisonUrls.form(caseId) : null,
    rows: contacts
      .slice(0, 5)
      .map((c) => [
        { text: formatDate(c.contactDate) },
        { text: labelOf(LIAISON_AGENCY_TYPES, c.agencyType) },
        { text: c.organisation },
        { text: labelOf(LIAISON_PURPOSES, c.purpose) },
      ]),
  };
}
