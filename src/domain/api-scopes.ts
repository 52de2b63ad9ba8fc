import type { Side } from './roles.ts';

/**
 * What an API client may be allowed to call (docs/api.md). A scope only narrows: a route
 * declaring a scope also declares a permission, and the client's roles, hubs and the access
 * core decide as they do for a person. A scope never grants what the roles do not.
 */
export const API_SCOPES = [
  'requests:write',
  'requests:read',
  'cases:read',
  'statistics:read',
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export const isApiScope = (value: unknown): value is ApiScope =>
  typeof value === 'string' && (API_SCOPES as readonly string[]).includes(value);

export const API_SCOPE_LABELS: Record<ApiScope, string> = {
  'requests:write': 'Create support requests and add police updates',
  'requests:read': "Read requests' status, advice, released items and closure summaries",
  'cases:read': 'List and read cases (health side)',
  'statistics:read': 'Read statistics tables (after disclosure control)',
};

/**
 * The scopes a client of each side may hold, so a client's scopes match what its side does:
 * - police (a police case management system): create and follow requests;
 * - health (a trust's record system): read requests and cases, and hub statistics;
 * - oversight (evaluation): statistics only;
 * - service desk: none. Administration is never done through the API.
 * Cases (cases:read) are health-side only: a police client never reads a case record, only
 * what has been released to its requests.
 */
export const SCOPES_OF_SIDE: Record<Side, readonly ApiScope[]> = {
  police: ['requests:write', 'requests:read'],
  health: ['requests:read', 'cases:read', 'statistics:read'],
  oversight: ['statistics:read'],
  service: [],
};

/** The scopes a client of this side may not be given (empty when all are allowed). */
export function scopesNotForSide(side: Side, scopes: readonly ApiScope[]): ApiScope[] {
  return scopes.filter((scope) => !SCOPES_OF_SIDE[side].includes(scope));
}

/** How long an access token lasts, and the longest lifetime an assertion may claim. */
export const ACCESS_TOKEN_SECONDS = 600;
export const ASSERTION_MAX_SECONDS = 300;

/**
 * The scopes a token gets: those asked for (RFC 6749 §3.3, space-separated), or all the
 * client's when none are asked for. Null when it asks for a scope the client does not hold
 * or that does not exist (invalid_scope).
 */
export function grantedScopes(
  requested: string | undefined,
  held: readonly ApiScope[],
): ApiScope[] | null {
  if (requested === undefined || requested.trim() === '') return [...held];
  const asked = [...new Set(requested.trim().split(/ +/))];
  if (!asked.every((s) => isApiScope(s) && held.includes(s))) return null;
  return API_SCOPES.filter((s) => asked.includes(s));
}

/**
 * What is wrong with a client's roles and scopes, beyond the roles' own rules (which are
 * role-assignments.ts's, as for a person): a client never holds the service desk's roles
 * (administration is not done through the API), holds at least one scope, and only scopes its
 * side may hold.
 */
export function clientProblems(
  side: Side | null,
  scopes: readonly ApiScope[],
): { roles: string[]; scopes: string[] } {
  if (side === 'service') {
    return { roles: ['An API client cannot hold the service desk administrator role'], scopes: [] };
  }
  const refused = side ? scopesNotForSide(side, scopes) : [];
  return {
    roles: [],
    scopes: [
      ...(scopes.length === 0 ? ['Select at least one scope'] : []),
      ...(refused.length
        ? [
            `A ${side} client cannot have the scope${refused.length > 1 ? 's' : ''} ${refused.join(', ')}`,
          ]
        : []),
    ],
  };
}
