import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { Role } from '../src/domain/roles.ts';
import { sessionStore, type SessionStore } from '../src/features/auth/sessions.ts';
import { listRoutes, type RouteListing } from '../src/web/routes.ts';
import { testApp, type TestApp } from './support/app.ts';
import { createUser } from './support/auth.ts';
import { insertCase } from './support/journey.ts';
import { MATRIX, PUBLIC } from './support/route-matrix.ts';

const isApi = (route: RouteListing) => route.url.startsWith('/api/v1/');

/**
 * The authorization matrix again, for accounts that hold roles in two hubs (PRODUCT.md: a
 * clinician in one hub may be a hub lead in another). Every route is called by each account:
 * - the route's permission follows the matrix for the roles held anywhere;
 * - with the id of a case in a third hub, where the account holds nothing, no route answers
 *   anything but 403 or 404 (never the page, never the reason page that would say it exists);
 * - a role held in one hub grants nothing in the other: the hub lead of North West who is a
 *   clinician in West Midlands cannot allocate, approve or sign off there.
 */

interface Account {
  label: string;
  assignments: { role: Role; hub: string }[];
  id?: string;
}

const ACCOUNTS: Account[] = [
  {
    label: 'clinician in WM, hub lead in NW',
    assignments: [
      { role: 'clinician', hub: 'WM' },
      { role: 'hub_lead', hub: 'NW' },
    ],
  },
  {
    label: 'hub lead in WM, clinician in NW',
    assignments: [
      { role: 'hub_lead', hub: 'WM' },
      { role: 'clinician', hub: 'NW' },
    ],
  },
  {
    label: 'senior clinician in WM, clinician in NW',
    assignments: [
      { role: 'clinician', hub: 'WM' },
      { role: 'senior_clinician', hub: 'WM' },
      { role: 'clinician', hub: 'NW' },
    ],
  },
  {
    label: 'case officer in WM, police lead in NW',
    assignments: [
      { role: 'case_officer', hub: 'WM' },
      { role: 'police_lead', hub: 'NW' },
    ],
  },
  {
    label: 'police lead in WM, case officer in NW',
    assignments: [
      { role: 'police_lead', hub: 'WM' },
      { role: 'case_officer', hub: 'NW' },
    ],
  },
];

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const keyOf = (route: RouteListing) => `${route.method} ${route.url}`;

let t: TestApp;
let sessions: SessionStore;
const cases: Record<'WM' | 'NW' | 'LDN', string> = { WM: '', NW: '', LDN: '' };

before(async () => {
  t = await testApp();
  sessions = sessionStore(t.database.db, t.clock, {
    idleMinutes: t.config.sessionIdleMinutes,
    absoluteHours: t.config.sessionAbsoluteHours,
  });
  for (const account of ACCOUNTS) {
    account.id = (
      await createUser(t.database.db, { roles: [], assignments: account.assignments })
    ).id;
  }
  const officer = await createUser(t.database.db, {
    roles: ['case_officer'],
    hubCodes: ['WM', 'NW', 'LDN'],
  });
  const lead = await createUser(t.database.db, { roles: ['hub_lead'], hubCodes: ['WM', 'NW'] });
  for (const hubCode of ['WM', 'NW', 'LDN'] as const) {
    const { caseId } = await insertCase(t.database.db, { hubCode, requestedBy: officer.id });
    cases[hubCode] = caseId;
  }
  // The clinician-in-WM accounts are allocated to the WM case, so what stops them is the hub.
  const wmClinicians = ACCOUNTS.filter((a) => a.assignments[0]!.role === 'clinician');
  for (const [i, account] of wmClinicians.entries()) {
    await t.database.db
      .insertInto('allocations')
      .values({
        case_id: cases.WM,
        clinician_id: account.id!,
        role: i === 0 ? 'lead' : 'other',
        allocated_from: t.clock.now(),
        allocated_by: lead.id,
      })
      .execute();
  }
});
after(() => t?.close());

async function call(route: RouteListing, userId: string, caseId?: string) {
  const { cookieToken, session } = await sessions.create({ userId, stage: 'active' });
  const changes = !SAFE_METHODS.has(route.method);
  const url = route.url.replace(/:([A-Za-z_]+)/g, (_m, name: string) =>
    name === 'caseId' && caseId ? caseId : randomUUID(),
  );
  return t.app.inject({
    method: route.method,
    url,
    headers: {
      cookie: `cicero_session=${cookieToken}`,
      ...(changes
        ? { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': session.csrfToken }
        : {}),
    },
    ...(changes ? { payload: `_csrf=${encodeURIComponent(session.csrfToken)}` } : {}),
  });
}

test('accounts with roles in two hubs: every route as the matrix says for the roles held', async () => {
  const wrong: string[] = [];
  for (const route of listRoutes(t.app)) {
    const allowed = MATRIX[keyOf(route)];
    if (!allowed || allowed === PUBLIC) continue;
    for (const account of ACCOUNTS) {
      const response = await call(route, account.id!);
      const label = `${keyOf(route)} as ${account.label}: ${response.statusCode}`;
      const mayUse = account.assignments.some((a) => allowed.includes(a.role));
      if (response.statusCode >= 500) wrong.push(`${label} (server error)`);
      // The API reads no cookie: a session is no key to it (its clients: authorization-matrix).
      else if (isApi(route)) {
        if (response.statusCode !== 401) wrong.push(`${label} (a cookie on the API: expected 401)`);
      } else if (mayUse && response.statusCode === 403)
        wrong.push(`${label} (allowed, but refused)`);
      else if (!mayUse && response.statusCode !== 403) wrong.push(`${label} (expected 403)`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('a case in a hub where the account holds no role is never reachable by any route', async () => {
  const caseRoutes = listRoutes(t.app).filter((r) => r.url.includes(':caseId'));
  assert.ok(caseRoutes.length > 20, 'the case routes were found');
  const wrong: string[] = [];
  for (const route of caseRoutes) {
    for (const account of ACCOUNTS) {
      const response = await call(route, account.id!, cases.LDN);
      if (
        ![403, 404].includes(response.statusCode) &&
        !(isApi(route) && response.statusCode === 401)
      ) {
        wrong.push(
          `${keyOf(route)} as ${account.label} on the London case: ${response.statusCode} ${String(response.headers.location ?? '')}`,
        );
      }
    }
  }
  assert.deepEqual(wrong, []);
});

test('a role held in one hub grants nothing in the other', async () => {
  const byLabel = (label: string) => ACCOUNTS.find((a) => a.label === label)!.id!;
  const routeOf = (key: string) => {
    const found = listRoutes(t.app).find((r) => keyOf(r) === key);
    assert.ok(found, key);
    return found;
  };
  const allocation = routeOf('GET /cases/:caseId/allocation');
  // Hub lead in NW only: allocates there, not in WM where they are a clinician.
  const crossLead = byLabel('clinician in WM, hub lead in NW');
  assert.equal((await call(allocation, crossLead, cases.NW)).statusCode, 200);
  assert.equal((await call(allocation, crossLead, cases.WM)).statusCode, 404);
  // Hub lead in WM: allocates in WM; in NW, a clinician not allocated, asked for a reason first.
  const wmLead = byLabel('hub lead in WM, clinician in NW');
  assert.equal((await call(allocation, wmLead, cases.WM)).statusCode, 200);
  const nwCase = await call(routeOf('GET /cases/:caseId'), wmLead, cases.NW);
  assert.equal(nwCase.statusCode, 302);
  assert.equal(nwCase.headers.location, `/cases/${cases.NW}/reason`);
  // The case page in WM opens for the allocated clinician, with no reason.
  assert.equal((await call(routeOf('GET /cases/:caseId'), crossLead, cases.WM)).statusCode, 200);
});
