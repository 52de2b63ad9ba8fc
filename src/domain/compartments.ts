import type { Role } from './roles.ts';

/**
 * The three compartments of case information (PRODUCT.md "Information is kept in three
 * compartments") and who may see which. Services apply this before they query: a police
 * user's query never selects from a health table. The mapping of tables to compartments is
 * declared once here so a new table cannot be added without deciding where it belongs.
 */

export const COMPARTMENTS = ['police', 'health', 'shared'] as const;
export type Compartment = (typeof COMPARTMENTS)[number];

/** Facts about the viewer and one case, looked up by the service. */
export interface CaseRelation {
  /** The viewer belongs to the hub the case belongs to. */
  sameHub: boolean;
  /** The viewer is the case officer who made the request. */
  requestingCaseOfficer: boolean;
  /** The viewer is one of the clinicians the case is allocated to. */
  allocatedClinician: boolean;
  /** The viewer recorded a reason for opening this case outside their allocation. */
  recordedReason: boolean;
  /** The viewer is a named recipient of at least one item released from this case. */
  namedRecipient: boolean;
}

/**
 * Released items are shared, but each is addressed to named recipients (need to know): police
 * users see only those addressed to them; the case's clinicians (allocated, or with a recorded
 * reason) and the hub lead see them all, as copies of the hub's own record that already
 * crossed to police. Another clinician of the hub sees only what was addressed to them, which
 * includes what police shared with the hub's clinical team, never a copy of health information
 * released to police (they may not read its source either).
 */
export type ReleasedItemsAccess = 'none' | 'addressed_to_viewer' | 'all';

export interface Visibility {
  police: boolean;
  health: boolean;
  /** Status, advice to the case officer, closure summary. */
  shared: boolean;
  releasedItems: ReleasedItemsAccess;
}

export const NOTHING: Visibility = Object.freeze({
  police: false,
  health: false,
  shared: false,
  releasedItems: 'none',
});

const see = (compartments: Compartment[], releasedItems: ReleasedItemsAccess): Visibility => ({
  police: compartments.includes('police'),
  health: compartments.includes('health'),
  shared: compartments.includes('shared'),
  releasedItems,
});

/**
 * A disclosure decision naming the viewer established their need to know, so they see what
 * was addressed to them even without another relation to the case, unless their role may
 * see no case content at all.
 */
const recipientOnly = (relation: CaseRelation): Visibility =>
  relation.namedRecipient ? see([], 'addressed_to_viewer') : NOTHING;

function visibilityForRole(role: Role, relation: CaseRelation): Visibility {
  switch (role) {
    case 'case_officer':
      // Their own request, wherever they work now; never another officer's.
      return relation.requestingCaseOfficer
        ? see(['police', 'shared'], 'addressed_to_viewer')
        : recipientOnly(relation);
    case 'police_lead':
      return relation.sameHub
        ? see(['police', 'shared'], 'addressed_to_viewer')
        : recipientOnly(relation);
    case 'clinician':
      // The request is itself the police-to-health disclosure to the hub's clinicians.
      if (!relation.sameHub) return recipientOnly(relation);
      return relation.allocatedClinician || relation.recordedReason
        ? see(['police', 'health', 'shared'], 'all')
        : see(['police', 'shared'], 'addressed_to_viewer');
    case 'senior_clinician':
      // Adds sign-off only, and is held with `clinician`, which decides what they see of a case.
      // Reading a submitted formulation to sign it off is the sign-off page's own rule
      // (maySignOff in formulation.ts), not a view of the health record.
      return NOTHING;
    case 'hub_lead':
      return relation.sameHub
        ? see(['police', 'health', 'shared'], 'all')
        : recipientOnly(relation);
    case 'analyst': // statistics only, never a record
    case 'ig_officer': // audit and access logs, never case content
    case 'admin': // service desk, never case content
      return NOTHING;
  }
}

const RELEASED_ORDER: readonly ReleasedItemsAccess[] = ['none', 'addressed_to_viewer', 'all'];

/** What either of two views shows. */
export const unionVisibility = (a: Visibility, b: Visibility): Visibility => ({
  police: a.police || b.police,
  health: a.health || b.health,
  shared: a.shared || b.shared,
  releasedItems:
    RELEASED_ORDER.indexOf(a.releasedItems) >= RELEASED_ORDER.indexOf(b.releasedItems)
      ? a.releasedItems
      : b.releasedItems,
});

/** What a viewer holding these roles may see of a case: the union over their roles. */
export function visibleCompartments(roles: readonly Role[], relation: CaseRelation): Visibility {
  return roles.map((role) => visibilityForRole(role, relation)).reduce(unionVisibility, NOTHING);
}

/** Whether the case may be opened at all (otherwise: 404 and an audit row). */
export const seesAnything = (visibility: Visibility): boolean =>
  visibility.police ||
  visibility.health ||
  visibility.shared ||
  visibility.releasedItems !== 'none';

/**
 * Every table holding case content, with its compartment. `allocations` is health: who is
 * allocated, and their profession (a psychiatrist, say), says something about the clinical
 * picture; case officers learn their contact from the advice and closure summary instead.
 * `released_items` is shared but filtered per recipient (see ReleasedItemsAccess).
 * `closure_requests` is health: it holds the closing notes, and its summary for the case
 * officer is a draft until approval copies it into `closure_summaries`. `closure_feedback` is
 * what the case officer said, so police. A disclosure decision and the items chosen are the
 * hub's record of its decision (health); only the copies written to `released_items` when it
 * takes effect cross to police. `disclosure_recipients` (who each decision names, by user id,
 * with the need-to-know reason) is shared: it decides which released items a police user sees.
 */
export const TABLE_COMPARTMENTS = {
  support_requests: 'police',
  police_updates: 'police',
  closure_feedback: 'police',
  police_documents: 'police',
  // Issue 16: which case officer followed a request before a police lead reassigned it (0201).
  request_reassignments: 'police',
  police_rectifications: 'police',
  triage_decisions: 'health',
  consents: 'health',
  lawful_bases: 'health',
  allocations: 'health',
  formulations: 'health',
  formulation_factors: 'health',
  formulation_scenarios: 'health',
  plans: 'health',
  plan_actions: 'health',
  plan_needs: 'health',
  plan_reviews: 'health',
  liaison_contacts: 'health',
  meetings: 'health',
  meeting_attendees: 'health',
  meeting_actions: 'health',
  case_notes: 'health',
  case_note_versions: 'health',
  // Issue 15: a reopening's reason, and answers to correction requests on health records
  // (0170, 0171, 0185); those on police content are police records.
  case_reopenings: 'health',
  record_rectifications: 'health',
  contacts: 'health',
  closure_requests: 'health',
  health_documents: 'health',
  disclosures: 'health',
  disclosure_items: 'health',
  disclosure_external_recipients: 'health',
  // Issue 15: the records gathered for a subject access request, as they stood (0180): each
  // controller's copies in its own compartment, erased with their clock at disposal.
  subject_access_health_items: 'health',
  subject_access_police_items: 'police',
  cases: 'shared',
  advice: 'shared',
  closure_summaries: 'shared',
  released_items: 'shared',
  disclosure_recipients: 'shared',
} as const satisfies Record<string, Compartment>;

export type CaseTable = keyof typeof TABLE_COMPARTMENTS;

export const isCaseTable = (name: string): name is CaseTable =>
  Object.prototype.hasOwnProperty.call(TABLE_COMPARTMENTS, name);

/** The compartment of a table; an undeclared table is a programming error, not a default. */
export function compartmentOfTable(name: string): Compartment {
  if (!isCaseTable(name)) {
    throw new Error(
      `Table "${name}" has no declared compartment: add it to TABLE_COMPARTMENTS in src/domain/compartments.ts`,
    );
  }
  return TABLE_COMPARTMENTS[name];
}

export const tablesOf = (compartment: Compartment): CaseTable[] =>
  (Object.keys(TABLE_COMPARTMENTS) as CaseTable[]).filter(
    (table) => TABLE_COMPARTMENTS[table] === compartment,
  );
