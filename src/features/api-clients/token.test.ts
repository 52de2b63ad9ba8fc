import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { generateKeyPair } from 'jose';
import { sql } from 'kysely';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import {
  apiHeaders,
  apiToken,
  clientAssertion,
  createApiClient,
  tokenAudience,
  tokenRequest,
  type TestApiClient,
} from '../../../test/support/api.ts';
import { route } from '../../web/routes.ts';
import { clientAdmin } from './client-service.ts';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** A test-only API route needing requests:read (H2's real routes are declared elsewhere). */
const probeRoutes = () => [
  route({
    method: 'GET',
    url: '/api/v1/test-probe',
    permission: 'request.create',
    handler: ({ principal, reply }) => reply.send({ userId: principal.userId }),
  }),
];

let t: TestApp;
let police: TestApiClient;

before(async () => {
  t = await testApp({ routes: probeRoutes });
  police = await createApiClient(t.database.db, {
    assignments: [{ role: 'case_officer', hub: 'WM' }],
    scopes: ['requests:write', 'requests:read'],
  });
});
after(() => t.close());

async function tokensOf(clientId: string): Promise<number> {
  const row = await t.database.db
    .selectFrom('api_access_tokens')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('client_id', '=', clientId)
    .executeTakeFirstOrThrow();
  return row.n;
}

async function exchange(assertion: string, extra: Record<string, string> = {}) {
  return tokenRequest(t, {
    grant_type: 'client_credentials',
    client_assertion_type: JWT_BEARER,
    client_assertion: assertion,
    ...extra,
  });
}

test('a client exchanges a signed assertion for a short-lived bearer token', async () => {
  const before = await tokensOf(police.clientId);
  const response = await exchange(await clientAssertion(t, police));
  assert.equal(response.statusCode, 200, response.body);
  const body = response.json<Record<string, unknown>>();
  assert.equal(body.token_type, 'Bearer');
  assert.equal(body.expires_in, 600);
  assert.equal(body.scope, 'requests:write requests:read');
  assert.match(String(body.access_token), /^[A-Za-z0-9_-]{43}$/);
  assert.equal(response.headers['cache-control'], 'no-store');
  assert.equal(await tokensOf(police.clientId), before + 1);
  const stored = await t.database.db
    .selectFrom('api_access_tokens')
    .select('id')
    .where('client_id', '=', police.clientId)
    .execute();
  assert.ok(
    stored.every((s) => s.id !== body.access_token),
    'only a hash is stored',
  );
});

test('the token opens an API route for the client; apiToken does the same exchange', async () => {
  const token = await apiToken(t, police);
  const response = await t.app.inject({
    method: 'GET',
    url: '/api/v1/test-probe',
    headers: apiHeaders(token),
  });
  assert.equal(response.statusCode, 200, response.body);
  assert.equal(response.json<{ userId: string }>().userId, police.clientId);
});

test('aud is accepted as the configured public address of the token endpoint', () => {
  assert.equal(tokenAudience(t), 'http://localhost:80/api/v1/token');
});

/** Each refusal: the OAuth error and status RFC 6749 names, no token issued, an audit row. */
async function refused(
  response: Awaited<ReturnType<typeof exchange>>,
  error: string,
  status: number,
  clientId = police.clientId,
  tokensBefore?: number,
) {
  assert.equal(response.statusCode, status, response.body);
  assert.match(String(response.headers['content-type']), /^application\/json/);
  const body = response.json<{ error: string; error_description: string; access_token?: string }>();
  assert.equal(body.error, error);
  assert.equal(typeof body.error_description, 'string');
  assert.equal(body.access_token, undefined);
  if (tokensBefore !== undefined) assert.equal(await tokensOf(clientId), tokensBefore);
}

test('an assertion signed by another key is refused: invalid_client, nothing issued', async () => {
  const before = await tokensOf(police.clientId);
  const { privateKey } = await generateKeyPair('ES256');
  const response = await exchange(await clientAssertion(t, police, { key: privateKey }));
  await refused(response, 'invalid_client', 401, police.clientId, before);
  const audit = await t.database.db
    .selectFrom('audit_events')
    .select(['actor_client_id', 'outcome', 'detail'])
    .where('actor_client_id', '=', police.clientId)
    .where('outcome', '=', 'failure')
    .execute();
  assert.ok(
    audit.some((a) => a.detail.code === 'assertion-invalid'),
    'the refusal is audited',
  );
});

test('an expired assertion is refused', async () => {
  const before = await tokensOf(police.clientId);
  const assertion = await clientAssertion(t, police);
  t.clock.advance(5 * 60_000);
  try {
    await refused(await exchange(assertion), 'invalid_client', 401, police.clientId, before);
  } finally {
    t.clock.advance(-5 * 60_000);
  }
});

test('an assertion that would last longer than five minutes is refused', async () => {
  const now = Math.floor(t.clock.now().getTime() / 1000);
  const before = await tokensOf(police.clientId);
  const assertion = await clientAssertion(t, police, { claims: { exp: now + 3600 } });
  await refused(await exchange(assertion), 'invalid_client', 401, police.clientId, before);
});

test('a replayed assertion (same jti) is refused the second time', async () => {
  const assertion = await clientAssertion(t, police);
  assert.equal((await exchange(assertion)).statusCode, 200);
  const before = await tokensOf(police.clientId);
  await refused(await exchange(assertion), 'invalid_client', 401, police.clientId, before);
  // Another assertion with a fresh jti works.
  assert.equal((await exchange(await clientAssertion(t, police))).statusCode, 200);
});

test('an assertion for another audience is refused', async () => {
  const before = await tokensOf(police.clientId);
  for (const aud of [
    'https://elsewhere.example/api/v1/token',
    'http://localhost:80/api/v1/other',
  ]) {
    const assertion = await clientAssertion(t, police, { claims: { aud } });
    await refused(await exchange(assertion), 'invalid_client', 401, police.clientId, before);
  }
});

test('iss and sub must both be the client id', async () => {
  const other = await createApiClient(t.database.db, {
    assignments: [{ role: 'case_officer', hub: 'NW' }],
    scopes: ['requests:read'],
  });
  const before = await tokensOf(police.clientId);
  const mixed = await clientAssertion(t, police, { claims: { sub: other.clientId } });
  await refused(await exchange(mixed), 'invalid_client', 401, police.clientId, before);
  // A client cannot present itself as another with its own key.
  const impostor = await clientAssertion(t, police, {
    claims: { iss: other.clientId, sub: other.clientId },
  });
  await refused(await exchange(impostor), 'invalid_client', 401, other.clientId, 0);
});

test('an unknown client is refused', async () => {
  const stranger = { ...police, clientId: '00000000-0000-4000-8000-000000000000' };
  await refused(await exchange(await clientAssertion(t, stranger)), 'invalid_client', 401);
  await refused(await exchange('not-a-jwt'), 'invalid_client', 401);
});

test('unsigned and HMAC assertions are refused', async () => {
  const before = await tokensOf(police.clientId);
  const signed = await clientAssertion(t, police);
  const [, payload] = signed.split('.');
  const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
  await refused(await exchange(none), 'invalid_client', 401, police.clientId, before);
  const hs = `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${payload}.c2ln`;
  await refused(await exchange(hs), 'invalid_client', 401, police.clientId, before);
});

test('a disabled client is refused, and its tokens stop working', async () => {
  const client = await createApiClient(t.database.db, {
    assignments: [{ role: 'case_officer', hub: 'WM' }],
    scopes: ['requests:read'],
  });
  const token = await apiToken(t, client);
  await clientAdmin(t.database.db, t.clock).disable(client.clientId, {
    userId: null,
    role: null,
    hubId: null,
    requestId: null,
  });
  await refused(
    await exchange(await clientAssertion(t, client)),
    'invalid_client',
    401,
    client.clientId,
    1,
  );
  const call = await t.app.inject({
    method: 'GET',
    url: '/api/v1/test-probe',
    headers: apiHeaders(token),
  });
  assert.equal(call.statusCode, 401);
});

test('grants other than client_credentials, and malformed requests, are refused', async () => {
  const before = await tokensOf(police.clientId);
  const assertion = await clientAssertion(t, police);
  await refused(
    await exchange(assertion, { grant_type: 'password' }),
    'unsupported_grant_type',
    400,
    police.clientId,
    before,
  );
  await refused(
    await exchange(assertion, { client_assertion_type: 'urn:other' }),
    'invalid_client',
    401,
    police.clientId,
    before,
  );
  await refused(
    await tokenRequest(t, { grant_type: 'client_credentials' }),
    'invalid_request',
    400,
  );
  const json = await t.app.inject({
    method: 'POST',
    url: '/api/v1/token',
    payload: {
      grant_type: 'client_credentials',
      client_assertion_type: JWT_BEARER,
      client_assertion: assertion,
    },
  });
  await refused(json, 'invalid_request', 400, police.clientId, before);
});

test('scopes: a subset may be asked for; one not held is invalid_scope', async () => {
  const narrow = await exchange(await clientAssertion(t, police), { scope: 'requests:read' });
  assert.equal(narrow.statusCode, 200);
  assert.equal(narrow.json<{ scope: string }>().scope, 'requests:read');
  const before = await tokensOf(police.clientId);
  for (const scope of ['cases:read', 'requests:read admin', 'statistics:read']) {
    const response = await exchange(await clientAssertion(t, police), { scope });
    await refused(response, 'invalid_scope', 400, police.clientId, before);
  }
});

test('an RS256 client works too', async () => {
  const rsa = await createApiClient(t.database.db, {
    assignments: [{ role: 'clinician', hub: 'WM' }],
    scopes: ['cases:read'],
    alg: 'RS256',
  });
  const response = await exchange(await clientAssertion(t, rsa));
  assert.equal(response.statusCode, 200, response.body);
  assert.equal(response.json<{ scope: string }>().scope, 'cases:read');
});
