import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { SignJWT, importJWK } from 'jose';
import type { OidcProviderSettings } from '../../../config.ts';
import { testApp, type TestApp } from '../../../../test/support/app.ts';
import { createUser } from '../../../../test/support/auth.ts';
import {
  startTestIdentityProvider,
  testKeyPair,
  type TestIdentityProvider,
} from '../../../../test/support/oidc-provider.ts';
import { FORM, form, ssoSignIn } from '../../../../test/support/sso.ts';
import { linkSsoIdentity } from './service.ts';

const PUBLIC_URL = 'http://127.0.0.1:9';
const SECRET = 'test-client-secret-0123456789';
const LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';
const ENDPOINT = '/sign-in/sso/nhs/backchannel-logout';

/** Where the provider posts its logout tokens: kept here, then handed to the app by a test. */
let receiver: Server;
const received: string[] = [];
let idp: TestIdentityProvider;

before(async () => {
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += String(chunk)));
    request.on('end', () => {
      received.push(new URLSearchParams(body).get('logout_token') ?? '');
      response.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const port = (receiver.address() as AddressInfo).port;
  idp = await startTestIdentityProvider([
    {
      clientId: 'cicero',
      clientSecret: SECRET,
      redirectUri: `${PUBLIC_URL}/sign-in/sso/nhs/callback`,
      backchannelLogoutUri: `http://127.0.0.1:${port}/logout`,
    },
  ]);
});
after(async () => {
  await idp.close();
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

const settings = (issuer: string): OidcProviderSettings => ({
  id: 'nhs',
  name: 'Test Smartcard',
  issuer,
  clientId: 'cicero',
  clientSecret: SECRET,
  requireMfa: false,
  mfaAcrValues: [],
});

async function withUser(
  body: (t: TestApp, user: { id: string; subject: string }) => Promise<void>,
) {
  const t = await testApp({
    config: { publicUrl: PUBLIC_URL, oidcProviders: [settings(idp.issuer)] },
  });
  // Logout tokens are stamped by the real clock.
  t.clock.set(new Date());
  try {
    const user = await createUser(t.database.db, { roles: ['clinician'], hubCodes: ['WM'] });
    const subject = `bcl-${user.id}`;
    await linkSsoIdentity(t.database.db, t.clock, {
      email: user.email,
      providerId: 'nhs',
      issuer: idp.issuer,
      subject,
    });
    await body(t, { id: user.id, subject });
  } finally {
    await t.close();
  }
}

const post = (t: TestApp, token: string, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url: ENDPOINT,
    headers: { ...FORM, ...headers },
    payload: form({ logout_token: token }),
  });

const live = async (t: TestApp, userId: string) =>
  (
    await t.database.db
      .selectFrom('sessions')
      .select(['id', 'data'])
      .where('user_id', '=', userId)
      .where('ended_at', 'is', null)
      .execute()
  ).map((s) => ({ id: s.id, sid: (s.data.ssoLogin as { sid?: string } | undefined)?.sid }));

const logoutEvents = async (t: TestApp) =>
  (
    await t.database.db
      .selectFrom('audit_events')
      .select(['detail', 'outcome', 'subject_id'])
      .where('action', '=', 'sign-in')
      .execute()
  )
    .map((e): Record<string, unknown> => ({
      ...e.detail,
      outcome: e.outcome,
      subject: e.subject_id,
    }))
    .filter((e) => String(e.event).startsWith('sso-backchannel'));

test("the provider's logout token for one session ends that session only; a replay is refused", () =>
  withUser(async (t, user) => {
    const one = await ssoSignIn(t, 'nhs', user.subject);
    const two = await ssoSignIn(t, 'nhs', user.subject);
    const sessions = await live(t, user.id);
    assert.equal(sessions.length, 2);
    assert.ok(
      sessions.every((s) => typeof s.sid === 'string'),
      'the provider sid is kept',
    );
    const sidOne = sessions.find((s) => s.sid !== undefined)!.sid!;
    const sidTwo = sessions.find((s) => s.sid !== sidOne)!.sid!;
    assert.notEqual(sidOne, sidTwo);

    received.length = 0;
    await idp.backchannelLogout('cicero', user.subject, sidOne);
    assert.equal(received.length, 1);
    const token = received[0]!;
    // Server to server: no CSRF token; a cookie sent with it is not read.
    const answer = await post(t, token, { cookie: one.cookie });
    assert.equal(answer.statusCode, 200);
    assert.deepEqual(
      (await live(t, user.id)).map((s) => s.sid),
      [sidTwo],
    );
    const home = await t.app.inject({
      method: 'GET',
      url: '/home',
      headers: { cookie: one.cookie },
    });
    assert.equal(home.headers.location, '/sign-in', 'signed out');
    const still = await t.app.inject({
      method: 'GET',
      url: '/home',
      headers: { cookie: two.cookie },
    });
    assert.equal(still.statusCode, 200);

    const replay = await post(t, token);
    assert.equal(replay.statusCode, 400);
    assert.deepEqual(JSON.parse(replay.body), { error: 'invalid_request' });
    assert.equal((await live(t, user.id)).length, 1);
    assert.deepEqual(
      (await logoutEvents(t)).map((e) => [e.event, e.outcome, e.subject, e.ended ?? e.code]),
      [
        ['sso-backchannel-logout', 'success', user.id, 1],
        ['sso-backchannel-logout-refused', 'failure', null, 'replayed'],
      ],
    );
    assert.ok(!JSON.stringify(await logoutEvents(t)).includes(user.subject), 'no subject');
    assert.deepEqual(idp.errors, []);
  }));

test('a logout token naming only the subject ends every session of that user', () =>
  withUser(async (t, user) => {
    await ssoSignIn(t, 'nhs', user.subject);
    await ssoSignIn(t, 'nhs', user.subject);
    const bystander = await createUser(t.database.db, { roles: ['clinician'], hubCodes: ['WM'] });
    await linkSsoIdentity(t.database.db, t.clock, {
      email: bystander.email,
      providerId: 'nhs',
      issuer: idp.issuer,
      subject: `bcl-${bystander.id}`,
    });
    await ssoSignIn(t, 'nhs', `bcl-${bystander.id}`);
    const token = await idp.sign({
      iss: idp.issuer,
      aud: 'cicero',
      iat: Math.floor(Date.now() / 1000),
      jti: randomUUID(),
      sub: user.subject,
      events: { [LOGOUT_EVENT]: {} },
    });
    assert.equal((await post(t, token)).statusCode, 200);
    assert.deepEqual(await live(t, user.id), []);
    assert.equal((await live(t, bystander.id)).length, 1);
  }));

test('logout tokens that fail a check are refused, end nothing, and are audited', () =>
  withUser(async (t, user) => {
    await ssoSignIn(t, 'nhs', user.subject);
    const now = Math.floor(Date.now() / 1000);
    const good = {
      iss: idp.issuer,
      aud: 'cicero',
      iat: now,
      sub: user.subject,
      events: { [LOGOUT_EVENT]: {} },
    };
    const stranger = testKeyPair('test-idp-key');
    const foreign = await new SignJWT({ ...good, jti: randomUUID() })
      .setProtectedHeader({ alg: 'RS256', kid: 'test-idp-key' })
      .sign(await importJWK(stranger.privateJwk, 'RS256'));
    const withoutJti = await idp.sign({ ...good });
    const noSubject: Partial<typeof good> = { ...good };
    delete noSubject.sub;
    const cases: [string, string, string][] = [
      [
        'another audience',
        await idp.sign({ ...good, jti: randomUUID(), aud: 'someone-else' }),
        'ERR_JWT_CLAIM_VALIDATION_FAILED',
      ],
      [
        'another issuer',
        await idp.sign({ ...good, jti: randomUUID(), iss: 'https://evil.example' }),
        'ERR_JWT_CLAIM_VALIDATION_FAILED',
      ],
      [
        'issued 11 minutes ago',
        await idp.sign({ ...good, jti: randomUUID(), iat: now - 660 }),
        'ERR_JWT_EXPIRED',
      ],
      [
        'a nonce (an id token)',
        await idp.sign({ ...good, jti: randomUUID(), nonce: 'n' }),
        'nonce-present',
      ],
      [
        'no logout event',
        await idp.sign({ ...good, jti: randomUUID(), events: {} }),
        'no-logout-event',
      ],
      ['neither sub nor sid', await idp.sign({ ...noSubject, jti: randomUUID() }), 'no-sub-or-sid'],
      ['no jti', withoutJti, 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
      ["a key not the provider's", foreign, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'],
      ['not a token', 'not-a-token', 'ERR_JWS_INVALID'],
    ];
    for (const [what, token, code] of cases) {
      const answer = await post(t, token);
      assert.equal(answer.statusCode, 400, what);
      const last = (await logoutEvents(t)).at(-1);
      assert.deepEqual([last?.event, last?.code], ['sso-backchannel-logout-refused', code], what);
    }
    const none = await t.app.inject({ method: 'POST', url: ENDPOINT, headers: FORM, payload: '' });
    assert.equal(none.statusCode, 400);
    assert.equal((await live(t, user.id)).length, 1, 'no session ended');
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/sign-in/sso/nosuch/backchannel-logout',
      headers: FORM,
      payload: form({ logout_token: 'x' }),
    });
    assert.equal(unknown.statusCode, 404);
  }));
