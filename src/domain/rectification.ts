import type { CaseTable, Compartment } from './compartments.ts';

/**
 * Rectification (UK GDPR Art 16, issue 15) of any record a person may dispute: a case note, a
 * contact's summary, a liaison record, a formulation, a care plan, and in the police
 * compartment the request's details and police updates. Its author or the lead of its side
 * answers the request in one of two ways:
 * - corrected: a new version with the reason (the earlier versions stay readable to those who
 *   could read them: nothing is overwritten without the old text being kept);
 * - annotated: the record must stand as written (a clinical opinion held at the time, say), so
 *   an annotation says why and the record becomes restricted.
 * Either way the person's own statement can be attached as text.
 *
 * Restricted means: shown only with a notice and the annotations beside it, and never released
 * (not in a disclosure, an export, a FHIR record or a subject access bundle). Pure: no I/O.
 */

export const RECTIFICATION_OUTCOMES = [
  { code: 'corrected', label: 'Correct the record' },
  { code: 'annotated', label: 'The record must stand: annotate and restrict it' },
] as const;
export type RectificationOutcome = (typeof RECTIFICATION_OUTCOMES)[number]['code'];

/**
 * How a correction writes the new version:
 * - text: the corrected text is given on the form (notes keep versions in their own table,
 *   other records keep the text as it was on the rectification);
 * - new_version: a new version of the whole record starts from the one disputed, with the
 *   reason (a formulation's is signed off as any other; a plan's needs and actions are then
 *   corrected on the plan's own pages).
 */
export type CorrectionMode = 'text' | 'new_version';

export interface RectifiableKind {
  /** Which compartment the record, and its rectifications, belong to. */
  compartment: Extract<Compartment, 'health' | 'police'>;
  /** The table of the record's rows (a support request's row is keyed by its case). */
  table: CaseTable;
  /** The record as a sentence names it: "this contact". */
  noun: string;
  /** What the corrected text is, when the form asks for it. */
  textLabel: string;
  mode: CorrectionMode;
}

export const RECTIFIABLE_KINDS = {
  note: {
    table: 'case_notes',
    compartment: 'health',
    noun: 'note',
    textLabel: 'Corrected note',
    mode: 'text',
  },
  contact: {
    table: 'contacts',
    compartment: 'health',
    noun: 'contact',
    textLabel: 'Corrected summary of the contact',
    mode: 'text',
  },
  liaison: {
    table: 'liaison_contacts',
    compartment: 'health',
    noun: 'liaison record',
    textLabel: 'Corrected summary of the liaison',
    mode: 'text',
  },
  formulation: {
    table: 'formulations',
    compartment: 'health',
    noun: 'formulation',
    textLabel: '',
    mode: 'new_version',
  },
  plan: {
    table: 'plans',
    compartment: 'health',
    noun: 'care plan',
    textLabel: '',
    mode: 'new_version',
  },
  police_request: {
    table: 'support_requests',
    compartment: 'police',
    noun: 'request',
    textLabel: 'Corrected concerns seen',
    mode: 'text',
  },
  police_update: {
    table: 'police_updates',
    compartment: 'police',
    noun: 'police update',
    textLabel: 'Corrected update',
    mode: 'text',
  },
} as const satisfies Record<string, RectifiableKind>;
export type RecordKind = keyof typeof RECTIFIABLE_KINDS;
export const RECORD_KINDS = Object.keys(RECTIFIABLE_KINDS) as RecordKind[];

/** The kinds of one compartment: the routes and tables of each side hold only their own. */
export const kindsOf = (compartment: 'health' | 'police'): RecordKind[] =>
  RECORD_KINDS.filter((k) => RECTIFIABLE_KINDS[k].compartment === compartment);

export const isRecordKind = (value: unknown): value is RecordKind =>
  typeof value === 'string' && Object.hasOwn(RECTIFIABLE_KINDS, value);

export const notAuthorOrLead = (kind: RecordKind): string =>
  RECTIFIABLE_KINDS[kind].compartment === 'police'
    ? `Only the ${RECTIFIABLE_KINDS[kind].noun}'s author or the police lead can answer a correction request.`
    : `Only the ${RECTIFIABLE_KINDS[kind].noun}'s author or the hub lead can answer a correction request.`;

/** Kept for the notes' pages and tests. */
export const NOT_AUTHOR_OR_LEAD = notAuthorOrLead('note');

/**
 * Who may answer a correction request on a record: its author, or the lead of the record's
 * own side: the hub lead for health records, the police lead for police content. The hub lead
 * never answers for police content, nor the police lead for health records.
 */
export function rectificationRefusal(input: {
  kind?: RecordKind;
  userId: string;
  authorId: string;
  hubLead: boolean;
  policeLead?: boolean;
}): string | null {
  const kind = input.kind ?? 'note';
  const lead =
    RECTIFIABLE_KINDS[kind].compartment === 'police' ? input.policeLead === true : input.hubLead;
  return lead || input.userId === input.authorId ? null : notAuthorOrLead(kind);
}

/** A record is restricted once any correction request on it was answered by an annotation. */
export const isRestricted = (outcomes: readonly RectificationOutcome[]): boolean =>
  outcomes.includes('annotated');

/** The notice a restricted record is shown with. */
export const restrictedNotice = (kind: RecordKind): string =>
  `Restricted: the person disputes the accuracy of this ${RECTIFIABLE_KINDS[kind].noun}. It stands as written, with the annotation below, and is never released.`;
export const RESTRICTED_NOTICE = restrictedNotice('note');

/** The reason recorded on the version a correction writes. */
export const correctionReason = (reason: string): string =>
  `Corrected at the person's request: ${reason}`.slice(0, 1000);

/**
 * The restricted records of a case as `table:id` keys (a restricted plan's needs and actions
 * are restricted with it). What releases records (disclosures, FHIR, PDFs, exports) asks
 * `isWithheld` of each row it would release, with the row's own table and id.
 */
export type RestrictedRecords = ReadonlySet<string>;
/** What an export says in place of a restricted record's text it cannot leave out. */
export const WITHHELD_TEXT = 'Withheld: restricted after a correction request.';
export const restrictedKey = (table: CaseTable, id: string): string => `${table}:${id}`;
export const isWithheld = (
  restricted: RestrictedRecords,
  table: string,
  id: string | null,
): boolean => id !== null && restricted.has(`${table}:${id}`);
