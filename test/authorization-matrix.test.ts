import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { ROLES, type Role } from '../src/domain/roles.ts';
import { sessionStore, type SessionStore } from '../src/features/auth/sessions.ts';
import { listRoutes, type RouteListing } from '../src/web/routes.ts';
import { testApp, type TestApp } from './support/app.ts';
import { createUser } from './support/auth.ts';

/**
 * Who may use each route, written out by hand: NOT derived from PERMISSIONS, so a permission
 * change shows up here as a diff and a new route without a row fails, naming the route.
 * One line per route: 'METHOD /url': PUBLIC | ANY_ROLE | ['role', ...].
 */
const PUBLIC = 'public';
const ANY_ROLE: readonly Role[] = [
  'case_officer',
  'clinician',
  'senior_clinician',
  'hub_lead',
  'police_lead',
  'analyst',
  'ig_officer',
  'admin',
];
type Allowed = typeof PUBLIC | readonly Role[];

const MATRIX: Record<string, Allowed> = {
  'GET /health/live': PUBLIC,
  'GET /health/ready': PUBLIC,
  'GET /': PUBLIC,
  'GET /accessibility': PUBLIC,
  'GET /cookies': PUBLIC,
  'GET /sign-in': PUBLIC,
  'POST /sign-in': PUBLIC,
  'GET /sign-in/code': PUBLIC,
  'POST /sign-in/code': PUBLIC,
  'GET /sign-in/enrol': PUBLIC,
  'POST /sign-in/enrol': PUBLIC,
  'GET /sign-in/terms': PUBLIC,
  'POST /sign-in/terms': PUBLIC,
  'POST /sign-out': PUBLIC,
  'GET /home': ANY_ROLE,
  'GET /confirm-code': ANY_ROLE,
  'POST /confirm-code': ANY_ROLE,
  'POST /sign-in/sso/:providerId': PUBLIC,
  'GET /sign-in/sso/:providerId/callback': PUBLIC,
  // Triage, allocation, cases, consent
  'GET /triage': ['clinician', 'hub_lead'],
  'GET /triage/:caseId': ['clinician', 'hub_lead'],
  'POST /triage/:caseId': ['clinician', 'hub_lead'],
  'GET /triage/:caseId/decided': ['clinician', 'hub_lead'],
  'GET /cases/:caseId/allocation': ['hub_lead'],
  'POST /cases/:caseId/allocation': ['hub_lead'],
  'GET /cases': ['clinician', 'hub_lead'],
  'GET /cases/:caseId': ['clinician', 'hub_lead'],
  'GET /cases/:caseId/reason': ['clinician', 'hub_lead'],
  'POST /cases/:caseId/reason': ['clinician', 'hub_lead'],
  'GET /audit/access-reasons': ['ig_officer'],
  'GET /cases/:caseId/consent': ['clinician', 'hub_lead'],
  'POST /cases/:caseId/consent': ['clinician', 'hub_lead'],
  'GET /cases/:caseId/lawful-basis': ['clinician', 'hub_lead'],
  'POST /cases/:caseId/lawful-basis': ['clinician', 'hub_lead'],
  // Formulation (health compartment)
  'GET /cases/:caseId/formulation': ['clinician', 'hub_lead'],
  'POST /cases/:caseId/formulation': ['clinician', 'hub_lead'],
  'GET /cases/:caseId/formulation/domains/:domainCode': ['clinician', 'hub_lead'],
  'POST /cases/:caseId/formulation/domains/:domainCode': ['clinician', 'hub_lead'],
  'GET /cases/:caseId/formulation/five-ps': ['clinician', 'hub_lead'],
  'POST /cases/:caseId/formulation/five-ps': ['clinician', 'hub_lead'],
  'GET /cases/:caseId/formulation/scenarios': ['clinician', 'hub_lead'],
  'POST /cases/:caseId/formulation/scenarios': ['clinician', 'hub_lead'],
  'GET /cases/:caseId/formulation/summary': ['clinician', 'hub_lead'],
  'POST /cases/:caseId/formulation/summary': ['clinician', 'hub_lead'],
  'GET /cases/:caseId/formulation/review-reason': ['clinician', 'hub_lead'],
  'POST /cases/:caseId/formulation/review-reason': ['clinician', 'hub_lead'],
  'GET /cases/:caseId/formulation/check': ['clinician', 'hub_lead'],
  'POST /cases/:caseId/formulation/submit': ['clinician', 'hub_lead'],
  'POST /cases/:caseId/formulation/review': ['clinician', 'hub_lead'],
  'GET /cases/:caseId/formulation/versions': ['clinician', 'hub_lead'],
  'GET /cases/:caseId/formulation/versions/:versionNumber': ['clinician', 'hub_lead'],
  'GET /formulations': ['senior_clinician', 'hub_lead'],
  'GET /formulations/:caseId': ['senior_clinician', 'hub_lead'],
  'POST /formulations/:caseId/sign-off': ['senior_clinician', 'hub_lead'],
  'POST /formulations/:caseId/return': ['senior_clinician', 'hub_lead'],
  // Liaison and multi-agency meetings (health compartment)
  'GET /cases/:caseId/liaison': ['clinician', 'hub_lead'],
  'GET /cases/:caseId/liaison/new': ['clinician', 'hub_lead'],
  'POST /cases/:caseId/liaison': ['clinician', 'hub_lead'],
  'GET /cases/:caseId/liaison/:contactId/edit': ['clinician', 'hub_lead'],
  'POST /cases/:caseId/liaison/:contactId': ['clinician', 'hub_lead'],
  'GET /cases/:caseId/meetings': ['clinician', 'hub_lead'],
  'GET /cases/:caseId/meetings/new': ['clinician', 'hub_lead'],
  'POST /cases/:caseId/meetings': ['clinician', 'hub_lead'],
  'GET /cases/:caseId/meetings/:meetingId': ['clinician', 'hub_lead'],
  'GET /cases/:caseId/meetings/:meetingId/edit': ['clinician', 'hub_lead'],
  'POST /cases/:caseId/meetings/:meetingId': ['clinician', 'hub_lead'],
  'POST /cases/:caseId/meetings/:meetingId/attendees': ['clinician', 'hub_lead'],
  'POST /cases/:caseId/meetings/:meetingId/attendees/:attendeeId/remove': ['clinician', 'hub_lead'],
  'POST /cases/:caseId/meetings/:meetingId/actions': ['clinician', 'hub_lead'],
  'POST /cases/:caseId/meetings/:meetingId/actions/:actionId/remove': ['clinician', 'hub_lead'],
  'GET /cases/:caseId/meetings/:meetingId/actions/:actionId/plan': ['clinician', 'hub_lead'],
  'POST /cases/:caseId/meetings/:meetingId/actions/:actionId/plan': ['clinician', 'hub_lead'],
  // Intervention plans (health compartment) and the Due and overdue list
  'GET /cases/:caseId/plan': ['clinician', 'hub_lead'],
  'GET /cases/:caseId/plan/versions/:versionNumber': ['clinician', 'hub_lead'],
  'GET /cases/:caseId/plan/new': ['clinician', 'hub_lead'],
  'POST /cases/:caseId/plan': ['clinician', 'hub_lead'],
  'GET /cases/:caseId/plan/needs/new': ['clinician', 'hub_lead'],
  'POST /cases/:caseId/plan/needs': ['clinician', 'hub_lead'],
  'GET /cases/:caseId/plan/needs/:needId/actions/new': ['clinician', 'hub_lead'],
  'POST /cases/:caseId/plan/needs/:needId/actions': ['clinician', 'hub_lead'],
  'GET /cases/:caseId/plan/actions/:actionId': ['clinician', 'hub_lead'],
  'POST /cases/:caseId/plan/actions/:actionId': ['clinician', 'hub_lead'],
  'GET /cases/:caseId/plan/review': ['clinician', 'hub_lead'],
  'POST /cases/:caseId/plan/review': ['clinician', 'hub_lead'],
  'GET /plans/due': ['clinician', 'hub_lead'],
  // Advice, police updates, closure, feedback, supervision, admin, requests, audit
  'GET /cases/:caseId/advice': ['clinician', 'hub_lead'],
  'GET /cases/:caseId/advice/new': ['clinician', 'hub_lead'],
  'POST /cases/:caseId/advice': ['clinician', 'hub_lead'],
  'GET /requests/:caseId/updates/new': ['case_officer'],
  'POST /requests/:caseId/updates': ['case_officer'],
  'GET /cases/:caseId/police-updates': ['clinician', 'hub_lead'],
  'GET /cases/:caseId/closure/new': ['clinician', 'hub_lead'],
  'POST /cases/:caseId/closure': ['clinician', 'hub_lead'],
  'GET /closures': ['hub_lead'],
  'GET /closures/:caseId': ['hub_lead'],
  'POST /closures/:caseId/approve': ['hub_lead'],
  'POST /closures/:caseId/return': ['hub_lead'],
  'GET /requests/:caseId/feedback': ['case_officer'],
  'POST /requests/:caseId/feedback': ['case_officer'],
  'GET /supervision': ['police_lead'],
  'GET /supervision/:caseId': ['police_lead'],
  'GET /admin/users': ['admin'],
  'POST /admin/users/search': ['admin'],
  'GET /admin/users/new': ['admin'],
  'POST /admin/users': ['admin'],
  'GET /admin/users/:id': ['admin'],
  'GET /admin/users/:id/edit': ['admin'],
  'POST /admin/users/:id': ['admin'],
  'POST /admin/users/:id/disable': ['admin'],
  'POST /admin/users/:id/enable': ['admin'],
  'POST /admin/users/:id/unlock': ['admin'],
  'POST /admin/users/:id/reset-mfa': ['admin'],
  'GET /admin/hubs': ['admin'],
  'GET /admin/hubs/new': ['admin'],
  'POST /admin/hubs': ['admin'],
  'GET /admin/hubs/:id/edit': ['admin'],
  'POST /admin/hubs/:id': ['admin'],
  'GET /guidance': ['case_officer'],
  'GET /requests': ['case_officer'],
  'GET /requests/new': ['case_officer'],
  'POST /requests/new': ['case_officer'],
  'GET /requests/drafts/:draftId': ['case_officer'],
  'GET /requests/drafts/:draftId/possible-match': ['case_officer'],
  'POST /requests/drafts/:draftId/possible-match': ['case_officer'],
  'GET /requests/drafts/:draftId/check-answers': ['case_officer'],
  'POST /requests/drafts/:draftId/submit': ['case_officer'],
  'GET /requests/drafts/:draftId/:section': ['case_officer'],
  'POST /requests/drafts/:draftId/:section': ['case_officer'],
  'GET /requests/:caseId/sent': ['case_officer'],
  'GET /requests/:caseId': ['case_officer'],
  'GET /audit': ['ig_officer'],
  'GET /audit/records/:subjectType/:subjectId': ['ig_officer'],
  'GET /audit/export.csv': ['ig_officer'],
  // Disclosure decisions
  'GET /cases/:caseId/disclosures/new': ['clinician', 'hub_lead'],
  'POST /cases/:caseId/disclosures': ['clinician', 'hub_lead'],
  'GET /cases/:caseId/disclosures/:disclosureId': ['clinician', 'hub_lead'],
  'GET /cases/:caseId/disclosures/:disclosureId/edit': ['clinician', 'hub_lead'],
  'POST /cases/:caseId/disclosures/:disclosureId': ['clinician', 'hub_lead'],
  'POST /cases/:caseId/disclosures/:disclosureId/submit': ['clinician', 'hub_lead'],
  'POST /cases/:caseId/disclosures/:disclosureId/withdraw': ['clinician', 'hub_lead'],
  'GET /requests/:caseId/disclosures/new': ['case_officer', 'police_lead'],
  'POST /requests/:caseId/disclosures': ['case_officer', 'police_lead'],
  'GET /requests/:caseId/disclosures/:disclosureId': ['case_officer', 'police_lead'],
  'GET /requests/:caseId/disclosures/:disclosureId/edit': ['case_officer', 'police_lead'],
  'POST /requests/:caseId/disclosures/:disclosureId': ['case_officer', 'police_lead'],
  'POST /requests/:caseId/disclosures/:disclosureId/submit': ['case_officer', 'police_lead'],
  'POST /requests/:caseId/disclosures/:disclosureId/withdraw': ['case_officer', 'police_lead'],
  'GET /disclosures/approvals': ['hub_lead'],
  'GET /disclosures/approvals/:disclosureId': ['hub_lead'],
  'POST /disclosures/approvals/:disclosureId/approve': ['hub_lead'],
  'POST /disclosures/approvals/:disclosureId/refuse': ['hub_lead'],
  'GET /disclosures/register': ['ig_officer', 'hub_lead'],
  'GET /disclosures/register.csv': ['ig_officer', 'hub_lead'],
  'GET /disclosures/received': ['case_officer', 'police_lead'],
  // Statistics: analysts nationally, hub leads their own hub
  'GET /statistics': ['analyst'],
  'GET /statistics/export.csv': ['analyst'],
  'GET /statistics/export.xlsx': ['analyst'],
  'GET /statistics/hubs': ['hub_lead'],
  'GET /statistics/hubs/:hubId': ['hub_lead'],
  'GET /statistics/hubs/:hubId/export.csv': ['hub_lead'],
  'GET /statistics/hubs/:hubId/export.xlsx': ['hub_lead'],
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const keyOf = (route: RouteListing) => `${route.method} ${route.url}`;
/** Path parameters that exist in form: a random UUID (a 404 is "through the guard"). */
const pathOf = (url: string) => url.replace(/:[A-Za-z_]+/g, () => randomUUID());

type State = 'signed out' | Role;
const STATES: readonly State[] = ['signed out', ...ROLES];

let t: TestApp;
let sessions: SessionStore;
const userOf = new Map<Role, string>();
let allRoles: string;

before(async () => {
  t = await testApp();
  sessions = sessionStore(t.database.db, t.clock, {
    idleMinutes: t.config.sessionIdleMinutes,
    absoluteHours: t.config.sessionAbsoluteHours,
  });
  for (const role of ROLES) {
    userOf.set(role, (await createUser(t.database.db, { roles: [role], hubCodes: ['WM'] })).id);
  }
  allRoles = (await createUser(t.database.db, { roles: [...ROLES], hubCodes: ['WM'] })).id;
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
      ['a user with every role', allRoles],
    ] as const) {
      const response = await call(route, userId, false);
      if (response.statusCode !== 403) {
        wrong.push(`${keyOf(route)} as ${who} without a token: ${response.statusCode}`);
      }
    }
  }
  assert.deepEqual(wrong, []);
});
