import { TABLE_COMPARTMENTS, type CaseTable } from './compartments.ts';
import type { RetentionClock } from './retention.ts';
import type { Role } from './roles.ts';

/**
 * Disposal at the end of retention (GOVERNANCE.md, Retention; docs/records.md), pure.
 *
 * Which records a clock covers is TABLE_COMPARTMENTS: the health clock every health table, the
 * police clock every police table. For each of them ERASURE says how its rows of a case are
 * found and which of its text columns are content (erased) and which are codes (kept, because
 * the published statistics read them, or because they say nothing about the person). The
 * record types make the lists complete: a table added to TABLE_COMPARTMENTS without a rule here
 * does not compile, and test/disposal-coverage.test.ts fails when a text, JSON or bytea column
 * of one of these tables is in neither list.
 */

type TablesOf<C> = {
  [T in CaseTable]: (typeof TABLE_COMPARTMENTS)[T] extends C ? T : never;
}[CaseTable];
export type HealthTable = TablesOf<'health'>;
export type PoliceTable = TablesOf<'police'>;
export type DisposableTable = HealthTable | PoliceTable;

export interface ErasureRule {
  /** The table's rows of a case: by its own case_id, or through the parent's. */
  via: 'case_id' | { column: string; parent: DisposableTable };
  /** Content: overwritten by DISPOSED_TEXT (a null stays null). */
  erase: readonly string[];
  /** Codes and references kept (the statistics read some of them). */
  keep: readonly string[];
  /** Columns naming stored document contents whose bytes are removed. */
  contents?: readonly string[];
}

/** What an erased text column holds afterwards. */
export const DISPOSED_TEXT = 'Disposed of';

const byCase = (erase: string[], keep: string[] = [], contents?: string[]): ErasureRule => ({
  via: 'case_id',
  erase,
  keep,
  ...(contents ? { contents } : {}),
});
const through = (
  column: string,
  parent: DisposableTable,
  erase: string[],
  keep: string[] = [],
): ErasureRule => ({ via: { column, parent }, erase, keep });

export const ERASURE: Record<DisposableTable, ErasureRule> = {
  // Health: everything clinical.
  triage_decisions: byCase(['rationale', 'signposting', 'diverted_to'], ['decision']),
  consents: byCase(['best_interests_by', 'note'], ['status', 'method']),
  lawful_bases: byCase([], ['codes']),
  allocations: byCase([], ['role']),
  formulations: byCase(
    [
      'presenting',
      'predisposing',
      'precipitating',
      'perpetuating',
      'protective',
      'presentation_other',
      'review_reason',
      'return_reason',
    ],
    [
      'template_id',
      'template_version',
      'status',
      'primary_vulnerability',
      'presentations',
      'mainstream_relation',
      'additional_needs',
    ],
  ),
  formulation_factors: through(
    'formulation_id',
    'formulations',
    ['evidence'],
    ['domain_code', 'factor_code', 'presence', 'relevance'],
  ),
  formulation_scenarios: through('formulation_id', 'formulations', [
    'description',
    'triggers',
    'warning_signs',
  ]),
  plans: byCase([]),
  plan_actions: through(
    'plan_id',
    'plans',
    ['description', 'agency', 'owner', 'not_achieved_reason'],
    ['service_type', 'status', 'source'],
  ),
  plan_needs: through('plan_id', 'plans', ['description'], ['category']),
  plan_reviews: through('plan_id', 'plans', ['progress', 'changes']),
  liaison_contacts: byCase(['organisation', 'summary'], ['agency_type', 'direction', 'purpose']),
  meetings: byCase(['vss_contribution'], ['meeting_type']),
  meeting_attendees: through('meeting_id', 'meetings', ['name', 'agency']),
  meeting_actions: through('meeting_id', 'meetings', ['description', 'owner']),
  case_notes: byCase([]),
  case_note_versions: through('note_id', 'case_notes', ['body', 'reason'], ['kind']),
  case_reopenings: byCase(['reason'], ['closure_outcome']),
  record_rectifications: byCase(
    ['request', 'previous_text', 'annotation', 'statement'],
    ['record_kind', 'outcome'],
  ),
  contacts: byCase(
    ['place', 'with_whom', 'summary', 'follow_up'],
    ['kind', 'method', 'status', 'cancelled_by'],
  ),
  closure_requests: byCase(['summary', 'closing_notes', 'return_reason'], ['outcome', 'decision']),
  health_documents: byCase(['title', 'source'], ['kind'], ['content_id']),
  disclosures: byCase(
    [
      'summary',
      'purpose',
      'necessity',
      'consent_note',
      'person_told_note',
      'refusal_reason',
      'withdrawal_reason',
    ],
    ['direction', 'status', 'legal_basis', 'consent', 'person_told'],
  ),
  disclosure_items: through(
    'disclosure_id',
    'disclosures',
    ['label', 'body'],
    ['source', 'source_table'],
  ),
  disclosure_external_recipients: {
    ...through(
      'disclosure_id',
      'disclosures',
      ['organisation', 'team', 'person', 'address'],
      ['method'],
    ),
    contents: ['letter_content_id'],
  },
  subject_access_health_items: byCase(
    ['body', 'reason', 'released_text'],
    ['source_table', 'source_id', 'decision', 'ground'],
  ),
  // Police-provided content.
  // Who followed the request before a reassignment: user ids only, nothing to erase.
  request_reassignments: byCase([]),
  support_requests: byCase(
    [
      'pcmt_reference',
      'channel_reference',
      'concerns_seen',
      'support_reason',
      'gp_practice',
      'mental_health_team',
      'urgency_reason',
    ],
    ['prevent_stage', 'referral_sector', 'concern_type', 'person_aware'],
  ),
  police_updates: byCase(['body']),
  police_rectifications: byCase(
    ['request', 'previous_text', 'annotation', 'statement'],
    ['record_kind', 'outcome'],
  ),
  closure_feedback: byCase(['comment']),
  police_documents: byCase(['title', 'source'], ['kind'], ['content_id']),
  subject_access_police_items: byCase(
    ['body', 'reason', 'released_text'],
    ['source_table', 'source_id', 'decision', 'ground'],
  ),
};

/** The tables a clock's disposal erases, parents before their parts. */
export function tablesDisposedBy(clock: RetentionClock): DisposableTable[] {
  return (Object.keys(ERASURE) as DisposableTable[]).filter(
    (table) => TABLE_COMPARTMENTS[table] === clock,
  );
}

/**
 * The released copies a clock's disposal erases, by the direction they crossed: what left the
 * health side (to police, or to a service outside Cicero) belongs to the health record, what
 * police shared with the hub to the police content.
 */
export const RELEASED_DIRECTIONS: Record<RetentionClock, readonly string[]> = {
  health: ['health_to_police', 'health_to_external'],
  police: ['police_to_health'],
};
export const RELEASED_ITEMS_ERASE = ['label', 'body'] as const;

/**
 * The police-provided details of the person, erased with the police content only when no
 * other case (another episode) is of the same person; the codes the statistics read (date of
 * birth, gender, ethnicity) stay.
 */
export const PERSON_ERASE = {
  required: ['given_name', 'family_name'],
  optional: [
    'other_names',
    'nhs_number',
    'postcode_district',
    'first_language',
    'communication_needs',
  ],
} as const;

/** A Caldicott Guardian role does not exist (yet): a second IG officer approves. */
export const DISPOSAL_APPROVER_ROLES: readonly Role[] = ['ig_officer'];

/** A clock may be proposed for disposal once its review is due. */
export const isDueForDisposal = (dueOn: string | null, today: string): boolean =>
  dueOn !== null && dueOn <= today;

export type ApprovalRefusal = 'not_an_approver' | 'own_proposal' | 'not_proposed' | 'not_due';

/**
 * Who may approve a proposed disposal: an approver (IG officer) other than the one who proposed
 * it, while the proposal stands and the clock is still due. The fresh security code is checked
 * by the caller (it is a fact of the session, not of the proposal).
 */
export function disposalApproval(input: {
  approverId: string;
  approverRoles: readonly Role[];
  proposerId: string;
  status: 'proposed' | 'disposed' | 'withdrawn';
  dueOn: string | null;
  today: string;
}): { ok: true } | { ok: false; reason: ApprovalRefusal } {
  if (!input.approverRoles.some((role) => DISPOSAL_APPROVER_ROLES.includes(role))) {
    return { ok: false, reason: 'not_an_approver' };
  }
  if (input.status !== 'proposed') return { ok: false, reason: 'not_proposed' };
  if (input.approverId === input.proposerId) return { ok: false, reason: 'own_proposal' };
  if (!isDueForDisposal(input.dueOn, input.today)) return { ok: false, reason: 'not_due' };
  return { ok: true };
}
