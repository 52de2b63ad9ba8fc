import type { Compartment } from './compartments.ts';
import { daysInMonth } from './dates.ts';
import { ERASURE, tablesDisposedBy, type DisposableTable } from './disposal.ts';
import type { Permission } from './permissions.ts';

/**
 * Subject access requests (UK GDPR Art 15 for the NHS trust; DPA 2018 Part 3 s.45 for the
 * police force; GOVERNANCE.md "Access"; docs/records.md). Pure: no I/O.
 *
 * The IG officer registers a request with the controller(s) it is addressed to; Cicero gathers
 * the person's records of each controller (health content for the NHS trust, police content for
 * the police force); each item is reviewed by someone of that controller's side; the released
 * items become a bundle, and what was withheld stays on the request with its reason.
 */

export const SAR_CONTROLLERS = [
  { code: 'nhs', label: 'The NHS trust (health records)' },
  { code: 'police', label: 'The police force (police-provided records)' },
  { code: 'both', label: 'Both' },
] as const;
export type SarController = (typeof SAR_CONTROLLERS)[number]['code'];
/** One controller whose records are gathered and reviewed. */
export type ItemController = 'nhs' | 'police';

export const ITEM_CONTROLLER_LABELS: Record<ItemController, string> = {
  nhs: 'NHS trust',
  police: 'Police force',
};

export const IDENTITY_METHODS = [
  { code: 'photo_id', label: 'Photographic identity document seen' },
  { code: 'known_to_service', label: 'Known to the service and confirmed in person' },
  { code: 'documents_posted', label: 'Copies of documents sent with the request' },
  { code: 'representative', label: "Representative's authority and the person's identity" },
] as const;
export type IdentityMethod = (typeof IDENTITY_METHODS)[number]['code'];

/** The controllers a request is addressed to. */
export const controllersOf = (controller: SarController): ItemController[] =>
  controller === 'both' ? ['nhs', 'police'] : [controller];

/** Whose records a compartment's tables are: health content is the trust's, police content the force's. */
export const CONTROLLER_OF_COMPARTMENT: Partial<Record<Compartment, ItemController>> = {
  health: 'nhs',
  police: 'police',
};

/** Who reviews the items of each controller (src/domain/permissions.ts). */
export const REVIEW_PERMISSION: Record<ItemController, Permission> = {
  nhs: 'subject_access.review_health',
  police: 'subject_access.review_police',
};

/**
 * The date `months` calendar months after `iso` ('YYYY-MM-DD'): the same day of the month,
 * or the month's last day when it has no such day (31 January + 1 month = 28 or 29 February).
 */
export function addCalendarMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const day = Math.min(d, daysInMonth(year, month));
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The deadline: one calendar month from the day the request was received. */
export const sarDeadline = (receivedOn: string): string => addCalendarMonths(receivedOn, 1);

/** The longest extension: by up to two further months, so three months from receipt. */
export const latestExtendedDeadline = (receivedOn: string): string =>
  addCalendarMonths(receivedOn, 3);

/** The deadline in force: the extended one where there is one. */
export const dueOn = (request: { due_on: string; extended_to: string | null }): string =>
  request.extended_to ?? request.due_on;

/** Open and past its deadline. */
export const isOverdue = (due: string, today: string, completed: boolean): boolean =>
  !completed && due < today;

/** Why an extension to `to` cannot be made, or null when it can. */
export function extensionRefusal(input: {
  receivedOn: string;
  currentDue: string;
  to: string;
}): string | null {
  if (input.to <= input.currentDue) return 'The new deadline must be after the current deadline';
  if (input.to > latestExtendedDeadline(input.receivedOn)) {
    return 'The deadline can be extended by up to two months only';
  }
  return null;
}

/** What a reviewer decides about one item. */
export const REVIEW_DECISIONS = ['release', 'release_part', 'withhold'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/** Why an item, or part of it, is not released. */
export const WITHHOLD_GROUNDS = {
  serious_harm: 'Serious harm test: release would be likely to cause serious harm',
  third_party: "Another person's information, without their consent",
  s45_restriction: 'Restricted under the Data Protection Act 2018, section 45(4)',
  restricted_note: 'Restricted record: its accuracy is disputed and it is never released',
} as const;
export type WithholdGround = keyof typeof WITHHOLD_GROUNDS;

/** The grounds a reviewer of each controller may give (restricted notes are set at gathering). */
export const GROUNDS_FOR: Record<ItemController, readonly WithholdGround[]> = {
  nhs: ['serious_harm', 'third_party'],
  police: ['s45_restriction', 'third_party'],
};

/** What the bundle prints in place of a span the reviewer marked as a third party's. */
export const THIRD_PARTY_REMOVED = '[third party information removed]';

/**
 * The reviewer's partial release: the item's text as they edited it, where a span wrapped in
 * double square brackets ([[like this]]) is another person's information and is replaced by
 * THIRD_PARTY_REMOVED. Anything the reviewer deleted is simply not released. Unbalanced or
 * nested brackets are refused rather than guessed at.
 */
export function applyRedactions(
  text: string,
): { ok: true; text: string; marked: number } | { ok: false; message: string } {
  let out = '';
  let marked = 0;
  let rest = text;
  for (;;) {
    const open = rest.indexOf('[[');
    const close = rest.indexOf(']]');
    if (open < 0) {
      if (close >= 0) return { ok: false, message: 'A "]]" has no "[[" before it' };
      return { ok: true, text: out + rest, marked };
    }
    if (close >= 0 && close < open) return { ok: false, message: 'A "]]" has no "[[" before it' };
    const end = rest.indexOf(']]', open + 2);
    if (end < 0) return { ok: false, message: 'A "[[" has no "]]" after it' };
    if (rest.slice(open + 2, end).includes('[[')) {
      return { ok: false, message: 'Marked parts cannot be inside one another' };
    }
    out += rest.slice(0, open) + THIRD_PARTY_REMOVED;
    marked += 1;
    rest = rest.slice(end + 2);
  }
}

/** One gathered item's decision, as stored. */
export interface ItemReview {
  decision: ReviewDecision | null;
  releasedText: string | null;
}

/** What the bundle prints of an item: its text, the reviewer's partial text, or nothing. */
export function releasedTextOf(item: ItemReview & { body: string }): string | null {
  switch (item.decision) {
    case 'release':
      return item.body;
    case 'release_part':
      return item.releasedText;
    default:
      return null;
  }
}

/** The bundle can be produced once every gathered item has a decision (none gathered: a letter saying so). */
export const readyForBundle = (items: readonly { decision: ReviewDecision | null }[]): boolean =>
  items.every((item) => item.decision !== null);

/** The gathered items' own tables: never gathered again into another request. */
export const SAR_ITEM_TABLES = {
  nhs: 'subject_access_health_items',
  police: 'subject_access_police_items',
} as const satisfies Record<ItemController, string>;

/**
 * What each record is called in the review pages and the bundle, for every table a
 * controller's records may be gathered from (the tables of its compartment, with their content
 * columns as src/domain/disposal.ts ERASURE lists them): a table added there without a name
 * here does not compile.
 */
export const SOURCE_LABELS: Record<DisposableTable, string> = {
  triage_decisions: 'Triage decision',
  consents: 'Consent',
  lawful_bases: 'Lawful basis',
  allocations: 'Allocation',
  formulations: 'Formulation',
  formulation_factors: 'Formulation factor',
  formulation_scenarios: 'Formulation scenario',
  plans: 'Plan',
  plan_actions: 'Plan action',
  plan_needs: 'Plan need',
  plan_reviews: 'Plan review',
  liaison_contacts: 'Liaison contact',
  meetings: 'Meeting',
  meeting_attendees: 'Meeting attendee',
  meeting_actions: 'Meeting action',
  case_notes: 'Case note',
  case_note_versions: 'Case note',
  case_reopenings: 'Reopening of the case',
  record_rectifications: 'Correction request',
  police_rectifications: 'Correction request',
  contacts: 'Contact',
  closure_requests: 'Closure',
  health_documents: 'Clinical document (title and source)',
  disclosures: 'Disclosure decision',
  disclosure_items: 'Disclosed item',
  disclosure_external_recipients: 'Disclosure recipient outside the service',
  subject_access_health_items: 'Subject access item',
  support_requests: 'Request for support from the police',
  police_updates: 'Police update',
  closure_feedback: "Case officer's feedback at closure",
  police_documents: 'Police document (title and source)',
  subject_access_police_items: 'Subject access item',
  request_reassignments: 'Request passed to another case officer',
};

/** The tables a controller's records are gathered from: its compartment's tables with content. */
export function gatheredTables(controller: ItemController): DisposableTable[] {
  const own: readonly string[] = Object.values(SAR_ITEM_TABLES);
  return tablesDisposedBy(controller === 'nhs' ? 'health' : 'police').filter(
    (table) => ERASURE[table].erase.length > 0 && !own.includes(table),
  );
}

/** "with_whom" → "With whom". */
const fieldLabel = (column: string) =>
  column.charAt(0).toUpperCase() + column.slice(1).replace(/_/g, ' ');

/**
 * An item's text from a record's content columns: each non-empty one on its own line, named
 * when several are filled; null when the record holds no content.
 */
export function itemBody(columns: readonly string[], row: Record<string, unknown>): string | null {
  const filled = columns
    .map((column) => [column, row[column]] as const)
    .filter((pair): pair is readonly [string, string] => typeof pair[1] === 'string')
    .filter(([, value]) => value.trim() !== '');
  if (filled.length === 0) return null;
  if (filled.length === 1) return filled[0]![1];
  return filled.map(([column, value]) => `${fieldLabel(column)}: ${value}`).join('\n');
}

const DATE_KEYS = [
  'written_at',
  'recorded_at',
  'created_at',
  'submitted_at',
  'decided_at',
  'reviewed_at',
  'added_at',
  'requested_at',
  'answered_at',
  'reopened_at',
  'starts_at',
] as const;

/** When a record was made, from the first of its timestamp columns it has. */
export function recordedAtOf(row: Record<string, unknown>): string | null {
  for (const key of DATE_KEYS) {
    const value = row[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return null;
}
