import type { RoleAssignment } from './permissions.ts';
import {
  isNationalRole,
  ROLE_LABELS,
  ROLES,
  sideConflict,
  sidesOf,
  type Role,
  type Side,
} from './roles.ts';

/**
 * The rules of an account's roles, one place for the admin pages, `cicero create-user`, the
 * demo, the generator and the tests (the database holds the same rules as constraints, see
 * migration 0080): one side only; hub roles in a hub, national roles in none; a senior
 * clinician is also a clinician of the same hub.
 */

/** Each role in each hub (national roles once, with no hub), in a fixed order. */
export function assignmentsOf(roles: readonly Role[], hubIds: readonly string[]): RoleAssignment[] {
  const hubs = [...new Set(hubIds)].sort();
  return ROLES.filter((r) => roles.includes(r)).flatMap((role): RoleAssignment[] =>
    isNationalRole(role) ? [{ role, hubId: null }] : hubs.map((hubId) => ({ role, hubId })),
  );
}

/** The side these assignments put the account on, or null with none (or a mix). */
export function sideOfAssignments(assignments: readonly RoleAssignment[]): Side | null {
  const sides = sidesOf(assignments.map((a) => a.role));
  return sides.length === 1 ? sides[0]! : null;
}

/**
 * What the database refuses too (migration 0080): a mix of sides, a hub role without a hub, a
 * national role in a hub. These keep the compartments apart, so no writer may skip them.
 */
export function structuralProblems(assignments: readonly RoleAssignment[]): string[] {
  const problems: string[] = [];
  const conflict = sideConflict([...new Set(assignments.map((a) => a.role))]);
  if (conflict) problems.push(conflict);
  for (const a of assignments) {
    if (isNationalRole(a.role) && a.hubId !== null) {
      problems.push(`${ROLE_LABELS[a.role]} is a national role and is not held in a hub`);
    }
    if (!isNationalRole(a.role) && a.hubId === null) {
      problems.push(`${ROLE_LABELS[a.role]} must be held in a hub`);
    }
  }
  return [...new Set(problems)];
}

/**
 * What is wrong with these assignments, as messages a person can act on (empty when none):
 * the structural rules, and that a senior clinician is also a clinician of the same hub (a
 * rule of the admin pages and create-user, ADR 0005). `hubName` names a hub id in messages.
 */
export function assignmentProblems(
  assignments: readonly RoleAssignment[],
  hubName: (hubId: string) => string = (id) => id,
): string[] {
  const problems: string[] = [];
  const conflict = sideConflict([...new Set(assignments.map((a) => a.role))]);
  if (conflict) problems.push(conflict);
  for (const a of assignments) {
    if (isNationalRole(a.role) && a.hubId !== null) {
      problems.push(`${ROLE_LABELS[a.role]} is a national role and is not held in a hub`);
    }
    if (!isNationalRole(a.role) && a.hubId === null) {
      problems.push(`${ROLE_LABELS[a.role]} must be held in a hub`);
    }
    if (
      a.role === 'senior_clinician' &&
      a.hubId !== null &&
      !assignments.some((b) => b.role === 'clinician' && b.hubId === a.hubId)
    ) {
      problems.push(
        `A senior clinician must also be a clinician in the same hub (${hubName(a.hubId)})`,
      );
    }
  }
  return [...new Set(problems)];
}
