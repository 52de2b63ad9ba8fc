import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { OidcProviderSettings } from '../../../config.ts';
import { testApp, type TestApp } from '../../../../test/support/app.ts';
import { createUser } from '../../../../test/support/auth.ts';
import {
  startTestIdentityProvider,
  type TestIdentityProvider,
} from '../../../../test/support/oidc-provider.ts';
import { linkSsoIdentity } from './service.ts';

// The app is never listened on here: the provider only needs a registered redirect address.
const PUBLIC_URL = 'http://127.0.0.1:9';
const SECRET = 'test-client-secret-0123456789';

let idp: TestIdentityProvider;
before(async () => {
  idp = await startTestIdentityProvider([
    {
      clientId: 'cicero',
      clientSecret: SECRET,
      redirectUri: `${PUBLIC_URL}/sign-in/sso/testidp/callback`,
    },
  ]);
});
after(() => idp.close());

const settings = (issuer: string, id = 'testidp'): OidcProviderSettings => ({
  id,
  name: 'Test Identity',
  issuer,
  clientId: 'cicero',
  clientSecret: SECRET,
  requireMfa: false,
  mfaAcrValues: [],
});

const cookieOf = (h: string | string[] | undefined) =>
  (Array.isArray(h) ? h : [h ?? ''])
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('cicero_session=')) ?? '';

async function signInPage(t: TestApp) {
  const page = await t.app.inject({ method: 'GET', url: '/sign-in' });
  return {
    cookie: cookieOf(page.headers['set-cookie']),
    csrf: /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '',
    body: page.body,
  };
}

const ssoAudit = async (t: TestApp): Promise<Record<string, unknown>[]> =>
  (
    await t.database.db
      .selectFrom('audit_events')
      .select(['outcome', 'detail', 'actor_user_id', 'subject_id'])
      .where('action', 'in', ['sign-in', 'admin'])
      .execute()
  ).map((e) => ({ ...e, ...e.detail }));

async function withApp(providers: OidcProviderSettings[], body: (t: TestApp) => Promise<void>) {
  const t = await testApp({ config: { publicUrl: PUBLIC_URL, oidcProviders: providers } });
  try {
    await body(t);
  } finally {
    await t.close();
  }
}

test('starting keeps state, nonce and the PKCE verifier in the server session, not a cookie', () =>
  withApp([settings(idp.issuer)], async (t) => {
    const { cookie, csrf, body } = await signInPage(t);
    assert.match(body, /Sign in with Test Identity/);
    const start = await t.app.inject({
      method: 'POST',
      url: '/sign-in/sso/testidp',
      headers: { cookie },
      payload: { _csrf: csrf },
    });
    assert.equal(start.statusCode, 303);
    assert.equal(start.headers['set-cookie'], undefined, 'nothing new in a cookie');
    const to = new URL(String(start.headers.location));
    assert.equal(to.origin, idp.issuer);
    const sessionId = createHash('sha256').update(cookie.split('=')[1]!).digest('hex');
    const session = await t.database.db
      .selectFrom('sessions')
      .select('data')
      .where('id', '=', sessionId)
      .executeTakeFirstOrThrow();
    const pending = session.data.sso as Record<string, string>;
    assert.equal(pending.provider, 'testidp');
    assert.equal(to.searchParams.get('state'), pending.state);
    assert.equal(to.searchParams.get('nonce'), pending.nonce);
    assert.equal(to.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(
      to.searchParams.get('code_challenge'),
      createHash('sha256').update(pending.codeVerifier!).digest('base64url'),
    );
    assert.equal(to.searchParams.get('client_id'), 'cicero');
    assert.equal(to.searchParams.get('redirect_uri'), `${PUBLIC_URL}/sign-in/sso/testidp/callback`);
    assert.ok(!start.headers.location!.includes(pending.codeVerifier!), 'verifier stays here');
    const events = await ssoAudit(t);
    assert.deepEqual(
      events.map((e) => e.event),
      ['sso-started'],
    );
  }));

test('a callback that does not match the pending sign-in fails safely and is audited', () =>
  withApp([settings(idp.issuer)], async (t) => {
    // No sign-in started at all.
    const stray = await t.app.inject({
      method: 'GET',
      url: '/sign-in/sso/testidp/callback?code=abc&state=xyz',
    });
    assert.equal(stray.statusCode, 400);
    assert.match(stray.body, /Your sign-in could not be completed/);

    // Started, but the answer carries another state.
    const { cookie, csrf } = await signInPage(t);
    await t.app.inject({
      method: 'POST',
      url: '/sign-in/sso/testidp',
      headers: { cookie },
      payload: { _csrf: csrf },
    });
    const forged = await t.app.inject({
      method: 'GET',
      url: '/sign-in/sso/testidp/callback?code=abc&state=forged',
      headers: { cookie },
    });
    assert.equal(forged.statusCode, 400);
    // The pending sign-in was used up: a second try finds nothing to match.
    const replay = await t.app.inject({
      method: 'GET',
      url: '/sign-in/sso/testidp/callback?code=abc&state=forged',
      headers: { cookie },
    });
    assert.equal(replay.statusCode, 400);
    const failures = (await ssoAudit(t)).filter((e) => e.event === 'sso-failed');
    assert.deepEqual(
      failures.map((e) => [e.code, e.outcome]),
      [
        ['no-pending-sign-in', 'failure'],
        ['OAUTH_INVALID_RESPONSE', 'failure'],
        ['no-pending-sign-in', 'failure'],
      ],
    );
  }));

test('the provider being unreachable shows a page, not an error, and is audited', () =>
  withApp([settings('http://127.0.0.1:9/unreachable')], async (t) => {
    const { cookie, csrf } = await signInPage(t);
    const start = await t.app.inject({
      method: 'POST',
      url: '/sign-in/sso/testidp',
      headers: { cookie },
      payload: { _csrf: csrf },
    });
    assert.equal(start.statusCode, 503);
    assert.match(start.body, /Sign in with Test Identity is not available at the moment/);
    const events = await ssoAudit(t);
    assert.equal(events.at(-1)?.event, 'sso-failed');
  }));

test('unknown providers are not found, and starting needs the CSRF token', () =>
  withApp([settings(idp.issuer)], async (t) => {
    const { cookie, csrf } = await signInPage(t);
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/sign-in/sso/nosuch',
      headers: { cookie },
      payload: { _csrf: csrf },
    });
    assert.equal(unknown.statusCode, 404);
    const callback = await t.app.inject({ method: 'GET', url: '/sign-in/sso/nosuch/callback' });
    assert.equal(callback.statusCode, 404);
    const noToken = await t.app.inject({
      method: 'POST',
      url: '/sign-in/sso/testidp',
      headers: { cookie },
      payload: {},
    });
    assert.equal(noToken.statusCode, 403);
  }));

test('linking a user to a subject is idempotent, refuses a second user, and is audited', () =>
  withApp([], async (t) => {
    const { db } = t.database;
    const one = await createUser(db, { roles: ['clinician'] });
    const two = await createUser(db, { roles: ['clinician'] });
    const link = (email: string) =>
      linkSsoIdentity(db, t.clock, {
        email,
        providerId: 'cis2',
        issuer: 'https://idp.example',
        subject: 'subject-42',
      });
    assert.deepEqual(await link(one.email.toUpperCase()), { ok: true, userId: one.id });
    assert.deepEqual(await link(one.email), { ok: true, userId: one.id });
    assert.deepEqual(await link(two.email), {
      ok: false,
      reason: 'subject-linked-to-another-user',
    });
    assert.deepEqual(await link('nobody@test.cicero.example'), {
      ok: false,
      reason: 'no-such-user',
    });
    const rows = await db.selectFrom('oidc_identities').selectAll().execute();
    assert.deepEqual(rows, [
      { provider: 'https://idp.example', subject: 'subject-42', user_id: one.id },
    ]);
    const audit = await ssoAudit(t);
    assert.deepEqual(
      audit.map((e) => [e.event, e.subject_id, e.alreadyLinked]),
      [
        ['sso-linked', one.id, false],
        ['sso-linked', one.id, true],
      ],
    );
    assert.ok(!JSON.stringify(audit).includes('subject-42'));
  }));
