import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { OidcProviderSettings } from '../../../config.ts';
import { testApp, type TestApp } from '../../../../test/support/app.ts';
import { createUser } from '../../../../test/support/auth.ts';
import {
  signInOverHttp,
  startTestIdentityProvider,
  type TestIdentityProvider,
} from '../../../../test/support/oidc-provider.ts';
import { csrfOf, FORM, form, ssoSignIn } from '../../../../test/support/sso.ts';
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
      redirectUri: `${PUBLIC_URL}/sign-in/sso/nhs/callback`,
    },
  ]);
});
after(() => idp.close());

const provider = (issuer: string): OidcProviderSettings => ({
  id: 'nhs',
  name: 'Test Smartcard',
  issuer,
  clientId: 'cicero',
  clientSecret: SECRET,
  requireMfa: true,
  mfaAcrValues: ['AAL3_ANY'],
  stepUpAcrValues: ['AAL3_ANY'],
});

/** An app whose clock is the real one (the provider stamps auth_time by it), an SSO admin. */
async function withAdmin(
  body: (t: TestApp, admin: { id: string; cookie: string; csrf: string }) => Promise<void>,
) {
  idp.login = { acr: 'AAL3_ANY', amr: ['sc', 'pin'] };
  const t = await testApp({
    config: { publicUrl: PUBLIC_URL, oidcProviders: [provider(idp.issuer)] },
  });
  t.clock.set(new Date());
  try {
    const admin = await createUser(t.database.db, { roles: ['admin'] });
    const subject = `admin-${admin.id}`;
    await linkSsoIdentity(t.database.db, t.clock, {
      email: admin.email,
      providerId: 'nhs',
      issuer: idp.issuer,
      subject,
    });
    const signedIn = await ssoSignIn(t, 'nhs', subject);
    assert.equal(signedIn.callback.headers.location, '/home');
    await body(t, { id: admin.id, cookie: signedIn.cookie, csrf: signedIn.csrf });
  } finally {
    await t.close();
  }
}

const stepUpEvents = async (t: TestApp) =>
  (
    await t.database.db
      .selectFrom('audit_events')
      .select(['detail', 'outcome'])
      .where('action', '=', 'sign-in')
      .execute()
  )
    .map((e): Record<string, unknown> => ({ ...e.detail, outcome: e.outcome }))
    .filter((e) => String(e.event).startsWith('sso-step-up'));

/** A role change the admin makes: the sensitive action step-up interrupts. */
async function roleChange(t: TestApp, admin: { cookie: string; csrf: string }) {
  const user = await createUser(t.database.db, { roles: ['case_officer'], hubCodes: ['WM'] });
  const fields = {
    _csrf: admin.csrf,
    name: 'Owen Pryce',
    'hub-WM': ['case_officer', 'police_lead'],
    version: '1',
  };
  const sent = await t.app.inject({
    method: 'POST',
    url: `/admin/users/${user.id}`,
    headers: { cookie: admin.cookie, ...FORM },
    payload: form(fields),
  });
  return { user, sent, fields };
}

const rolesOf = async (t: TestApp, userId: string) =>
  (
    await t.database.db
      .selectFrom('role_assignments')
      .select('role')
      .where('user_id', '=', userId)
      .orderBy('role')
      .execute()
  ).map((r) => r.role);

test('a sensitive form sends an SSO user to sign in again at the provider, then confirms it', () =>
  withAdmin(async (t, admin) => {
    const { user, sent } = await roleChange(t, admin);
    assert.equal(sent.statusCode, 303);
    const to = new URL(String(sent.headers.location));
    assert.equal(to.origin, idp.issuer);
    assert.equal(to.searchParams.get('prompt'), 'login');
    assert.equal(to.searchParams.get('max_age'), '0');
    assert.equal(to.searchParams.get('acr_values'), 'AAL3_ANY');
    assert.equal(to.searchParams.get('code_challenge_method'), 'S256');
    assert.ok(to.searchParams.get('state') && to.searchParams.get('nonce'));
    assert.ok(!sent.headers.location!.includes('police_lead'), 'no answers in the URL');
    assert.deepEqual(await rolesOf(t, user.id), ['case_officer']);

    const back = await signInOverHttp(to.href, `admin-${admin.id}`);
    const done = await t.app.inject({
      method: 'GET',
      url: back,
      headers: { cookie: admin.cookie },
    });
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, '/sign-in/sso/step-up/continue');
    assert.deepEqual(await rolesOf(t, user.id), ['case_officer'], 'nothing done yet');

    const confirm = await t.app.inject({
      method: 'GET',
      url: '/sign-in/sso/step-up/continue',
      headers: { cookie: admin.cookie },
    });
    assert.equal(confirm.statusCode, 200);
    assert.match(confirm.body, /<h1[^>]*>Now confirm: Change the user&#39;s roles<\/h1>/);
    assert.match(confirm.body, new RegExp(`<form method="post" action="/admin/users/${user.id}"`));
    assert.match(confirm.body, /name="hub-WM" value="case_officer"/);
    assert.match(confirm.body, /name="hub-WM" value="police_lead"/);
    assert.equal(csrfOf(confirm.body), admin.csrf);
    // Shown once: the answers have left the session.
    const again = await t.app.inject({
      method: 'GET',
      url: '/sign-in/sso/step-up/continue',
      headers: { cookie: admin.cookie },
    });
    assert.equal(again.headers.location, '/home');

    const saved = await t.app.inject({
      method: 'POST',
      url: `/admin/users/${user.id}`,
      headers: { cookie: admin.cookie, ...FORM },
      payload: form({
        _csrf: admin.csrf,
        name: 'Owen Pryce',
        'hub-WM': ['case_officer', 'police_lead'],
        version: '1',
      }),
    });
    assert.equal(saved.statusCode, 302);
    assert.equal(saved.headers.location, `/admin/users/${user.id}?done=saved`);
    assert.deepEqual(await rolesOf(t, user.id), ['case_officer', 'police_lead']);
    assert.deepEqual(
      (await stepUpEvents(t)).map((e) => [e.event, e.outcome, e.mfa ?? null]),
      [
        ['sso-step-up-started', 'success', null],
        ['sso-step-up', 'success', 'mfa'],
      ],
    );
    assert.deepEqual(idp.errors, []);
  }));

test('a page that needs step-up (GET) comes straight back after the provider', () =>
  withAdmin(async (t, admin) => {
    const first = await t.app.inject({
      method: 'GET',
      url: '/admin/users/new',
      headers: { cookie: admin.cookie },
    });
    assert.equal(first.statusCode, 303);
    const back = await signInOverHttp(String(first.headers.location), `admin-${admin.id}`);
    const done = await t.app.inject({
      method: 'GET',
      url: back,
      headers: { cookie: admin.cookie },
    });
    assert.equal(done.headers.location, '/admin/users/new');
    const page = await t.app.inject({
      method: 'GET',
      url: '/admin/users/new',
      headers: { cookie: admin.cookie },
    });
    assert.equal(page.statusCode, 200);
  }));

/** Starts a step-up with a role change; returns the provider's answer to hand back. */
async function startedStepUp(
  t: TestApp,
  admin: { id: string; cookie: string; csrf: string },
  as?: string,
) {
  const { user, sent } = await roleChange(t, admin);
  assert.equal(sent.statusCode, 303);
  const back = await signInOverHttp(String(sent.headers.location), as ?? `admin-${admin.id}`);
  return { user, back };
}

async function refusedCallback(
  t: TestApp,
  admin: { cookie: string },
  back: string,
  expected: { status: number; title: RegExp; code: string },
) {
  const answer = await t.app.inject({
    method: 'GET',
    url: back,
    headers: { cookie: admin.cookie },
  });
  assert.equal(answer.statusCode, expected.status);
  assert.match(answer.body, expected.title);
  assert.match(answer.body, /Nothing has been done/);
  assert.match(answer.body, /href="\/admin\/users\/[0-9a-f-]+\/edit"/, 'back to the form');
  const last = (await stepUpEvents(t)).at(-1);
  assert.deepEqual(
    [last?.event, last?.code, last?.outcome],
    ['sso-step-up-failed', expected.code, 'failure'],
  );
  const session = await t.database.db
    .selectFrom('sessions')
    .select(['step_up_at', 'data'])
    .where('ended_at', 'is', null)
    .where('stage', '=', 'active')
    .executeTakeFirstOrThrow();
  assert.equal(session.step_up_at, null, 'not confirmed');
  assert.equal(session.data.ssoStepUp, undefined);
  assert.equal(session.data.ssoStepUpDone, undefined);
}

test('an answer without the step-up acr is refused and nothing is done', () =>
  withAdmin(async (t, admin) => {
    idp.login = { acr: 'AAL1_USERPASS', amr: ['pwd'] };
    const { user, back } = await startedStepUp(t, admin);
    await refusedCallback(t, admin, back, {
      status: 403,
      title: /We could not confirm it is you/,
      code: 'acr-not-met',
    });
    assert.deepEqual(await rolesOf(t, user.id), ['case_officer']);
  }));

test('a sign-in at the provider from before the step-up started is refused', () =>
  withAdmin(async (t, admin) => {
    // Cicero's clock a minute ahead: the provider's auth_time is before the start.
    t.clock.set(new Date(Date.now() + 60_000));
    const { back } = await startedStepUp(t, admin);
    await refusedCallback(t, admin, back, {
      status: 403,
      title: /We could not confirm it is you/,
      code: 'auth-time-before-start',
    });
  }));

test('an answer that comes back after the step-up window is refused', () =>
  withAdmin(async (t, admin) => {
    const { back } = await startedStepUp(t, admin);
    t.clock.advance(6 * 60_000);
    await refusedCallback(t, admin, back, {
      status: 403,
      title: /We could not confirm it is you/,
      code: 'auth-time-not-fresh',
    });
  }));

test('signing in at the provider as someone else is refused', () =>
  withAdmin(async (t, admin) => {
    const other = await createUser(t.database.db, { roles: ['admin'] });
    await linkSsoIdentity(t.database.db, t.clock, {
      email: other.email,
      providerId: 'nhs',
      issuer: idp.issuer,
      subject: 'someone-else',
    });
    const { back } = await startedStepUp(t, admin, 'someone-else');
    await refusedCallback(t, admin, back, {
      status: 403,
      title: /You signed in as someone else/,
      code: 'another-person',
    });
  }));

test('a replayed or forged step-up answer is refused', () =>
  withAdmin(async (t, admin) => {
    const { back } = await startedStepUp(t, admin);
    const forged = back.replace(/state=[^&]+/, 'state=forged');
    await refusedCallback(t, admin, forged, {
      status: 403,
      title: /We could not confirm it is you/,
      code: 'OAUTH_INVALID_RESPONSE',
    });
    // The pending step-up was used up by the forged answer: the real one finds nothing.
    const late = await t.app.inject({
      method: 'GET',
      url: back,
      headers: { cookie: admin.cookie },
    });
    assert.equal(late.statusCode, 400, 'taken for a sign-in with nothing pending');
  }));
