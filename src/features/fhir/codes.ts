import type { CaseState } from '../../domain/case-state.ts';
import type { ConsentStatus } from '../../domain/consent.ts';
import type { ActionStatus } from '../../domain/reference/plans.ts';
import type { CodeableConcept, Coding } from './types.ts';

/**
 * The profiles, code systems and identifier systems of the FHIR export (docs/api.md "FHIR",
 * ADR 0009). UK Core profile URLs are those of the UK Core R4 implementation guide
 * (https://simplifier.net/hl7fhirukcorer4); codes are from the base R4 code systems, DICOM and
 * the UK Core NHS number verification code system; Cicero's own lists, which have no national
 * code system, are written under CICERO_FHIR_BASE with their label as the display.
 */

const UK_CORE = 'https://fhir.hl7.org.uk/StructureDefinition/';

export const PROFILES = {
  Patient: `${UK_CORE}UKCore-Patient`,
  ServiceRequest: `${UK_CORE}UKCore-ServiceRequest`,
  EpisodeOfCare: `${UK_CORE}UKCore-EpisodeOfCare`,
  Consent: `${UK_CORE}UKCore-Consent`,
  CarePlan: `${UK_CORE}UKCore-CarePlan`,
  Communication: `${UK_CORE}UKCore-Communication`,
  Provenance: `${UK_CORE}UKCore-Provenance`,
  AuditEvent: `${UK_CORE}UKCore-AuditEvent`,
} as const;

export type ProfiledType = keyof typeof PROFILES;

export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
export const NHS_NUMBER_VERIFICATION_URL = `${UK_CORE}Extension-UKCore-NHSNumberVerificationStatus`;
export const NHS_NUMBER_VERIFICATION_SYSTEM =
  'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland';

/**
 * Cicero holds the NHS number police gave, never traced against the Personal Demographics
 * Service: "present but not traced" (England code 02) is what the data supports.
 */
export const NHS_NUMBER_NOT_TRACED: Coding = {
  system: NHS_NUMBER_VERIFICATION_SYSTEM,
  code: '02',
  display: 'Number present but not traced',
};

/** Where Cicero's own code and identifier systems live (a placeholder for the service's own). */
export const CICERO_FHIR_BASE = 'https://cicero.example.nhs.uk/fhir';
export const CICERO_SYSTEMS = {
  caseReference: `${CICERO_FHIR_BASE}/Id/case-reference`,
  caseId: `${CICERO_FHIR_BASE}/Id/case`,
  pcmtReference: `${CICERO_FHIR_BASE}/Id/pcmt-reference`,
  user: `${CICERO_FHIR_BASE}/Id/user`,
  person: `${CICERO_FHIR_BASE}/Id/person`,
  auditSubject: `${CICERO_FHIR_BASE}/Id/audit-subject`,
  closureOutcome: `${CICERO_FHIR_BASE}/CodeSystem/closure-outcome`,
  communicationCategory: `${CICERO_FHIR_BASE}/CodeSystem/communication-category`,
  liaisonPurpose: `${CICERO_FHIR_BASE}/CodeSystem/liaison-purpose`,
  auditAction: `${CICERO_FHIR_BASE}/CodeSystem/audit-action`,
  episodeOutcome: `${CICERO_FHIR_BASE}/StructureDefinition/episode-outcome`,
} as const;

export const cicero = (system: keyof typeof CICERO_SYSTEMS, code: string, display?: string) =>
  ({ system: CICERO_SYSTEMS[system], code, ...(display ? { display } : {}) }) satisfies Coding;

/** A concept of one coding, with its display as text. */
export const concept = (coding: Coding): CodeableConcept => ({
  coding: [coding],
  ...(coding.display ? { text: coding.display } : {}),
});

// Base R4 code systems (terminology.hl7.org and hl7.org/fhir).
const TERMINOLOGY = 'http://terminology.hl7.org/CodeSystem/';
export const CONSENT_SCOPE_TREATMENT: Coding = {
  system: `${TERMINOLOGY}consentscope`,
  code: 'treatment',
  display: 'Treatment',
};
/** LOINC "Patient Consent", of the R4 consent category value set. */
export const CONSENT_CATEGORY: Coding = { system: 'http://loinc.org', code: '59284-0' };
export const OPT_IN: Coding = {
  system: `${TERMINOLOGY}v3-ActCode`,
  code: 'OPTIN',
  display: 'opt-in',
};
export const OPT_OUT: Coding = {
  system: `${TERMINOLOGY}v3-ActCode`,
  code: 'OPTOUT',
  display: 'opt-out',
};
export const PROVENANCE_AUTHOR: Coding = {
  system: `${TERMINOLOGY}provenance-participant-type`,
  code: 'author',
  display: 'Author',
};
export const PROVENANCE_VERIFIER: Coding = {
  system: `${TERMINOLOGY}provenance-participant-type`,
  code: 'verifier',
  display: 'Verifier',
};
export const ENTITY_PERSON: Coding = {
  system: `${TERMINOLOGY}audit-entity-type`,
  code: '1',
  display: 'Person',
};
export const ENTITY_OBJECT: Coding = {
  system: `${TERMINOLOGY}audit-entity-type`,
  code: '2',
  display: 'System Object',
};

/** DICOM audit event types (the R4 audit-event-type value set includes them). */
const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
export const AUDIT_TYPES = {
  patientRecord: { system: DCM, code: '110110', display: 'Patient Record' },
  export: { system: DCM, code: '110106', display: 'Export' },
  userAuthentication: { system: DCM, code: '110114', display: 'User Authentication' },
  securityAlert: { system: DCM, code: '110113', display: 'Security Alert' },
} as const satisfies Record<string, Coding>;

/** EpisodeOfCare.status (required binding): the case's state as an episode. */
export function episodeStatus(state: CaseState): 'waitlist' | 'active' | 'finished' {
  if (state === 'awaiting_triage' || state === 'awaiting_allocation') return 'waitlist';
  return state === 'closed' ? 'finished' : 'active';
}

/** Consent.status (required binding) of the entry in force; earlier entries are inactive. */
export function consentStatus(status: ConsentStatus): 'active' | 'inactive' | 'proposed' {
  if (status === 'not_yet_sought') return 'proposed';
  return status === 'withdrawn' ? 'inactive' : 'active';
}

/** CarePlan.activity.detail.status (required binding). */
export const ACTIVITY_STATUS: Record<ActionStatus, string> = {
  planned: 'not-started',
  in_progress: 'in-progress',
  done: 'completed',
  not_achieved: 'stopped',
};

/** Patient.gender (required binding) from the gender police recorded. */
export function administrativeGender(gender: string): 'male' | 'female' | 'other' | 'unknown' {
  return gender === 'male' || gender === 'female' || gender === 'other' ? gender : 'unknown';
}

/** AuditEvent.action (required binding) of each kind of audit row (DPA 2018 s.62). */
export function auditAction(action: string): 'C' | 'R' | 'U' | 'D' | 'E' {
  switch (action) {
    case 'collection':
      return 'C';
    case 'consultation':
      return 'R';
    case 'alteration':
      return 'U';
    case 'erasure':
      return 'D';
    default:
      return 'E';
  }
}

export function auditType(action: string): Coding {
  if (action === 'sign-in') return AUDIT_TYPES.userAuthentication;
  if (action === 'denial') return AUDIT_TYPES.securityAlert;
  if (action === 'disclosure') return AUDIT_TYPES.export;
  return AUDIT_TYPES.patientRecord;
}

/** AuditEvent.outcome (required binding): 0 success, 4 minor failure (refused), 8 failure. */
export const auditOutcome = (outcome: string): '0' | '4' | '8' =>
  outcome === 'success' ? '0' : outcome === 'denied' ? '4' : '8';
