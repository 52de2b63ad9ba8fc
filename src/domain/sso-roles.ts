/**
 * NHS CIS2 role claims. `nhsid_nrbac_roles` lists the user's role profiles, each with a
 * `person_roleid` and a `role_code` of colon-separated national RBAC codes (such as
 * "S8000:G8000:R8001"); `selected_roleid` names the profile the user chose for this session.
 * A provider's settings map RBAC codes to Cicero roles: the selected profile must map to a role
 * the Cicero account holds.
 */
export type RoleCheck<R extends string> =
  | { ok: true; roles: R[] }
  | { ok: false; reason: 'no-selected-role' | 'role-not-mapped' | 'role-not-held' };

/** The RBAC codes of the selected role profile (empty when there is none to read). */
export function selectedRoleCodes(claims: {
  selected_roleid?: unknown;
  nhsid_nrbac_roles?: unknown;
}): string[] {
  const selected = claims.selected_roleid;
  if (typeof selected !== 'string' || selected === '') return [];
  const profiles = Array.isArray(claims.nhsid_nrbac_roles) ? claims.nhsid_nrbac_roles : [];
  const profile = profiles.find(
    (p: unknown): p is { role_code?: unknown } =>
      typeof p === 'object' &&
      p !== null &&
      (p as { person_roleid?: unknown }).person_roleid === selected,
  );
  const code = profile?.role_code;
  if (typeof code !== 'string') return [];
  return code
    .split(':')
    .map((c) => c.trim())
    .filter(Boolean);
}

/**
 * Whether the selected role maps (through `roleMap`) to a role the account holds; the roles
 * it maps to that the account holds when it does.
 */
export function checkSelectedRole<R extends string>(
  claims: { selected_roleid?: unknown; nhsid_nrbac_roles?: unknown },
  roleMap: Readonly<Record<string, readonly R[]>>,
  accountRoles: readonly R[],
): RoleCheck<R> {
  const codes = selectedRoleCodes(claims);
  if (codes.length === 0) return { ok: false, reason: 'no-selected-role' };
  const mapped = new Set(
    codes.flatMap((code) => (Object.hasOwn(roleMap, code) ? roleMap[code]! : [])),
  );
  if (mapped.size === 0) return { ok: false, reason: 'role-not-mapped' };
  const held = accountRoles.filter((role) => mapped.has(role));
  if (held.length === 0) return { ok: false, reason: 'role-not-held' };
  return { ok: true, roles: held };
}
