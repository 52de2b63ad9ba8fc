/**
 * Disclosure decisions (PRODUCT.md step 10, GOVERNANCE.md "A disclosure without consent must
 * record"): the reference lists a decision is recorded against, and the pure rules of when a
 * decision takes effect and who may approve it.
 */

export const DISCLOSURE_DIRECTIONS = [
  { code: 'health_to_police', label: 'Health to police' },
  { code: 'police_to_health', label: 'Police to health' },
  { code: 'health_to_external', label: 'Health to a service outside Cicero' },
] as const;
export type DisclosureDirection = (typeof DISCLOSURE_DIRECTIONS)[number]['code'];

export const DISCLOSURE_STATUSES = [
  { code: 'draft', label: 'Draft' },
  { code: 'awaiting_approval', label: 'Waiting for approval' },
  { code: 'in_effect', label: 'Released' },
  { code: 'refused', label: 'Refused' },
  { code: 'withdrawn', label: 'Withdrawn' },
] as const;
export type DisclosureStatus = (typeof DISCLOSURE_STATUSES)[number]['code'];

/**
 * Legal bases for sharing. Health to police: consent, or an exception to the duty of
 * confidentiality with a DPA 2018 Schedule 1 condition for special category data; police to
 * health: DPA 2018 Part 3 (law enforcement) with a Schedule 8 condition, or consent.
 */
export const LEGAL_BASES = [
  {
    code: 'consent',
    label: 'Consent of the person',
    directions: ['health_to_police', 'police_to_health', 'health_to_external'],
  },
  {
    code: 'dpa_sch1_para18_safeguarding',
    label: 'Safeguarding of children and of individuals at risk (DPA 2018 Schedule 1 paragraph 18)',
    directions: ['health_to_police', 'health_to_external'],
  },
  {
    code: 'dpa_sch1_para10_crime',
    label: 'Preventing or detecting unlawful acts (DPA 2018 Schedule 1 paragraph 10)',
    directions: ['health_to_police'],
  },
  {
    code: 'vital_interests',
    label: 'Vital interests of the person or another (UK GDPR Articles 6(1)(d) and 9(2)(c))',
    directions: ['health_to_police'],
  },
  {
    code: 'public_interest_common_law',
    label: 'Public interest under the common law duty of confidentiality (GMC guidance)',
    directions: ['health_to_police'],
  },
  {
    code: 'required_by_law',
    label: 'Required by law or by a court order',
    directions: ['health_to_police', 'police_to_health'],
  },
  {
    code: 'dpa_part3_sch8',
    label:
      'Law enforcement processing for safeguarding (DPA 2018 Part 3, section 35 and Schedule 8)',
    directions: ['police_to_health'],
  },
  {
    code: 'caldicott_direct_care',
    label:
      "Duty to share for the person's individual care (Caldicott principle 7; UK GDPR Articles 6(1)(e) and 9(2)(h))",
    directions: ['health_to_external'],
  },
] as const satisfies readonly {
  code: string;
  label: string;
  directions: readonly DisclosureDirection[];
}[];
export type LegalBasis = (typeof LEGAL_BASES)[number]['code'];

export const basesFor = (direction: DisclosureDirection) =>
  LEGAL_BASES.filter((b) => (b.directions as readonly string[]).includes(direction));

export const isLegalBasisFor = (
  direction: DisclosureDirection,
  value: unknown,
): value is LegalBasis => basesFor(direction).some((b) => b.code === value);

export const legalBasisLabel = (code: string): string =>
  LEGAL_BASES.find((b) => b.code === code)?.label ?? code;

export const CONSENT_ANSWERS = [
  { code: 'given', label: 'Yes, consent was sought and given' },
  { code: 'refused', label: 'Consent was sought and refused' },
  { code: 'not_sought', label: 'No, consent was not sought' },
] as const;
export type ConsentAnswer = (typeof CONSENT_ANSWERS)[number]['code'];

export const RECIPIENT_KINDS = [
  { code: 'case_officer', label: 'Requesting case officer' },
  { code: 'police_lead', label: 'Police lead of the hub' },
  { code: 'other', label: 'Other named person (need to know)' },
  { code: 'hub_clinical_team', label: "The hub's clinical team" },
] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number]['code'];

/** How a letter to a recipient outside Cicero is sent. */
export const EXTERNAL_METHODS = [
  { code: 'post', label: 'Post' },
  { code: 'secure_email', label: 'Secure email' },
  { code: 'hand_delivered', label: 'Hand delivered' },
] as const;
export type ExternalMethod = (typeof EXTERNAL_METHODS)[number]['code'];

export const isExternalMethod = (value: unknown): value is ExternalMethod =>
  EXTERNAL_METHODS.some((m) => m.code === value);

/**
 * The direction whose sources offer the items: sharing with a service outside Cicero (a GP, a
 * community mental health team) releases health items, as to police.
 */
export const sourceDirection = (direction: DisclosureDirection): DisclosureDirection =>
  direction === 'health_to_external' ? 'health_to_police' : direction;

export const labelFrom = (list: readonly { code: string; label: string }[], code: string) =>
  list.find((item) => item.code === code)?.label ?? code;

/**
 * Whether a submitted decision needs the hub lead's approval before it takes effect: health
 * information leaving the VSS (to police, or to a service outside Cicero) without the person's
 * consent. Police to health never does (the hub's clinicians are the VSS itself), and consent
 * given makes it take effect at once.
 */
export function needsApproval(direction: DisclosureDirection, consent: ConsentAnswer): boolean {
  return direction !== 'police_to_health' && consent !== 'given';
}

export const OWN_DECISION =
  'You made this disclosure decision, so another hub lead must approve or refuse it.';

/** Whether this user may approve or refuse a decision: never the person who made it. */
export function approvalRefusal(deciderId: string, approverId: string): string | null {
  return deciderId === approverId ? OWN_DECISION : null;
}
