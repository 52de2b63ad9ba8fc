import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { isNationalRole, ROLES, SIDE_OF, SIDES, type Role } from '../src/domain/roles.ts';
import { sessionStore, type SessionStore } from '../src/features/auth/sessions.ts';
import { listRoutes, type RouteListing } from '../src/web/routes.ts';
import { testApp, type TestApp } from './support/app.ts';
import { createUser } from './support/auth.ts';

import { API_ROUTE_SCOPES, MATRIX, PUBLIC } from './support/route-matrix.ts';
import { SCOPES_OF_SIDE } from '../src/domain/api-scopes.ts';
import { apiHeaders, apiToken, createApiClient } from './support/api.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const isApi = (route: RouteListing) => route.url.startsWith('/api/v1/');
const keyOf = (route: RouteListing) => `${route.method} ${route.url}`;
/** Path parameters that exist in form: a random UUID (a 404 is "through the guard"). */
const pathOf = (url: string) => url.replace(/:[A-Za-z_]+/g, () => randomUUID());

type State = 'signed out' | Role;
const STATES: readonly State[] = ['signed out', ...ROLES];

let t: TestApp;
let sessions: SessionStore;
const userOf = new Map<Role, string>();
/** One account per side holding every role of that side (no account may hold more). */
const everyRoleOfSide: string[] = [];

before(async () => {
  t = await testApp();
  sessions = sessionStore(t.database.db, t.clock, {
    idleMinutes: t.config.sessionIdleMinutes,
    absoluteHours: t.config.sessionAbsoluteHours,
  });
  for (const role of ROLES) {
    userOf.set(role, (await createUser(t.database.db, { roles: [role], hubCodes: ['WM'] })).id);
  }
  for (const side of SIDES) {
    const roles = ROLES.filter((role) => SIDE_OF[role] === side);
    everyRoleOfSide.push((await createUser(t.database.db, { roles, hubCodes: ['WM'] })).id);
  }
});
after(() => t?.close());

/** A fresh session for each request, so a route that ends its session spoils no other. */
async function sessionFor(userId: string | null) {
  const { cookieToken, session } = await sessions.create({
    userId,
    stage: userId ? 'active' : 'anonymous',
  });
  return { cookie: `cicero_session=${cookieToken}`, csrf: session.csrfToken };
}

async function call(route: RouteListing, userId: string | null, withCsrf: boolean) {
  const { cookie, csrf } = await sessionFor(userId);
  const changes = !SAFE_METHODS.has(route.method);
  return t.app.inject({
    method: route.method,
    url: pathOf(route.url),
    headers: {
      cookie,
      ...(changes ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      ...(changes && withCsrf ? { 'x-csrf-token': csrf } : {}),
    },
    ...(changes ? { payload: withCsrf ? `_csrf=${encodeURIComponent(csrf)}` : '' } : {}),
  });
}

test('every registered route has a row in the matrix, and every row a route', () => {
  const registered = listRoutes(t.app).map(keyOf);
  assert.ok(registered.length > 0, 'listRoutes found the routes');
  const missing = registered.filter((key) => !(key in MATRIX));
  assert.deepEqual(
    missing,
    [],
    `routes without a row in test/authorization-matrix.test.ts: add one line each saying who may use it:\n  ${missing.join('\n  ')}`,
  );
  const stale = Object.keys(MATRIX).filter((key) => !registered.includes(key));
  assert.deepEqual(stale, [], `matrix rows for routes that no longer exist: ${stale.join(', ')}`);
});

test('every role, and signed out, against every route: allowed through or refused as the matrix says', async () => {
  const wrong: string[] = [];
  for (const route of listRoutes(t.app)) {
    const allowed = MATRIX[keyOf(route)];
    if (!allowed) continue; // reported by the test above
    for (const state of STATES) {
      const response = await call(route, state === 'signed out' ? null : userOf.get(state)!, true);
      const status = response.statusCode;
      const location = String(response.headers.location ?? '');
      const label = `${keyOf(route)} as ${state}: ${status}${location ? ` → ${location}` : ''}`;
      if (status >= 500) {
        wrong.push(`${label} (server error)`);
      } else if (isApi(route) && allowed !== PUBLIC) {
        // The API reads no cookie: a session is no key to it, whoever holds it (bearer below).
        if (status !== 401) wrong.push(`${label} (a cookie on the API: expected 401)`);
      } else if (allowed === PUBLIC) {
        if (status === 403) wrong.push(`${label} (public, but refused)`);
      } else if (state === 'signed out') {
        const api = route.url.startsWith('/api/');
        const sentToSignIn = api ? status === 401 : status === 302 && location === '/sign-in';
        if (!sentToSignIn)
          wrong.push(`${label} (expected ${api ? '401' : 'a redirect to /sign-in'})`);
      } else if (allowed.includes(state)) {
        if (status === 403 || status === 401 || location === '/sign-in') {
          wrong.push(`${label} (allowed, but refused)`);
        }
      } else if (status !== 403) {
        wrong.push(`${label} (expected 403)`);
      }
    }
  }
  assert.deepEqual(wrong, []);
});

test('every state-changing route refuses a request without the CSRF token', async () => {
  // The API authenticates no cookie (its refusal of one is asserted above), so a forged
  // cross-site request carries nothing it would accept: CSRF does not arise there.
  // Nor on a machine endpoint (an identity provider's back-channel logout): it reads no cookie
  // either, and is authenticated by the signed token it is sent (src/web/routes.ts).
  const machine = (r: RouteListing) => 'machine' in r.access && r.access.machine === true;
  assert.deepEqual(
    listRoutes(t.app)
      .filter(machine)
      .map((r) => `${r.method} ${r.url}`),
    ['POST /sign-in/sso/:providerId/backchannel-logout'],
  );
  const changing = listRoutes(t.app).filter(
    (r) => !SAFE_METHODS.has(r.method) && !isApi(r) && !machine(r),
  );
  assert.ok(changing.length > 0);
  const wrong: string[] = [];
  for (const route of changing) {
    for (const [who, userId] of [
      ['signed out', null],
      ...everyRoleOfSide.map((id, i) => [`a user with every ${SIDES[i]} role`, id] as const),
    ] as const) {
      const response = await call(route, userId, false);
      if (response.statusCode !== 403) {
        wrong.push(`${keyOf(route)} as ${who} without a token: ${response.statusCode}`);
      }
    }
  }
  assert.deepEqual(wrong, []);
});

/** A service account holding the role in WM, or nationally (a senior clinician is a clinician too). */
const assignmentsFor = (role: Role) => [
  isNationalRole(role) ? { role } : { role, hub: 'WM' },
  ...(role === 'senior_clinician' ? [{ role: 'clinician' as const, hub: 'WM' }] : []),
];

describe('the JSON API with bearer tokens', () => {
  const apiRoutes = () => listRoutes(t.app).filter((r) => isApi(r) && !('public' in r.access));
  /** One client per role (except admin: administration is never done through the API). */
  const tokens = new Map<Role, string>();
  before(async () => {
    for (const role of ROLES.filter((r) => SCOPES_OF_SIDE[SIDE_OF[r]].length > 0)) {
      const client = await createApiClient(t.database.db, {
        assignments: assignmentsFor(role),
        scopes: [...SCOPES_OF_SIDE[SIDE_OF[role]]],
      });
      tokens.set(role, await apiToken(t, client));
    }
  });

  const callApi = (route: RouteListing, headers: Record<string, string>) =>
    t.app.inject({
      method: route.method,
      url: pathOf(route.url),
      headers: {
        ...headers,
        ...(SAFE_METHODS.has(route.method) ? {} : { 'content-type': 'application/json' }),
      },
      ...(SAFE_METHODS.has(route.method) ? {} : { payload: '{}' }),
    });

  test('every protected API route declares the scope the matrix says', () => {
    const declared = Object.fromEntries(
      apiRoutes().map((r) => [keyOf(r), 'scope' in r.access ? r.access.scope : undefined]),
    );
    assert.ok(Object.keys(declared).length >= 10);
    assert.deepEqual(declared, API_ROUTE_SCOPES);
  });

  test('every role’s client against every API route: through, or 403, as the matrix says', async () => {
    const wrong: string[] = [];
    for (const route of apiRoutes()) {
      const allowed = MATRIX[keyOf(route)]!;
      for (const [role, token] of tokens) {
        const response = await callApi(route, apiHeaders(token));
        const label = `${keyOf(route)} as a ${role} client: ${response.statusCode}`;
        if (response.statusCode >= 500) wrong.push(`${label} (server error)`);
        else if (allowed !== PUBLIC && assignmentsFor(role).some((a) => allowed.includes(a.role))) {
          if ([401, 403].includes(response.statusCode))
            wrong.push(`${label} (allowed, but refused)`);
        } else if (response.statusCode !== 403) wrong.push(`${label} (expected 403)`);
        if (response.statusCode >= 400) {
          assert.match(
            String(response.headers['content-type']),
            /application\/problem\+json/,
            label,
          );
        }
      }
    }
    assert.deepEqual(wrong, []);
  });

  test('a token without the route’s scope is 403; no token, a bad or an expired one is 401', async () => {
    const wrong: string[] = [];
    for (const route of apiRoutes()) {
      const role = (MATRIX[keyOf(route)] as readonly Role[])[0]!;
      const needed = API_ROUTE_SCOPES[keyOf(route)]!;
      const others = SCOPES_OF_SIDE[SIDE_OF[role]].filter((s) => s !== needed);
      if (others.length > 0) {
        const client = await createApiClient(t.database.db, {
          assignments: assignmentsFor(role),
          scopes: [...others],
        });
        const narrow = await callApi(route, apiHeaders(await apiToken(t, client)));
        if (narrow.statusCode !== 403)
          wrong.push(`${keyOf(route)} without ${needed}: ${narrow.statusCode}`);
      }
      for (const [what, headers] of [
        ['no token', {}],
        ['a bad token', { authorization: 'Bearer not-a-token' }],
        ['a malformed header', { authorization: 'Basic eDp5' }],
      ] as const) {
        const response = await callApi(route, headers);
        if (response.statusCode !== 401)
          wrong.push(`${keyOf(route)} with ${what}: ${response.statusCode}`);
      }
    }
    // Tokens last ten minutes on the app's clock.
    const token = tokens.get('clinician')!;
    t.clock.advance(11 * 60 * 1000);
    try {
      const expired = await t.app.inject({
        method: 'GET',
        url: '/api/v1/cases',
        headers: apiHeaders(token),
      });
      if (expired.statusCode !== 401) wrong.push(`an expired token: ${expired.statusCode}`);
    } finally {
      t.clock.advance(-11 * 60 * 1000);
    }
    assert.deepEqual(wrong, []);
  });
});
