import type { CaseHeader } from '../../access/case-context.ts';
import { dateParts } from '../../domain/dates.ts';
import {
  RECTIFICATION_OUTCOMES,
  RESTRICTED_NOTICE,
  isRestricted,
} from '../../domain/rectification.ts';
import { labelOf } from '../../domain/reference/list.ts';
import { summaryRow } from '../../web/conflict.ts';
import { formatDate, formatDateTime, multilineValue } from '../../web/format.ts';
import { dateErrorOf, dateItems } from '../../web/form-parts.ts';
import { noErrors, type FormErrors } from '../../web/forms.ts';
import type { Rectification } from './service.ts';

export const rectifyUrl = (caseId: string, noteId: string) =>
  `/cases/${caseId}/notes/${noteId}/rectify`;

/** The correction request form on a note. */
export function rectifyFormPage(input: {
  header: CaseHeader;
  today: string;
  note: { id: string; version: number; body: string };
  values?: Record<string, string>;
  errors?: FormErrors;
}) {
  const { header, note } = input;
  const errors = input.errors ?? noErrors;
  const v = input.values ?? { body: note.body, version: String(note.version) };
  const dateError = dateErrorOf(errors.byField, 'requestedOn');
  return {
    title: 'Answer a correction request',
    caption: header.reference,
    action: rectifyUrl(header.id, note.id),
    backHref: `/cases/${header.id}/notes/${note.id}`,
    version: v.version ?? String(note.version),
    errorSummary: errors.summary,
    errors: errors.byField,
    dateError,
    dateItems: dateItems(v, 'requestedOn', dateParts(input.today), dateError !== undefined),
    outcome: v.outcome ?? '',
    outcomes: RECTIFICATION_OUTCOMES,
    values: {
      request: v.request ?? '',
      body: v.body ?? '',
      reason: v.reason ?? '',
      annotation: v.annotation ?? '',
      statement: v.statement ?? '',
    },
  };
}

/** What the note page shows of its correction requests: the restriction notice, and each answer. */
export function rectificationSection(rectifications: Rectification[]) {
  return {
    restrictedNotice: isRestricted(rectifications.map((r) => r.outcome)) ? RESTRICTED_NOTICE : null,
    rectifications: rectifications.map((r) => ({
      title: `Correction request of ${formatDate(r.requestedOn)}`,
      rows: [
        { key: { text: 'What the person says is inaccurate' }, value: multilineValue(r.request) },
        summaryRow(
          'Answer',
          r.correctedVersion
            ? `Corrected (version ${r.correctedVersion})`
            : labelOf(RECTIFICATION_OUTCOMES, r.outcome),
        ),
        ...(r.annotation
          ? [{ key: { text: 'Annotation' }, value: multilineValue(r.annotation) }]
          : []),
        ...(r.statement
          ? [{ key: { text: "The person's statement" }, value: multilineValue(r.statement) }]
          : []),
        summaryRow('Answered by', `${r.decidedBy}, ${formatDateTime(r.decidedAt)}`),
      ],
    })),
  };
}
