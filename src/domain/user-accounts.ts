import { ROLES, type Profession, type Role } from './roles.ts';

/** Roles that work inside hubs: a user holding one must belong to at least one hub. */
export const HUB_ROLES: readonly Role[] = [
  'case_officer',
  'clinician',
  'senior_clinician',
  'hub_lead',
  'police_lead',
];

/** Roles that do clinical work: a user holding one must have a profession recorded. */
export const CLINICAL_ROLES: readonly Role[] = ['clinician', 'senior_clinician', 'hub_lead'];

/**
 * Roles that only add to another role, which must be held with them: a senior clinician is a
 * clinician who may also sign off formulations (docs/adr/0005-senior-clinician-role.md).
 */
export const ADDED_TO: Partial<Record<Role, Role>> = { senior_clinician: 'clinician' };

/** The roles this set holds without the role each of them adds to, e.g. `senior_clinician`. */
export const withoutBaseRole = (roles: readonly Role[]): Role[] =>
  roles.filter((r) => {
    const base = ADDED_TO[r];
    return base !== undefined && !roles.includes(base);
  });

export const needsHub = (roles: readonly Role[]): boolean =>
  roles.some((r) => HUB_ROLES.includes(r));

export const needsProfession = (roles: readonly Role[]): boolean =>
  roles.some((r) => CLINICAL_ROLES.includes(r));

/** What an administrator can change about a user. */
export interface UserAssignment {
  name: string;
  roles: Role[];
  hubCodes: string[];
  profession: Profession | null;
}

/** Roles and hubs in a fixed order, so two assignments compare by content. */
export function normalised(assignment: UserAssignment): UserAssignment {
  return {
    name: assignment.name,
    roles: ROLES.filter((r) => assignment.roles.includes(r)),
    hubCodes: [...new Set(assignment.hubCodes)].sort(),
    profession: needsProfession(assignment.roles) ? assignment.profession : null,
  };
}

export function rolesDiffer(before: readonly Role[], after: readonly Role[]): boolean {
  return before.length !== after.length || before.some((r) => !after.includes(r));
}

/**
 * What changed between two assignments, for the audit log: field names and codes only (a
 * changed name is recorded as "name", never the name itself).
 */
export function assignmentChanges(
  before: UserAssignment,
  after: UserAssignment,
): {
  changed: string[];
  rolesAdded: string[];
  rolesRemoved: string[];
  hubsAdded: string[];
  hubsRemoved: string[];
  profession: string | null;
} {
  const a = normalised(before);
  const b = normalised(after);
  const added = (x: readonly string[], y: readonly string[]) => y.filter((v) => !x.includes(v));
  const rolesAdded = added(a.roles, b.roles);
  const rolesRemoved = added(b.roles, a.roles);
  const hubsAdded = added(a.hubCodes, b.hubCodes);
  const hubsRemoved = added(b.hubCodes, a.hubCodes);
  const changed = [
    ...(a.name !== b.name ? ['name'] : []),
    ...(rolesAdded.length || rolesRemoved.length ? ['roles'] : []),
    ...(hubsAdded.length || hubsRemoved.length ? ['hubs'] : []),
    ...(a.profession !== b.profession ? ['profession'] : []),
  ];
  return { changed, rolesAdded, rolesRemoved, hubsAdded, hubsRemoved, profession: b.profession };
}
