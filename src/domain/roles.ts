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

/**
 * The four sides of the service (PRODUCT.md "The people who use it"). One account holds roles
 * of one side only: a person who works on both has two accounts, so no session ever joins the
 * police and the health compartments. docs/adr/0006-one-access-core.md says why.
 */
export const SIDES = ['police', 'health', 'oversight', 'service'] as const;
export type Side = (typeof SIDES)[number];

export const SIDE_OF: Record<Role, Side> = {
  case_officer: 'police',
  police_lead: 'police',
  clinician: 'health',
  senior_clinician: 'health',
  hub_lead: 'health',
  analyst: 'oversight',
  ig_officer: 'oversight',
  admin: 'service',
};

export const SIDE_LABELS: Record<Side, string> = {
  police: 'police',
  health: 'health',
  oversight: 'oversight',
  service: 'service desk',
};

/** Roles held nationally, never in a hub. */
export const NATIONAL_ROLES: readonly Role[] = ['analyst', 'ig_officer', 'admin'];

export const isNationalRole = (role: Role): boolean => NATIONAL_ROLES.includes(role);

/** The sides these roles fall on, in the order of SIDES. */
export const sidesOf = (roles: readonly Role[]): Side[] =>
  SIDES.filter((side) => roles.some((role) => SIDE_OF[role] === side));

/**
 * Why these roles cannot be held by one account, naming the conflict, or null when they can.
 * e.g. "Case officer (police) and Clinician (health) cannot be held by one account: …".
 */
export function sideConflict(roles: readonly Role[]): string | null {
  const sides = sidesOf(roles);
  if (sides.length <= 1) return null;
  const named = sides.map((side) => {
    const role = roles.find((r) => SIDE_OF[r] === side)!;
    return `${ROLE_LABELS[role]} (${SIDE_LABELS[side]})`;
  });
  return `${named.slice(0, -1).join(', ')} and ${named.at(-1)} cannot be held by one account: roles of different sides need separate accounts`;
}

export const isSide = (value: unknown): value is Side =>
  typeof value === 'string' && (SIDES as readonly string[]).includes(value);
