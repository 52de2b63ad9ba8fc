import type { CaseState } from './case-state.ts';
import {
  unionVisibility,
  visibleCompartments,
  type CaseRelation,
  type Visibility,
} from './compartments.ts';
import { can, rolesIn, type RoleAssignment } from './permissions.ts';
import type { Role } from './roles.ts';

/**
 * The access core's rule: what one viewer may see and do on one case, from the roles they hold
 * in the case's hub, their relation to it and its state. Pure: the case context
 * (src/access/case-context.ts) looks the facts up in one query and every route and service
 * asks the answer, so no feature works access out from roles itself.
 */

/** Facts of the viewer and the case, looked up by the case context. */
export interface CaseAccessFacts {
  assignments: readonly RoleAssignment[];
  hubId: string;
  status: CaseState;
  /** The viewer is the case officer who made the request. */
  requestingCaseOfficer: boolean;
  /** The viewer is one of the clinicians the case is allocated to now. */
  allocatedClinician: boolean;
  /** The viewer recorded a reason for opening this case in this session. */
  recordedReason: boolean;
  /** The viewer is a named recipient of an item released from this case. */
  namedRecipient: boolean;
}

/** Everything a viewer may do on a case. Each is false unless a rule below makes it true. */
export interface CaseCapabilities {
  /** Police content: the request, police updates. */
  readPolice: boolean;
  /** Shared content: status, advice, closure summary. */
  readShared: boolean;
  /** The health record: triage notes, consent, formulation, plan, liaison, meetings. */
  readHealth: boolean;
  /** Record clinical work: consent, formulation, plan, liaison, meetings, disclosures. */
  workHealth: boolean;
  /** Give advice to the case officer and ask for closure. */
  advise: boolean;
  /** Screen the request (in the triage queue). */
  triage: boolean;
  allocate: boolean;
  /** Sign off or return a submitted formulation (never their own: a rule of formulation.ts). */
  signOffFormulation: boolean;
  /** Decide a disclosure of health information (health to police). */
  decideDisclosure: boolean;
  /** Approve or refuse a disclosure without consent, as the Caldicott delegate. */
  approveDisclosure: boolean;
  /** Decide a disclosure of police information to the hub's clinical team. */
  shareWithHealth: boolean;
  addPoliceUpdate: boolean;
  approveClosure: boolean;
  giveFeedback: boolean;
  /** Follow their own request (the officer's request pages). */
  followRequest: boolean;
  /** Supervise the hub's requests (police lead). */
  supervise: boolean;
}

export type Capability = keyof CaseCapabilities;

export interface CaseAccess {
  relation: CaseRelation;
  /** The roles that count on this case: those held in its hub, and the requester's own. */
  roles: Role[];
  visibility: Visibility;
  /**
   * A clinician of the hub who is not allocated and has given no reason: the health record
   * opens to them only after a recorded reason (PRODUCT.md: no opening a hub case outside
   * allocation without one), and every page of the case asks for it first. Requests waiting
   * for triage and advice-only consultations are the hub's work, not one clinician's: their
   * triage, advice and closure pages ask for none; only the health record does.
   */
  reasonRequired: boolean;
  hubLead: boolean;
  can: CaseCapabilities;
}

/** States in which the case is the hub's to work, not an allocated clinician's. */
const HUB_QUEUE_STATES: readonly CaseState[] = ['awaiting_triage'];
const ADVICE_ONLY_STATES: readonly CaseState[] = ['advice_only', 'advice_closure_requested'];

const NONE: CaseCapabilities = Object.freeze({
  readPolice: false,
  readShared: false,
  readHealth: false,
  workHealth: false,
  advise: false,
  triage: false,
  allocate: false,
  signOffFormulation: false,
  decideDisclosure: false,
  approveDisclosure: false,
  shareWithHealth: false,
  addPoliceUpdate: false,
  approveClosure: false,
  giveFeedback: false,
  followRequest: false,
  supervise: false,
});

/** The roles that count on a case: held in its hub, plus the requester's case officer role. */
export function rolesOnCase(facts: CaseAccessFacts): Role[] {
  const inHub = rolesIn(facts.assignments, facts.hubId);
  const officerAnywhere = facts.assignments.some((a) => a.role === 'case_officer');
  return facts.requestingCaseOfficer && officerAnywhere && !inHub.includes('case_officer')
    ? [...inHub, 'case_officer']
    : inHub;
}

export function caseAccess(facts: CaseAccessFacts): CaseAccess {
  const roles = rolesOnCase(facts);
  const inHub = rolesIn(facts.assignments, facts.hubId);
  const relation: CaseRelation = {
    sameHub: inHub.length > 0,
    requestingCaseOfficer: facts.requestingCaseOfficer,
    allocatedClinician: facts.allocatedClinician,
    recordedReason: facts.recordedReason,
    namedRecipient: facts.namedRecipient,
  };
  // A named recipient sees what was addressed to them from any hub, by the roles they hold.
  const anywhere = [...new Set(facts.assignments.map((a) => a.role))];
  const visibility = unionVisibility(
    visibleCompartments(roles, relation),
    visibleCompartments(anywhere, {
      sameHub: false,
      requestingCaseOfficer: false,
      allocatedClinician: false,
      recordedReason: false,
      namedRecipient: facts.namedRecipient,
    }),
  );
  const hubLead = roles.includes('hub_lead');
  const hubClinician = roles.includes('clinician') || hubLead;
  const adviceOnly = ADVICE_ONLY_STATES.includes(facts.status);
  const hubsOwn = HUB_QUEUE_STATES.includes(facts.status) || adviceOnly;
  const reasonRequired = hubClinician && !visibility.health;
  if (reasonRequired && !hubsOwn) {
    // Only a senior clinician's sign-off of a submitted version, a page of its own (the
    // version alone, audited), goes on without a reason.
    const signOff = can(roles, 'formulation.sign_off');
    return {
      relation,
      roles,
      visibility,
      reasonRequired,
      hubLead,
      can: { ...NONE, signOffFormulation: signOff },
    };
  }
  // Working the record is for the allocated clinicians and the hub lead: a recorded reason
  // lets a clinician read it, not work it.
  const works = hubLead || (hubClinician && facts.allocatedClinician);
  const officer = facts.requestingCaseOfficer && roles.includes('case_officer');
  const policeLead = roles.includes('police_lead');
  return {
    relation,
    roles,
    visibility,
    reasonRequired,
    hubLead,
    can: {
      readPolice: visibility.police,
      readShared: visibility.shared,
      readHealth: visibility.health,
      workHealth: works,
      advise: works || (hubClinician && adviceOnly),
      triage: hubClinician && can(roles, 'triage.decide'),
      allocate: can(roles, 'case.allocate'),
      signOffFormulation: can(roles, 'formulation.sign_off'),
      decideDisclosure: works,
      approveDisclosure: can(roles, 'disclosure.approve'),
      shareWithHealth: officer || policeLead,
      addPoliceUpdate: officer,
      approveClosure: can(roles, 'closure.approve'),
      giveFeedback: officer,
      followRequest: officer,
      supervise: policeLead,
    },
  };
}
