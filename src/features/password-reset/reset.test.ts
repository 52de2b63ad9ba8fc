import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import {
  confirmCode,
  createUser,
  signIn,
  signInAs,
  type SignedIn,
  type TestUser,
} from '../../../test/support/auth.ts';
import { linkSsoIdentity } from '../auth/oidc/service.ts';
import { totpCode } from '../auth/totp.ts';

const NEW_PASSWORD = 'copper meadow lantern';
const csrfOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? '';
const cookieOf = (h: string | string[] | undefined) =>
  (Array.isArray(h) ? h : [h ?? ''])
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('cicero_session=')) ?? '';

/** The admin makes a reset link for the user (after a fresh code); returns its path. */
async function issueLink(t: TestApp, admin: SignedIn, userId: string): Promise<string> {
  const response = await t.app.inject({
    method: 'POST',
    url: `/admin/users/${userId}/password-reset`,
    headers: { cookie: admin.cookie },
    payload: { _csrf: admin.csrfToken },
  });
  assert.equal(response.statusCode, 200, response.body);
  const link = /https?:\/\/[^/<\s]+(\/reset-password\/[A-Za-z0-9_-]{43})</.exec(response.body);
  assert.ok(link, 'the page shows the link');
  assert.match(response.body, /give it to the user by a trusted route/);
  return link[1]!;
}

/** Opens the link in a browser of its own and sends the form with a code at the test clock. */
async function useLink(
  t: TestApp,
  path: string,
  user: TestUser,
  fields: Record<string, string> = {},
) {
  const page = await t.app.inject({ method: 'GET', url: path });
  if (page.statusCode !== 200) return page;
  t.clock.advance(30_000);
  return t.app.inject({
    method: 'POST',
    url: path,
    headers: { cookie: cookieOf(page.headers['set-cookie']) },
    payload: {
      _csrf: csrfOf(page.body),
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
      code: totpCode(user.totpSecret, t.clock.now()),
      ...fields,
    },
  });
}

async function setUp(t: TestApp) {
  const admin = await signIn(t, { roles: ['admin'] });
  const user = await createUser(t.database.db, { roles: ['clinician'], hubCodes: ['WM'] });
  return { admin, user };
}

const homeStatus = async (t: TestApp, cookie: string) =>
  (await t.app.inject({ method: 'GET', url: '/home', headers: { cookie } })).statusCode;

test('a reset link needs a fresh code to make; it works once, with the second factor, and ends every session of the user', async () => {
  const t = await testApp();
  try {
    const { admin, user } = await setUp(t);
    t.clock.advance(30_000);
    const userSession = await signInAs(t, user);

    const unconfirmed = await t.app.inject({
      method: 'POST',
      url: `/admin/users/${user.id}/password-reset`,
      headers: { cookie: admin.cookie },
      payload: { _csrf: admin.csrfToken },
    });
    assert.match(unconfirmed.body, /Confirm it is you/, 'step-up first');
    assert.doesNotMatch(unconfirmed.body, /reset-password\//);
    await confirmCode(t, admin);
    const path = await issueLink(t, admin, user.id);
    const token = path.split('/').pop()!;

    const opened = await t.app.inject({ method: 'GET', url: path });
    assert.equal(opened.statusCode, 200);
    assert.equal(opened.headers['referrer-policy'], 'no-referrer');
    assert.match(opened.body, /Choose a new password/);

    const wrongCode = await useLink(t, path, user, { code: '000000' });
    assert.equal(wrongCode.statusCode, 400);
    assert.match(wrongCode.body, /security code/i);
    const mismatch = await useLink(t, path, user, { confirmPassword: 'something else entirely' });
    assert.equal(mismatch.statusCode, 400);
    assert.equal(await homeStatus(t, userSession.cookie), 200, 'nothing done yet');

    const done = await useLink(t, path, user);
    assert.equal(done.statusCode, 200);
    assert.match(done.body, /Your password has been reset/);
    assert.equal(await homeStatus(t, userSession.cookie), 302, "the user's sessions ended");

    const again = await useLink(t, path, user);
    const unknown = await t.app.inject({ method: 'GET', url: `/reset-password/${'A'.repeat(43)}` });
    const malformed = await t.app.inject({ method: 'GET', url: '/reset-password/x' });
    for (const gone of [again, unknown, malformed]) {
      assert.equal(gone.statusCode, 404);
      assert.match(gone.body, /This password reset link no longer works/);
    }
    const h1 = (body: string) => /<h1[^>]*>([^<]*)</.exec(body)?.[1];
    assert.equal(h1(again.body), h1(unknown.body), 'used and unknown look the same');

    t.clock.advance(30_000);
    await signInAs(t, { ...user, password: NEW_PASSWORD });
    t.clock.advance(30_000);
    await assert.rejects(signInAs(t, user), 'the old password no longer works');

    const logged = JSON.stringify(t.logLines);
    assert.ok(!logged.includes(token), 'the token never reaches the log');
    assert.match(logged, /"route":"\/reset-password\/:token"/);
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select(['detail', 'subject_id', 'actor_user_id'])
      .where('subject_id', '=', user.id)
      .execute();
    const events = audit.map((a) => (a.detail as { event?: string }).event);
    for (const event of [
      'password-reset-issued',
      'password-reset-verified',
      'password-reset-completed',
    ])
      assert.ok(events.includes(event), event);
    assert.ok(!JSON.stringify(audit).includes(token));
    const stored = await t.database.db
      .selectFrom('password_resets')
      .select('token_hash')
      .executeTakeFirstOrThrow();
    assert.notEqual(stored.token_hash, token);
    assert.match(stored.token_hash, /^[0-9a-f]{64}$/);
  } finally {
    await t.close();
  }
});

test('a reset link expires 30 minutes after it was made, and a newer link replaces it', async () => {
  const t = await testApp();
  try {
    const { admin, user } = await setUp(t);
    await confirmCode(t, admin);
    const first = await issueLink(t, admin, user.id);
    t.clock.advance(29 * 60_000);
    assert.equal((await t.app.inject({ method: 'GET', url: first })).statusCode, 200);
    t.clock.advance(60_000);
    const expired = await useLink(t, first, user);
    assert.equal(expired.statusCode, 404, 'expired at 30 minutes');
    assert.match(expired.body, /no longer works/);

    const later = await signInAs(t, admin.user); // the first session timed out meanwhile
    await confirmCode(t, later);
    const second = await issueLink(t, later, user.id);
    const third = await issueLink(t, later, user.id);
    assert.equal((await t.app.inject({ method: 'GET', url: second })).statusCode, 404);
    assert.equal((await useLink(t, third, user)).statusCode, 200);
  } finally {
    await t.close();
  }
});

test('a reset is refused, with the reason, for a single sign-on account and for oneself', async () => {
  const t = await testApp();
  try {
    const { admin, user } = await setUp(t);
    await linkSsoIdentity(t.database.db, t.clock, {
      email: user.email,
      providerId: 'cis2',
      issuer: 'https://idp.test.example',
      subject: 'subject-456',
    });
    await confirmCode(t, admin);
    for (const [id, reason] of [
      [user.id, /signs in with single sign-on and has no Cicero password/],
      [admin.userId, /You cannot reset your own password here/],
    ] as const) {
      const refused = await t.app.inject({
        method: 'POST',
        url: `/admin/users/${id}/password-reset`,
        headers: { cookie: admin.cookie },
        payload: { _csrf: admin.csrfToken },
      });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, reason);
      assert.doesNotMatch(refused.body, /reset-password\//);
    }
    const made = await t.database.db.selectFrom('password_resets').select('id').execute();
    assert.equal(made.length, 0);
  } finally {
    await t.close();
  }
});
