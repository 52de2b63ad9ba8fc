import type { Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { RoleAssignment } from '../domain/permissions.ts';
import { sideOfAssignments, structuralProblems } from '../domain/role-assignments.ts';
import { SIDE_OF } from '../domain/roles.ts';

/**
 * Replaces a user's roles with these assignments, in the caller's transaction: the one writer
 * of role_assignments (admin pages, create-user, demo, generator, tests). Refuses what the
 * database refuses too (structuralProblems: one side, hub roles in hubs); the admin pages and
 * create-user check assignmentProblems first, which adds the senior clinician rule.
 */
export async function replaceAssignments(
  trx: Transaction<DB>,
  userId: string,
  assignments: readonly RoleAssignment[],
): Promise<void> {
  const problems = structuralProblems(assignments);
  if (problems.length) throw new Error(problems.join('; '));
  await trx.deleteFrom('role_assignments').where('user_id', '=', userId).execute();
  await trx
    .updateTable('users')
    .set({ side: sideOfAssignments(assignments) })
    .where('id', '=', userId)
    .execute();
  if (assignments.length === 0) return;
  await trx
    .insertInto('role_assignments')
    .values(
      assignments.map((a) => ({
        user_id: userId,
        role: a.role,
        hub_id: a.hubId,
        side: SIDE_OF[a.role],
      })),
    )
    .execute();
}
