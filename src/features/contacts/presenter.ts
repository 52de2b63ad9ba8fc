import { cardActions, markActionItems, markRows, type RecordMark } from '../rectification/marks.ts';
import type { CaseHeader } from '../../access/case-context.ts';
import { STATE_LABELS } from '../../domain/case-state.ts';
import {
  CANCELLED_BY,
  CONTACT_KINDS,
  CONTACT_METHODS,
  CONTACT_OUTCOMES,
  CONTACT_STATUSES,
  didNotAttendCount,
} from '../../domain/contacts.ts';
import { dateParts } from '../../domain/dates.ts';
import { labelOf } from '../../domain/reference/list.ts';
import { summaryRow, type SummaryRow } from '../../web/conflict.ts';
import { formatDate, formatDateTime, formatTime } from '../../web/format.ts';
import { noErrors, type FormErrors } from '../../web/forms.ts';
import { dateErrorOf, dateItems } from '../../web/form-parts.ts';
import type { Contact } from './read.ts';

export const contactUrls = {
  list: (caseId: string) => `/cases/${caseId}/contacts`,
  book: (caseId: string) => `/cases/${caseId}/contacts/book`,
  record: (caseId: string) => `/cases/${caseId}/contacts/record`,
  outcome: (caseId: string, contactId: string) => `/cases/${caseId}/contacts/${contactId}/outcome`,
};

const STATUS_TAGS: Record<Contact['status'], string> = {
  planned: 'govuk-tag--blue',
  attended: 'govuk-tag--green',
  did_not_attend: 'govuk-tag--red',
  cancelled: 'govuk-tag--grey',
  rescheduled: 'govuk-tag--yellow',
};

export const statusTag = (status: Contact['status']) => ({
  text: labelOf(CONTACT_STATUSES, status),
  classes: STATUS_TAGS[status],
});

/** "The person", "Family or carers: mother", "A professional: GP, Ladywood Health Centre". */
export function withText(c: Pick<Contact, 'kind' | 'withWhom'>): string {
  const kind = labelOf(CONTACT_KINDS, c.kind);
  return c.withWhom ? `${kind}: ${c.withWhom}` : kind;
}

/** What a contact says, as summary list rows. */
export function contactRows(c: Contact): SummaryRow[] {
  const rows = [
    summaryRow('When', formatDateTime(c.startsAt)),
    summaryRow('With', withText(c)),
    summaryRow('How', labelOf(CONTACT_METHODS, c.method)),
    summaryRow('Place', c.place),
    summaryRow('Clinician', c.clinician),
  ];
  if (c.durationMinutes) rows.push(summaryRow('Duration', `${c.durationMinutes} minutes`));
  if (c.cancelledBy) rows.push(summaryRow('Cancelled by', labelOf(CANCELLED_BY, c.cancelledBy)));
  if (c.summary) rows.push(summaryRow('Summary', c.summary));
  if (c.followUp) rows.push(summaryRow('Follow-up', c.followUp));
  rows.push(
    summaryRow(
      'Recorded',
      `${c.recordedBy}, ${formatDateTime(c.recordedAt)}${
        c.outcomeAt && c.outcomeAt.getTime() !== c.recordedAt.getTime()
          ? ` (outcome by ${c.outcomeBy ?? 'unknown'}, ${formatDateTime(c.outcomeAt)})`
          : ''
      }`,
    ),
  );
  return rows;
}

/** The contacts page of a case. */
export function contactsListPage(input: {
  header: CaseHeader;
  contacts: Contact[];
  lastPersonContact: string | null;
  canRecord: boolean;
  /** Rectification: who may answer a correction request, and which contacts are restricted. */
  marks?: Map<string, RecordMark>;
}) {
  const { header, contacts } = input;
  const byId = new Map(contacts.map((c) => [c.id, c]));
  return {
    title: `Contacts and appointments – ${header.reference}`,
    reference: header.reference,
    caseHref: `/cases/${header.id}`,
    status: STATE_LABELS[header.status],
    bookHref: input.canRecord ? contactUrls.book(header.id) : null,
    recordHref: input.canRecord ? contactUrls.record(header.id) : null,
    facts: [
      summaryRow(
        'Last contact with the person',
        input.lastPersonContact ? formatDate(input.lastPersonContact) : 'None yet',
      ),
      summaryRow('Did not attend', String(didNotAttendCount(contacts))),
    ],
    contacts: contacts.map((c) => {
      const next = c.rescheduledTo ? byId.get(c.rescheduledTo) : undefined;
      return {
        title: `${formatDate(c.startsAt)} at ${formatTime(c.startsAt)}: ${labelOf(CONTACT_STATUSES, c.status).toLowerCase()}`,
        actions: cardActions([
          ...(input.canRecord && c.status === 'planned'
            ? [
                {
                  href: contactUrls.outcome(header.id, c.id),
                  text: 'Record outcome',
                  visuallyHiddenText: ` of the appointment on ${formatDate(c.startsAt)}`,
                },
              ]
            : []),
          ...(c.summary ? markActionItems(input.marks?.get(c.id)) : []),
        ]),
        rows: [
          ...markRows(input.marks?.get(c.id)),
          ...contactRows(c),
          ...(next ? [summaryRow('Rescheduled to', formatDateTime(next.startsAt))] : []),
        ],
      };
    }),
  };
}

const radios = (list: readonly { code: string; label: string }[], selected: string | undefined) =>
  list.map((item) => ({ value: item.code, text: item.label, checked: item.code === selected }));

/** The form to book an appointment or to record a contact after the fact. */
export function contactFormPage(input: {
  header: CaseHeader;
  mode: 'book' | 'record';
  today: string;
  values?: Record<string, string>;
  errors?: FormErrors;
}) {
  const { header, mode } = input;
  const errors = input.errors ?? noErrors;
  const v = input.values;
  const dateError = dateErrorOf(errors.byField, 'day');
  return {
    title: mode === 'book' ? 'Book an appointment' : 'Record a contact',
    caption: header.reference,
    mode,
    action: mode === 'book' ? contactUrls.book(header.id) : contactUrls.record(header.id),
    backHref: contactUrls.list(header.id),
    submitText: mode === 'book' ? 'Book appointment' : 'Record contact',
    version: v?.version ?? String(header.version),
    errorSummary: errors.summary,
    errors: errors.byField,
    dateError,
    dateItems: dateItems(v, 'day', dateParts(input.today), dateError !== undefined),
    values: {
      withWhom: v?.withWhom ?? '',
      time: v?.time ?? '',
      place: v?.place ?? '',
      duration: v?.duration ?? '',
      summary: v?.summary ?? '',
      followUp: v?.followUp ?? '',
    },
    kinds: radios(CONTACT_KINDS, v?.kind),
    methods: radios(CONTACT_METHODS, v?.method),
  };
}

/** The form to record what became of an appointment. */
export function outcomeFormPage(input: {
  header: CaseHeader;
  contact: Contact;
  today: string;
  values?: Record<string, string>;
  errors?: FormErrors;
}) {
  const { header, contact } = input;
  const errors = input.errors ?? noErrors;
  const v = input.values;
  const dateError = dateErrorOf(errors.byField, 'newDay');
  return {
    title: 'Record the outcome of an appointment',
    caption: header.reference,
    action: contactUrls.outcome(header.id, contact.id),
    backHref: contactUrls.list(header.id),
    version: v?.version ?? String(contact.version),
    errorSummary: errors.summary,
    errors: errors.byField,
    appointment: contactRows(contact),
    outcomes: radios(CONTACT_OUTCOMES, v?.outcome),
    cancelledBy: radios(CANCELLED_BY, v?.cancelledBy),
    dateError,
    dateItems: dateItems(v, 'newDay', dateParts(input.today), dateError !== undefined),
    values: {
      newTime: v?.newTime ?? '',
      duration: v?.duration ?? '',
      summary: v?.summary ?? '',
      followUp: v?.followUp ?? '',
    },
  };
}

/** The contacts panel of the case page: the next appointments, the latest contacts, DNAs. */
export function contactsSection(input: {
  caseId: string;
  contacts: Contact[];
  lastPersonContact: string | null;
  canRecord: boolean;
  now: Date;
}) {
  const { caseId, contacts, now } = input;
  const upcoming = contacts
    .filter((c) => c.status === 'planned' && c.startsAt.getTime() >= now.getTime())
    .reverse();
  return {
    count: contacts.length,
    didNotAttend: didNotAttendCount(contacts),
    lastPersonContact: input.lastPersonContact ? formatDate(input.lastPersonContact) : null,
    listHref: contactUrls.list(caseId),
    bookHref: input.canRecord ? contactUrls.book(caseId) : null,
    recordHref: input.canRecord ? contactUrls.record(caseId) : null,
    rows: [
      ...upcoming.slice(0, 3),
      ...contacts.filter((c) => !upcoming.includes(c)).slice(0, 5),
    ].map((c) => [
      { text: formatDateTime(c.startsAt) },
      { text: withText(c) },
      { text: labelOf(CONTACT_METHODS, c.method) },
      { text: labelOf(CONTACT_STATUSES, c.status) },
    ]),
  };
}
