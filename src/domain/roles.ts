/**
 * The roles of PRODUCT.md, and `senior_clinician` (docs/adr/0005-senior-clinician-role.md). A
 * user may hold several, in one or more hubs.
 */
export const ROLES = [
  'case_officer',
  'clinician',
  'senior_clinician',
  'hub_lead',
  'police_lead',
  'analyst',
  'ig_officer',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  case_officer: 'Case officer',
  clinician: 'Clinician',
  senior_clinician: 'Senior clinician',
  hub_lead: 'Hub lead',
  police_lead: 'Police lead',
  analyst: 'Analyst',
  ig_officer: 'Information governance officer',
  admin: 'Service desk administrator',
};

export const PROFESSIONS = [
  'mental_health_nurse',
  'clinical_psychologist',
  'forensic_psychologist',
  'psychiatrist',
  'other',
] as const;
export type Profession = (typeof PROFESSIONS)[number];

export const PROFESSION_LABELS: Record<Profession, string> = {
  mental_health_nurse: 'Mental health nurse',
  clinical_psychologist: 'Clinical psychologist',
  forensic_psychologist: 'Forensic psychologist',
  psychiatrist: 'Psychiatrist',
  other: 'Other',
};

export const isRole = (value: unknown): value is Role =>
  typeof value === 'string' && (ROLES as readonly string[]).includes(value);
