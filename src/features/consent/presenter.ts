import {
  CONSENT_METHOD_LABELS,
  CONSENT_STATUS_LABELS,
  CONSENT_STATUSES,
  LAWFUL_BASES,
} from '../../domain/consent.ts';
import type { FormErrors } from '../../web/forms.ts';
import type { CaseHeader } from '../../access/case-context.ts';
import { formatDateTime } from '../../web/case-format.ts';
import type { ConsentEntry, LawfulBasisEntry } from './service.ts';

export const consentStatusText = (history: ConsentEntry[]): string => {
  const last = history.at(-1);
  return last ? CONSENT_STATUS_LABELS[last.status] : CONSENT_STATUS_LABELS.not_yet_sought;
};

/** The history as table rows, newest first. */
export function consentRows(history: ConsentEntry[]) {
  return [...history]
    .reverse()
    .map((entry) => [
      { text: CONSENT_STATUS_LABELS[entry.status] },
      { text: entry.method ? CONSENT_METHOD_LABELS[entry.method] : '' },
      { text: entry.decidedAt ? formatDateTime(entry.decidedAt) : '' },
      { text: entry.bestInterestsBy ?? '' },
      { text: entry.note ?? '' },
      { text: `${entry.recordedBy}, ${formatDateTime(entry.recordedAt)}` },
    ]);
}

export const lawfulBasisLabel = (code: string): string =>
  LAWFUL_BASES.find((b) => b.code === code)?.label ?? code;

export function lawfulBasisRows(history: LawfulBasisEntry[]) {
  return [...history]
    .reverse()
    .map((entry) => [
      { text: entry.codes.map(lawfulBasisLabel).join('; ') },
      { text: `${entry.recordedBy}, ${formatDateTime(entry.recordedAt)}` },
    ]);
}

export function consentPage(input: {
  header: CaseHeader;
  history: ConsentEntry[];
  /** The consent history's version the form is opened on (its own, not the case's). */
  version: number;
  values?: Record<string, string>;
  errors?: FormErrors;
}) {
  const values = input.values ?? {};
  return {
    title: `Consent for ${input.header.reference}`,
    caseId: input.header.id,
    reference: input.header.reference,
    version: String(input.version),
    current: consentStatusText(input.history),
    historyRows: consentRows(input.history),
    statuses: CONSENT_STATUSES.map((s) => ({ value: s, text: CONSENT_STATUS_LABELS[s] })),
    methods: Object.entries(CONSENT_METHOD_LABELS).map(([value, text]) => ({
      value,
      text,
      checked: values.method === value,
    })),
    values,
    errorSummary: input.errors?.summary ?? [],
    errors: input.errors?.byField ?? {},
  };
}

export function lawfulBasisPage(input: {
  header: CaseHeader;
  history: LawfulBasisEntry[];
  /** The lawful basis history's version the form is opened on. */
  version: number;
  values?: { codes: string[] };
  errors?: FormErrors;
}) {
  const chosen = input.values?.codes ?? input.history.at(-1)?.codes ?? [];
  return {
    title: `Lawful basis for ${input.header.reference}`,
    caseId: input.header.id,
    reference: input.header.reference,
    version: String(input.version),
    items: LAWFUL_BASES.map((b) => ({
      value: b.code,
      text: b.label,
      checked: chosen.includes(b.code),
    })),
    historyRows: lawfulBasisRows(input.history),
    errorSummary: input.errors?.summary ?? [],
    errors: input.errors?.byField ?? {},
  };
}
