import type { Profession, Role } from '../../domain/roles.ts';
import { assignmentChanges, normalised } from '../../domain/user-accounts.ts';
import {
  assignmentCode,
  hubsOfAssignments,
  rolesOfAssignments,
  type FormAssignment,
} from './user-form.ts';

/**
 * The audit details of the user pages: codes only (roles, hub codes, profession, field names),
 * never a name or an email address.
 */

interface Held {
  name: string;
  profession: Profession | null;
  /** A police account's force code (absent on API clients' accounts). */
  force?: string | null;
  assignments: readonly FormAssignment[];
}

const asAssignment = (held: Held) =>
  normalised({
    name: held.name,
    roles: rolesOfAssignments(held.assignments),
    hubCodes: hubsOfAssignments(held.assignments),
    profession: held.profession,
  });

/** Whether the assignments are each role in each hub: then roles and hubs say it all. */
function isEveryRoleInEveryHub(assignments: readonly FormAssignment[]): boolean {
  const roles: Role[] = rolesOfAssignments(assignments);
  const hubs = hubsOfAssignments(assignments);
  const hubRoles = roles.filter((r) => assignments.some((a) => a.role === r && a.hub !== null));
  return assignments.length === roles.length - hubRoles.length + hubRoles.length * hubs.length;
}

export function createdDetail(input: Held, via: 'web' | 'cli') {
  const a = asAssignment(input);
  return {
    event: 'user-created',
    via,
    roles: a.roles,
    hubs: a.hubCodes,
    profession: a.profession,
    ...(input.force ? { force: input.force } : {}),
    ...(isEveryRoleInEveryHub(input.assignments)
      ? {}
      : { assignments: input.assignments.map(assignmentCode) }),
  };
}

/** What an edit changes: field names, roles and hubs added or removed, assignments moved. */
export function editedDetail(before: Held, after: Held) {
  const changes = assignmentChanges(asAssignment(before), asAssignment(after));
  const codes = (held: Held) => held.assignments.map(assignmentCode);
  const added = codes(after).filter((c) => !codes(before).includes(c));
  const removed = codes(before).filter((c) => !codes(after).includes(c));
  const moved = (added.length || removed.length) && !changes.changed.includes('roles');
  const forceChanged = (before.force ?? null) !== (after.force ?? null);
  const changed = [
    ...(moved
      ? [
          ...changes.changed.filter((f) => f === 'name'),
          'roles',
          ...changes.changed.filter((f) => f !== 'name'),
        ]
      : changes.changed),
    ...(forceChanged ? ['force'] : []),
  ];
  return {
    event: 'user-edited',
    ...changes,
    changed,
    ...(forceChanged ? { force: after.force ?? null } : {}),
    ...(added.length || removed.length
      ? { assignmentsAdded: added, assignmentsRemoved: removed }
      : {}),
  };
}

/** Whether an edit changes what the user may do (asks the admin for a fresh code first). */
export function assignmentsDiffer(
  before: readonly FormAssignment[],
  after: readonly FormAssignment[],
): boolean {
  const a = before.map(assignmentCode).sort();
  const b = after.map(assignmentCode).sort();
  return a.length !== b.length || a.some((c, i) => c !== b[i]);
}
