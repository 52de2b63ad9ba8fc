import type { FastifyRequest } from 'fastify';
import { PERMISSIONS, type Permission } from '../../domain/permissions.ts';
import type { AuditActor } from '../audit/record.ts';

/**
 * The audit actor for a request: the user, the role that granted the permission used (a user
 * may hold several), the hub the work is in, and the request id.
 */
export function actorFor(
  request: FastifyRequest,
  options: { hubId?: string | null; permission?: Permission } = {},
): AuditActor {
  const principal = request.principal;
  const permission = options.permission ?? permissionOf(request);
  const allowed: readonly string[] = permission ? PERMISSIONS[permission].roles : [];
  // The role used: one that grants the permission, held in the work's hub when there is one.
  const hubId = options.hubId ?? null;
  const held = principal
    ? hubId
      ? principal.assignments
          .filter((a) => a.hubId === hubId || a.hubId === null)
          .map((a) => a.role)
      : principal.roles
    : [];
  const role =
    held.find((r) => allowed.includes(r)) ??
    principal?.roles.find((r) => allowed.includes(r)) ??
    principal?.roles[0] ??
    null;
  return {
    userId: principal?.userId ?? request.session?.userId ?? null,
    role,
    hubId: hubId ?? hubOfRole(principal?.assignments ?? [], role),
    requestId: request.id,
    // Through the API: the client too, beside the user (the acting person or the client's own).
    clientId: request.apiClient?.clientId ?? null,
  };
}

function permissionOf(request: FastifyRequest): Permission | undefined {
  const access = request.routeOptions.config?.access;
  return access && 'permission' in access ? access.permission : undefined;
}

/**
 * The hub of work done outside one case (a list, a queue, a sign-in): the hub the role was used
 * in when the user holds it in exactly one hub, so the audit row names it. A national role, or
 * a role held in several hubs, names none (the IG officer's pages say which).
 */
function hubOfRole(
  assignments: readonly { role: string; hubId: string | null }[],
  role: string | null,
): string | null {
  const hubs = new Set(assignments.filter((a) => a.role === role).map((a) => a.hubId));
  const [only] = [...hubs];
  return hubs.size === 1 && only !== undefined ? only : null;
}
