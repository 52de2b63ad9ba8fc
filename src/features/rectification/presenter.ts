import type { CaseHeader } from '../../access/case-context.ts';
import { dateParts } from '../../domain/dates.ts';
import {
  RECTIFIABLE_KINDS,
  RECTIFICATION_OUTCOMES,
  isRestricted,
  restrictedNotice,
  type RecordKind,
} from '../../domain/rectification.ts';
import { labelOf } from '../../domain/reference/list.ts';
import { summaryRow } from '../../web/conflict.ts';
import { formatDate, formatDateTime, multilineValue } from '../../web/format.ts';
import { dateErrorOf, dateItems } from '../../web/form-parts.ts';
import { noErrors, type FormErrors } from '../../web/forms.ts';
import type { RectifiableRecord } from './records.ts';
import type { Rectification } from './service.ts';

/** Where a record's correction request is answered: notes keep their own address. */
export function rectifyUrl(caseId: string, recordId: string, kind: RecordKind = 'note'): string {
  if (kind === 'note') return `/cases/${caseId}/notes/${recordId}/rectify`;
  // Police content is answered on the police side's pages, health records on the case's.
  const side = RECTIFIABLE_KINDS[kind].compartment === 'police' ? 'requests' : 'cases';
  return `/${side}/${caseId}/rectify/${kind}/${recordId}`;
}

const NEW_VERSION_TEXT: Partial<Record<RecordKind, string>> = {
  formulation:
    'Correcting it starts a new version from this one, with your reason: change what is wrong in the new version and have it signed off as any other. This version stays as it was.',
  plan: 'Correcting it starts a new version of the plan from this one, with your reason: change what is wrong in its needs and actions. This version stays as it was.',
};

/** The correction request form on a record, with what it says now and its earlier answers. */
export function rectifyFormPage(input: {
  kind?: RecordKind;
  header: CaseHeader;
  today: string;
  record: Pick<RectifiableRecord, 'id' | 'version' | 'text'> & Partial<RectifiableRecord>;
  rectifications?: Rectification[];
  /** Whether the viewer may answer (the domain rule): others read the requests only. */
  canAnswer?: boolean;
  values?: Record<string, string>;
  errors?: FormErrors;
}) {
  const kind = input.kind ?? 'note';
  const { header, record } = input;
  const spec = RECTIFIABLE_KINDS[kind];
  const errors = input.errors ?? noErrors;
  const v = input.values ?? { body: record.text ?? '', version: String(record.version) };
  const dateError = dateErrorOf(errors.byField, 'requestedOn');
  const canAnswer = input.canAnswer ?? true;
  return {
    title: canAnswer ? 'Answer a correction request' : 'Correction requests',
    canAnswer,
    caption: `${header.reference}${record.label ? `: ${record.label}` : ''}`,
    action: rectifyUrl(header.id, record.id, kind),
    backHref: record.href ?? `/cases/${header.id}/notes/${record.id}`,
    noun: spec.noun,
    asText: spec.mode === 'text',
    textLabel: spec.textLabel,
    newVersionText: NEW_VERSION_TEXT[kind] ?? null,
    current: kind !== 'note' && record.text ? multilineValue(record.text) : null,
    ...(kind === 'note' ? {} : rectificationSection(input.rectifications ?? [], kind)),
    version: v.version ?? String(record.version),
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

/**
 * What a record's page shows of its correction requests: the restriction notice, and each
 * answer (with the text as it was, for a correction made in place).
 */
export function rectificationSection(rectifications: Rectification[], kind: RecordKind = 'note') {
  return {
    restrictedNotice: isRestricted(rectifications.map((r) => r.outcome))
      ? restrictedNotice(kind)
      : null,
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
        ...(r.previousText
          ? [{ key: { text: 'As it was before' }, value: multilineValue(r.previousText) }]
          : []),
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
