import type { CaseHeader } from '../../access/case-context.ts';
import { STATE_LABELS } from '../../domain/case-state.ts';
import { dateParts } from '../../domain/dates.ts';
import { NOTE_KINDS } from '../../domain/notes.ts';
import { labelOf } from '../../domain/reference/list.ts';
import { summaryRow } from '../../web/conflict.ts';
import { formatDate, formatDateTime, multilineValue } from '../../web/format.ts';
import { noErrors, type FormErrors } from '../../web/forms.ts';
import { dateErrorOf, dateItems } from '../../web/form-parts.ts';
import type { Note, NoteVersion } from './service.ts';
import { rectificationSection, rectifyUrl } from '../rectification/presenter.ts';
import type { Rectification } from '../rectification/service.ts';

export const noteUrls = {
  list: (caseId: string) => `/cases/${caseId}/notes`,
  form: (caseId: string) => `/cases/${caseId}/notes/new`,
  create: (caseId: string) => `/cases/${caseId}/notes`,
  note: (caseId: string, noteId: string) => `/cases/${caseId}/notes/${noteId}`,
  amend: (caseId: string, noteId: string) => `/cases/${caseId}/notes/${noteId}/amend`,
};

const amendedText = (note: Note) => (note.version > 1 ? ` Amended (version ${note.version}).` : '');

/** The notes of a case, their latest versions. */
export function notesListPage(input: { header: CaseHeader; notes: Note[]; canWrite: boolean }) {
  const { header } = input;
  return {
    title: `Case notes – ${header.reference}`,
    reference: header.reference,
    caseHref: `/cases/${header.id}`,
    status: STATE_LABELS[header.status],
    writeHref: input.canWrite ? noteUrls.form(header.id) : null,
    notes: input.notes.map((n) => ({
      title: `${formatDate(n.current.notedOn)}: ${labelOf(NOTE_KINDS, n.current.kind)}`,
      actions: {
        items: [
          {
            href: noteUrls.note(header.id, n.id),
            text: n.version > 1 ? 'View versions' : 'View',
            visuallyHiddenText: ` of the note of ${formatDate(n.current.notedOn)}`,
          },
        ],
      },
      rows: [
        { key: { text: 'Note' }, value: multilineValue(n.current.body) },
        summaryRow('Written', `${n.createdBy}, ${formatDateTime(n.createdAt)}.${amendedText(n)}`),
      ],
    })),
  };
}

function versionRows(v: NoteVersion) {
  return [
    summaryRow('Date', formatDate(v.notedOn)),
    summaryRow('Kind', labelOf(NOTE_KINDS, v.kind)),
    { key: { text: 'Note' }, value: multilineValue(v.body) },
    ...(v.reason ? [summaryRow('Reason for amending', v.reason)] : []),
    summaryRow('Written by', `${v.writtenBy}, ${formatDateTime(v.writtenAt)}`),
  ];
}

/** One note and every version of it, newest first: the original stays readable. */
export function notePage(input: {
  header: CaseHeader;
  note: Note;
  versions: NoteVersion[];
  canAmend: boolean;
  canRectify?: boolean;
  rectifications?: Rectification[];
}) {
  const { header, note } = input;
  return {
    title: `Case note – ${header.reference}`,
    reference: header.reference,
    backHref: noteUrls.list(header.id),
    amendHref: input.canAmend ? noteUrls.amend(header.id, note.id) : null,
    rectifyHref: input.canRectify ? rectifyUrl(header.id, note.id) : null,
    ...rectificationSection(input.rectifications ?? []),
    versions: input.versions.map((v) => ({
      title:
        v.version === 1
          ? input.versions.length > 1
            ? 'Version 1 (original)'
            : 'Note'
          : `Version ${v.version}${v.version === note.version ? ' (current)' : ''}`,
      rows: versionRows(v),
    })),
  };
}

const radios = (selected: string | undefined) =>
  NOTE_KINDS.map((k) => ({ value: k.code, text: k.label, checked: k.code === selected }));

/** The form to write a note, or to amend one (with a reason). */
export function noteFormPage(input: {
  header: CaseHeader;
  today: string;
  note?: Note;
  values?: Record<string, string>;
  errors?: FormErrors;
}) {
  const { header, note } = input;
  const errors = input.errors ?? noErrors;
  const v =
    input.values ??
    (note
      ? {
          ...Object.fromEntries(
            Object.entries(dateParts(note.current.notedOn)).map(([k, x]) => [`notedOn-${k}`, x]),
          ),
          kind: note.current.kind,
          body: note.current.body,
          version: String(note.version),
        }
      : undefined);
  const dateError = dateErrorOf(errors.byField, 'notedOn');
  return {
    title: note ? 'Amend a case note' : 'Write a case note',
    caption: header.reference,
    amending: Boolean(note),
    action: note ? noteUrls.amend(header.id, note.id) : noteUrls.create(header.id),
    backHref: note ? noteUrls.note(header.id, note.id) : noteUrls.list(header.id),
    submitText: note ? 'Save amendment' : 'Save note',
    version: v?.version ?? String(header.version),
    errorSummary: errors.summary,
    errors: errors.byField,
    dateError,
    dateItems: dateItems(v, 'notedOn', dateParts(input.today), dateError !== undefined),
    kinds: radios(v?.kind),
    values: { body: v?.body ?? '', reason: v?.reason ?? '' },
  };
}

/** The notes panel of the case page (section "Contacts and notes"). */
export function notesSection(caseId: string, notes: Note[], canWrite: boolean) {
  return {
    count: notes.length,
    listHref: noteUrls.list(caseId),
    writeHref: canWrite ? noteUrls.form(caseId) : null,
    rows: notes.slice(0, 5).map((n) => [
      { text: formatDate(n.current.notedOn) },
      { text: labelOf(NOTE_KINDS, n.current.kind) },
      { text: n.createdBy },
      {
        html: `<a class="govuk-link" href="${noteUrls.note(caseId, n.id)}">${n.version > 1 ? 'Amended' : 'View'}<span class="govuk-visually-hidden"> note of ${formatDate(n.current.notedOn)}</span></a>`,
      },
    ]),
  };
}
