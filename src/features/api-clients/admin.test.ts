import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { exportJWK, generateKeyPair } from 'jose';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { apiHeaders, apiToken, type TestApiClient } from '../../../test/support/api.ts';
import { confirmCode, signIn, type SignedIn } from '../../../test/support/auth.ts';
import { route } from '../../web/routes.ts';

let t: TestApp;
let admin: SignedIn;

const probe = () => [
  route({
    method: 'GET',
    url: '/api/v1/test-probe',
    permission: 'request.create',
    handler: ({ reply }) => reply.send({ ok: true }),
  }),
];

before(async () => {
  t = await testApp({ routes: probe });
  admin = await signIn(t, { roles: ['admin'], name: 'Alex Admin' });
});
after(() => t.close());

const post = (url: string, payload: Record<string, unknown>) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: admin.cookie },
    payload: { _csrf: admin.csrfToken, ...payload },
  });
const get = (url: string, who: { cookie: string } = admin) =>
  t.app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });

const clientCount = async () =>
  (await t.database.db.selectFrom('api_clients').select('user_id').execute()).length;

async function publicJwk() {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  return { text: JSON.stringify(await exportJWK(publicKey)), privateKey, publicKey };
}

const form = async (overrides: Record<string, unknown> = {}) => ({
  name: 'West Midlands Police PCMT',
  organisation: 'West Midlands Police',
  'hub-WM': ['case_officer'],
  scopes: ['requests:write', 'requests:read'],
  mayActForUsers: 'yes',
  publicKey: (await publicJwk()).text,
  ...overrides,
});

/** The messages of a form page's GOV.UK error summary. */
const summary = (html: string) =>
  [...html.matchAll(/<a href="#([^"]+)"[^>]*>([^<]+)<\/a>/g)]
    .filter((m) => m[1] !== 'main-content')
    .map((m) => `${m[1]}: ${m[2]!.trim()}`);

test('adding a client needs a fresh code; the admin area links to the pages', async () => {
  const home = await get('/home');
  assert.match(home.body, /href="\/admin\/api-clients"/);
  const first = await get('/admin/api-clients/new');
  assert.equal(first.statusCode, 302);
  assert.equal(first.headers.location, '/confirm-code');
  assert.equal(await confirmCode(t, admin), '/admin/api-clients/new');
  const page = await get('/admin/api-clients/new');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Add an API client/);
  assert.match(page.body, /name="hub-WM"/);
});

test('bad input: a GOV.UK error summary naming each field, and nothing written', async () => {
  const before = await clientCount();
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ publicKey: 'not json' }, /publicKey: Enter the public key as JWK JSON text/],
    [
      { publicKey: JSON.stringify(await exportJWK(privateKey)) },
      /publicKey: That is a private key/,
    ],
    [{ publicKey: '{"kty":"oct","k":"c2VjcmV0"}' }, /publicKey: That is a private key/],
    [
      { publicKey: '{"kty":"OKP","crv":"Ed25519","x":"abc"}' },
      /publicKey: The public key must be an RSA key or an EC key on P-256/,
    ],
    [
      { 'hub-WM': ['case_officer', 'clinician'] },
      /roles: Case officer \(police\) and Clinician \(health\) cannot be held by one account/,
    ],
    [
      { 'hub-WM': [], roles: ['admin'], scopes: ['statistics:read'] },
      /roles: An API client cannot hold the service desk administrator role/,
    ],
    [{ scopes: ['cases:read'] }, /scopes: A police client cannot have the scope cases:read/],
    [{ scopes: [] }, /scopes: Select at least one scope/],
    [{ name: '', organisation: '', mayActForUsers: '' }, /name: Enter the client's name/],
    [{ 'hub-WM': [] }, /roles: Select at least one role/],
  ];
  for (const [overrides, expected] of cases) {
    const response = await post('/admin/api-clients', await form(overrides));
    assert.equal(response.statusCode, 400, JSON.stringify(overrides));
    assert.match(response.body, /govuk-error-summary/);
    const messages = summary(response.body).join('\n');
    assert.match(
      messages.replaceAll('&#39;', "'"),
      expected,
      `${JSON.stringify(overrides)}: ${messages}`,
    );
  }
  // Several errors at once, the input kept.
  const many = await post('/admin/api-clients', await form({ name: '', publicKey: 'x' }));
  assert.equal(summary(many.body).length, 2);
  assert.match(many.body, /West Midlands Police/);
  assert.equal(await clientCount(), before);
});

test('adding a client: audited, listed, shown with its id, and its key works', async () => {
  const key = await publicJwk();
  const response = await post('/admin/api-clients', await form({ publicKey: key.text }));
  assert.equal(response.statusCode, 302, summary(response.body).join('\n'));
  const clientId = /^\/admin\/api-clients\/([0-9a-f-]{36})\?done=created$/.exec(
    response.headers.location ?? '',
  )?.[1];
  assert.ok(clientId, String(response.headers.location));
  const page = await get(response.headers.location!);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, new RegExp(clientId));
  assert.match(page.body, /Case officer in WM/);
  assert.match(page.body, /requests:write, requests:read/);
  const list = await get('/admin/api-clients');
  assert.match(list.body, /West Midlands Police PCMT/);

  const audit = await t.database.db
    .selectFrom('audit_events')
    .selectAll()
    .where('action', '=', 'admin')
    .where('subject_id', '=', clientId)
    .executeTakeFirstOrThrow();
  assert.equal(audit.actor_user_id, admin.userId);
  assert.equal(audit.detail.event, 'api-client-created');
  assert.deepEqual(audit.detail.assignments, ['case_officer:WM']);

  const row = await t.database.db
    .selectFrom('users')
    .select(['kind', 'side'])
    .where('id', '=', clientId)
    .executeTakeFirstOrThrow();
  assert.deepEqual(row, { kind: 'service', side: 'police' });
  const keyId = (
    await t.database.db
      .selectFrom('api_clients')
      .select('key_id')
      .where('user_id', '=', clientId)
      .executeTakeFirstOrThrow()
  ).key_id;
  const client: TestApiClient = {
    clientId,
    userId: clientId,
    privateKey: key.privateKey,
    keyId,
    alg: 'ES256',
  };
  const token = await apiToken(t, client);
  const call = await t.app.inject({
    method: 'GET',
    url: '/api/v1/test-probe',
    headers: apiHeaders(token),
  });
  assert.equal(call.statusCode, 200);

  // A service account is not a user of the user pages.
  assert.equal((await get(`/admin/users/${clientId}`)).statusCode, 404);
  assert.doesNotMatch((await get('/admin/users')).body, /West Midlands Police PCMT/);

  // Disabling revokes its tokens at once, and is audited.
  const disabled = await post(`/admin/api-clients/${clientId}/disable`, {});
  assert.equal(disabled.statusCode, 302);
  assert.equal(disabled.headers.location, `/admin/api-clients/${clientId}?done=disabled`);
  const tokens = await t.database.db
    .selectFrom('api_access_tokens')
    .select('revoked_at')
    .where('client_id', '=', clientId)
    .execute();
  assert.ok(tokens.length > 0 && tokens.every((r) => r.revoked_at !== null), 'revoked');
  const again = await t.app.inject({
    method: 'GET',
    url: '/api/v1/test-probe',
    headers: apiHeaders(token),
  });
  assert.equal(again.statusCode, 401);
  const events = await t.database.db
    .selectFrom('audit_events')
    .select(['detail', 'actor_user_id'])
    .where('subject_id', '=', clientId)
    .where('action', '=', 'admin')
    .execute();
  const event = events.find((e) => e.detail.event === 'api-client-disabled');
  assert.equal(event?.actor_user_id, admin.userId);
  assert.ok(Number(event?.detail.tokensRevoked) >= 1);
  assert.match((await get(`/admin/api-clients/${clientId}`)).body, /Disabled/);
});

test('only administrators reach the pages', async () => {
  const officer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
  assert.equal((await get('/admin/api-clients', officer)).statusCode, 403);
  const posted = await t.app.inject({
    method: 'POST',
    url: '/admin/api-clients',
    headers: { cookie: officer.cookie },
    payload: { _csrf: officer.csrfToken, ...(await form()) },
  });
  assert.equal(posted.statusCode, 403);
  assert.equal(
    (await get('/admin/api-clients/00000000-0000-4000-8000-000000000000')).statusCode,
    404,
  );
});
