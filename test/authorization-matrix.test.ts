import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { ROLES, SIDE_OF, SIDES, type Role } from '../src/domain/roles.ts';
import { sessionStore, type SessionStore } from '../src/features/auth/sessions.ts';
import { listRoutes, type RouteListing } from '../src/web/routes.ts';
import { testApp, type TestApp } from './support/app.ts';
import { createUser } from './support/auth.ts';

import { MATRIX, PUBLIC } from './support/route-matrix.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
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
  const changing = listRoutes(t.app).filter((r) => !SAFE_METHODS.has(r.method));
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
