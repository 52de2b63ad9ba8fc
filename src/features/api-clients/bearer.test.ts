import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { createUser, signIn } from '../../../test/support/auth.ts';
import {
  apiHeaders,
  apiToken,
  clientAssertion,
  createApiClient,
  tokenRequest,
  type TestApiClient,
} from '../../../test/support/api.ts';
import { testClock } from '../../../test/support/clock.ts';
import type { Database } from '../../db/database.ts';
import { route, type RouteDeclaration } from '../../web/routes.ts';
import { recordAudit } from '../audit/record.ts';

const clock = testClock();

/** Test-only API routes: one needing requests:write (and writing an audit row), one requests:read. */
function probeRoutes(database: Database): RouteDeclaration[] {
  const write = route({
    method: 'POST',
    url: '/api/v1/test-probe',
    permission: 'request.create',
    handler: async ({ principal, actor, reply }) => {
      await recordAudit(database.db, clock, actor, {
        action: 'collection',
        subjectType: 'test-probe',
      });
      return reply.send({ userId: principal.userId, role: actor.role, clientId: actor.clientId });
    },
  });
  const read = route({
    method: 'GET',
    url: '/api/v1/test-probe',
    permission: 'request.create',
    handler: ({ principal, reply }) => reply.send({ userId: principal.userId }),
  });
  return [
    { ...write, access: { permission: 'request.create', scope: 'requests:write' } },
    { ...read, access: { permission: 'request.create', scope: 'requests:read' } },
  ];
}

let t: TestApp;
let police: TestApiClient;
let trusted: TestApiClient;

before(async () => {
  t = await testApp({ routes: probeRoutes, clock });
  police = await createApiClient(t.database.db, {
    assignments: [{ role: 'case_officer', hub: 'WM' }],
    scopes: ['requests:write', 'requests:read'],
  });
  trusted = await createApiClient(t.database.db, {
    assignments: [{ role: 'case_officer', hub: 'WM' }],
    scopes: ['requests:write', 'requests:read'],
    mayActForUsers: true,
  });
});
after(() => t.close());

const call = (headers: Record<string, string>, method: 'GET' | 'POST' = 'GET') =>
  t.app.inject({ method, url: '/api/v1/test-probe', headers });

async function probeRows(clientId: string): Promise<number> {
  const rows = await t.database.db
    .selectFrom('audit_events')
    .select('id')
    .where('subject_type', '=', 'test-probe')
    .where('actor_client_id', '=', clientId)
    .execute();
  return rows.length;
}

function unauthorized(response: Awaited<ReturnType<typeof call>>) {
  assert.equal(response.statusCode, 401, response.body);
  assert.equal(response.headers['www-authenticate'], 'Bearer error="invalid_token"');
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  assert.equal(response.json<{ status: number }>().status, 401);
}

test('no token, a malformed or unknown token: 401 with WWW-Authenticate', async () => {
  unauthorized(await call({}));
  unauthorized(await call({ authorization: 'Bearer' }));
  unauthorized(await call({ authorization: 'Basic dXNlcjpwYXNz' }));
  unauthorized(await call(apiHeaders('x'.repeat(43))));
  unauthorized(await call(apiHeaders('a b')));
});

test('a token is good for ten minutes', async () => {
  const token = await apiToken(t, police);
  clock.advance(9 * 60_000);
  assert.equal((await call(apiHeaders(token))).statusCode, 200);
  clock.advance(60_000);
  unauthorized(await call(apiHeaders(token)));
});

test('a session cookie opens nothing under /api/v1/, and CSRF does not apply there', async () => {
  const officer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
  unauthorized(await call({ cookie: officer.cookie }));
  unauthorized(await call({ cookie: officer.cookie, 'x-csrf-token': officer.csrfToken }, 'POST'));
  // A bearer request is not refused for want of a CSRF token (it reads no cookie).
  const token = await apiToken(t, police);
  const posted = await call({ ...apiHeaders(token), cookie: officer.cookie }, 'POST');
  assert.equal(posted.statusCode, 200, posted.body);
  assert.equal(posted.json<{ userId: string }>().userId, police.clientId, 'the cookie is ignored');
  // The token endpoint, public, needs no CSRF token either (tested throughout token.test.ts).
});

test('a route whose scope the token lacks: 403 insufficient_scope, and a denial audited', async () => {
  const before = await probeRows(police.clientId);
  const readOnly = await apiToken(t, police, { scope: 'requests:read' });
  assert.equal((await call(apiHeaders(readOnly))).statusCode, 200);
  const refused = await call(apiHeaders(readOnly), 'POST');
  assert.equal(refused.statusCode, 403, refused.body);
  assert.match(String(refused.headers['www-authenticate']), /error="insufficient_scope"/);
  assert.match(String(refused.headers['content-type']), /^application\/problem\+json/);
  assert.equal(refused.json<{ code: string }>().code, 'insufficient_scope');
  const denial = await t.database.db
    .selectFrom('audit_events')
    .select(['actor_user_id', 'actor_client_id', 'detail'])
    .where('action', '=', 'denial')
    .where('actor_client_id', '=', police.clientId)
    .where('subject_type', '=', 'route')
    .executeTakeFirst();
  assert.equal(denial?.detail.code, 'insufficient-scope');
  assert.equal(await probeRows(police.clientId), before, 'the handler did not run');
});

test("a client without the route's permission is refused by the same guard as people", async () => {
  const health = await createApiClient(t.database.db, {
    assignments: [{ role: 'clinician', hub: 'WM' }],
    scopes: ['requests:read'],
  });
  const response = await call(apiHeaders(await apiToken(t, health)));
  assert.equal(response.statusCode, 403);
});

test('an acting user: their access applies, and the audit row names both', async () => {
  const officer = await createUser(t.database.db, { roles: ['case_officer'], hubCodes: ['WM'] });
  const token = await apiToken(t, trusted);
  const response = await call(apiHeaders(token, officer.id), 'POST');
  assert.equal(response.statusCode, 200, response.body);
  assert.deepEqual(response.json(), {
    userId: officer.id,
    role: 'case_officer',
    clientId: trusted.clientId,
  });
  const row = await t.database.db
    .selectFrom('audit_events')
    .select(['actor_user_id', 'actor_client_id', 'actor_role'])
    .where('subject_type', '=', 'test-probe')
    .where('actor_user_id', '=', officer.id)
    .executeTakeFirstOrThrow();
  assert.equal(row.actor_client_id, trusted.clientId);
  assert.equal(row.actor_role, 'case_officer');
  // Without an acting user, the client's own service account is the actor.
  const own = await call(apiHeaders(token), 'POST');
  assert.equal(own.json<{ userId: string }>().userId, trusted.clientId);
});

test("an acting user's own access applies: one without the permission is refused", async () => {
  const lead = await createUser(t.database.db, { roles: ['police_lead'], hubCodes: ['WM'] });
  const response = await call(apiHeaders(await apiToken(t, trusted), lead.id), 'POST');
  assert.equal(response.statusCode, 403);
});

test('acting users are refused unless the client may, and the user is an active person of its side', async () => {
  const officer = await createUser(t.database.db, { roles: ['case_officer'], hubCodes: ['WM'] });
  const clinician = await createUser(t.database.db, { roles: ['clinician'], hubCodes: ['WM'] });
  const disabled = await createUser(t.database.db, { roles: ['case_officer'], hubCodes: ['WM'] });
  await t.database.db
    .updateTable('users')
    .set({ status: 'disabled' })
    .where('id', '=', disabled.id)
    .execute();
  const cases: [TestApiClient, string][] = [
    [police, officer.id], // this client may not act for users
    [trusted, clinician.id], // another side
    [trusted, disabled.id], // disabled
    [trusted, police.clientId], // a service account, not a person
    [trusted, '00000000-0000-4000-8000-000000000000'], // nobody
    [trusted, 'not-an-id'],
  ];
  for (const [client, actingUserId] of cases) {
    const response = await call(apiHeaders(await apiToken(t, client), actingUserId), 'POST');
    assert.equal(response.statusCode, 403, `${actingUserId}: ${response.body}`);
    assert.equal(response.json<{ code: string }>().code, 'acting_user_refused');
  }
  const written = await t.database.db
    .selectFrom('audit_events')
    .select(['actor_client_id'])
    .where('action', '=', 'denial')
    .where('subject_type', '=', 'acting-user')
    .execute();
  assert.ok(written.length >= cases.length, 'each refusal is audited');
});

test('a service account cannot sign in to the pages', async () => {
  const account = await t.database.db
    .selectFrom('users')
    .select(['email', 'kind', 'password_hash'])
    .where('id', '=', police.clientId)
    .executeTakeFirstOrThrow();
  assert.equal(account.kind, 'service');
  assert.equal(account.password_hash, null);
  const page = await t.app.inject({ method: 'GET', url: '/sign-in' });
  const cookie = String(page.headers['set-cookie']).split(';')[0]!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const response = await t.app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { cookie },
    payload: { _csrf: csrf, email: account.email, password: 'anything at all, really' },
  });
  assert.notEqual(response.statusCode, 302);
  // And a session can never carry its principal: sessions build people only.
  await assert.rejects(
    t.database.db
      .updateTable('users')
      .set({ password_hash: 'x' })
      .where('id', '=', police.clientId)
      .execute(),
    /users_service_has_no_password/,
  );
});

test('with PUBLIC_URL set, the audience is that address', async () => {
  const configured = await testApp({ config: { publicUrl: 'https://cicero.example.nhs.uk' } });
  try {
    const client = await createApiClient(configured.database.db, {
      assignments: [{ role: 'analyst' }],
      scopes: ['statistics:read'],
    });
    const fields = (assertion: string) => ({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    });
    const local = await clientAssertion(configured, client, {
      claims: { aud: 'http://localhost:80/api/v1/token' },
    });
    assert.equal((await tokenRequest(configured, fields(local))).statusCode, 401);
    const good = await clientAssertion(configured, client);
    assert.equal((await tokenRequest(configured, fields(good))).statusCode, 200);
  } finally {
    await configured.close();
  }
});

test('in production without PUBLIC_URL no audience is accepted (a Host header is no audience)', async () => {
  for (const publicUrl of [undefined, 'https://cicero.example.nhs.uk']) {
    const production = await testApp({ config: { nodeEnv: 'production', publicUrl } });
    try {
      const client = await createApiClient(production.database.db, {
        assignments: [{ role: 'analyst' }],
        scopes: ['statistics:read'],
      });
      const response = await tokenRequest(production, {
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: await clientAssertion(production, client),
      });
      assert.equal(response.statusCode, publicUrl ? 200 : 401, `${publicUrl}: ${response.body}`);
    } finally {
      await production.close();
    }
  }
});

test('each client is rate limited per minute: 429 problem+json with Retry-After', async () => {
  const limited = await testApp({
    routes: probeRoutes,
    clock,
    config: { apiRateLimitPerMinute: 3 },
  });
  try {
    const one = await createApiClient(limited.database.db, {
      assignments: [{ role: 'case_officer', hub: 'WM' }],
      scopes: ['requests:read'],
    });
    const two = await createApiClient(limited.database.db, {
      assignments: [{ role: 'case_officer', hub: 'WM' }],
      scopes: ['requests:read'],
    });
    const [a, b] = [await apiToken(limited, one), await apiToken(limited, two)];
    const get = (token: string) =>
      limited.app.inject({ method: 'GET', url: '/api/v1/test-probe', headers: apiHeaders(token) });
    for (let i = 0; i < 3; i += 1) assert.equal((await get(a)).statusCode, 200);
    const over = await get(a);
    assert.equal(over.statusCode, 429, over.body);
    assert.match(String(over.headers['content-type']), /^application\/problem\+json/);
    assert.ok(Number(over.headers['retry-after']) > 0, 'Retry-After names the seconds to wait');
    assert.equal(over.json<{ status: number }>().status, 429);
    // Another client has its own allowance.
    assert.equal((await get(b)).statusCode, 200);
  } finally {
    await limited.close();
  }
});
