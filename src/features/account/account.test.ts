import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import {
  confirmCode,
  createUser,
  signInAs,
  type SignedIn,
  type TestUser,
} from '../../../test/support/auth.ts';
import { linkSsoIdentity } from '../auth/oidc/service.ts';

const NEW_PASSWORD = 'lantern orchard quietly';
const cookieOf = (h: string | string[] | undefined) =>
  (Array.isArray(h) ? h : [h ?? ''])
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('cicero_session=')) ?? '';

/** Signs the user in again, on another "device": a later code, as a new code is needed. */
async function anotherDevice(t: TestApp, user: TestUser): Promise<SignedIn> {
  t.clock.advance(30_000);
  return signInAs(t, user);
}

const homeStatus = async (t: TestApp, cookie: string) =>
  (await t.app.inject({ method: 'GET', url: '/home', headers: { cookie } })).statusCode;

async function events(t: TestApp, userId: string): Promise<string[]> {
  const rows = await t.database.db
    .selectFrom('audit_events')
    .select('detail')
    .where('subject_id', '=', userId)
    .orderBy('occurred_at')
    .execute();
  return rows.map((r) => String((r.detail as { event?: string }).event));
}

function changePassword(t: TestApp, s: SignedIn, fields: Record<string, string>) {
  return t.app.inject({
    method: 'POST',
    url: '/account/password',
    headers: { cookie: s.cookie },
    payload: { _csrf: s.csrfToken, ...fields },
  });
}

test('a password change needs a fresh code and the current password; it ends every other session, and this one carries on under a new id', async () => {
  const t = await testApp();
  try {
    const user = await createUser(t.database.db, { roles: ['clinician'], hubCodes: ['WM'] });
    const here = await signInAs(t, user);
    const elsewhere = await anotherDevice(t, user);

    const page = await t.app.inject({
      method: 'GET',
      url: '/account/password',
      headers: { cookie: here.cookie },
    });
    assert.equal(page.statusCode, 302);
    assert.equal(page.headers.location, '/confirm-code', 'a fresh code first');
    assert.equal(await confirmCode(t, here), '/account/password');

    const wrong = await changePassword(t, here, {
      currentPassword: 'not my password at all',
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /Your current password is not right/);
    for (const [newPassword, confirmPassword, message] of [
      ['password1234', 'password1234', /Password is too common/],
      ['short one', 'short one', /12 characters or more/],
      [NEW_PASSWORD, `${NEW_PASSWORD}x`, /The passwords do not match/],
    ] as const) {
      const refused = await changePassword(t, here, {
        currentPassword: user.password,
        newPassword,
        confirmPassword,
      });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, message);
      assert.doesNotMatch(refused.body, new RegExp(newPassword), 'a password is never shown again');
    }
    assert.equal(await homeStatus(t, elsewhere.cookie), 200, 'nothing changed yet');

    const changed = await changePassword(t, here, {
      currentPassword: user.password,
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    assert.equal(changed.statusCode, 302);
    assert.equal(changed.headers.location, '/account?done=password-changed');
    const renewed = cookieOf(changed.headers['set-cookie']);
    assert.ok(renewed && renewed !== here.cookie, 'a new session id');
    assert.equal(await homeStatus(t, renewed), 200, 'this browser carries on');
    assert.equal(await homeStatus(t, here.cookie), 302, 'the old session id ended');
    assert.equal(await homeStatus(t, elsewhere.cookie), 302, 'the other device is signed out');
    const account = await t.app.inject({
      method: 'GET',
      url: '/account?done=password-changed',
      headers: { cookie: renewed },
    });
    assert.match(account.body, /Your password has been changed/);

    await assert.rejects(anotherDevice(t, user), 'the old password no longer signs in');
    await anotherDevice(t, { ...user, password: NEW_PASSWORD });
    const audited = await events(t, user.id);
    assert.ok(audited.includes('password-change-failed'));
    assert.ok(audited.includes('password-changed'));
  } finally {
    await t.close();
  }
});

test('a password form sent after the fresh code has lapsed asks for a code and never puts the passwords in the page', async () => {
  const t = await testApp();
  try {
    const user = await createUser(t.database.db, { roles: ['analyst'] });
    const here = await signInAs(t, user);
    await confirmCode(t, here);
    t.clock.advance(6 * 60_000);
    const sent = await changePassword(t, here, {
      currentPassword: user.password,
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    assert.equal(sent.statusCode, 200);
    assert.match(sent.body, /Confirm it is you/);
    assert.doesNotMatch(sent.body, new RegExp(`${NEW_PASSWORD}|${user.password}`));
    assert.ok(!(await events(t, user.id)).includes('password-changed'));
  } finally {
    await t.close();
  }
});

test('sign out ends only this session; sign out of all devices ends every session of the user', async () => {
  const t = await testApp();
  try {
    const user = await createUser(t.database.db, { roles: ['case_officer'], hubCodes: ['NW'] });
    const other = await createUser(t.database.db, { roles: ['case_officer'], hubCodes: ['NW'] });
    const one = await signInAs(t, user);
    const two = await anotherDevice(t, user);
    const three = await anotherDevice(t, user);
    const bystander = await signInAs(t, other);

    const out = await t.app.inject({
      method: 'POST',
      url: '/sign-out',
      headers: { cookie: one.cookie },
      payload: { _csrf: one.csrfToken },
    });
    assert.equal(out.statusCode, 200);
    assert.equal(await homeStatus(t, one.cookie), 302);
    assert.equal(await homeStatus(t, two.cookie), 200, 'sign out leaves other devices');

    const empty = await t.app.inject({
      method: 'POST',
      url: '/account/sign-out-everywhere',
      headers: { cookie: two.cookie },
      payload: { _csrf: two.csrfToken },
    });
    assert.equal(empty.statusCode, 400, 'a form without the button ends nothing');
    assert.equal(await homeStatus(t, three.cookie), 200);
    const everywhere = await t.app.inject({
      method: 'POST',
      url: '/account/sign-out-everywhere',
      headers: { cookie: two.cookie },
      payload: { _csrf: two.csrfToken, everywhere: 'yes' },
    });
    assert.equal(everywhere.statusCode, 200);
    assert.match(everywhere.body, /You have signed out of all devices/);
    assert.equal(await homeStatus(t, two.cookie), 302);
    assert.equal(await homeStatus(t, three.cookie), 302);
    assert.equal(await homeStatus(t, bystander.cookie), 200, "another user's session stays");
    const live = await t.database.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', user.id)
      .where('ended_at', 'is', null)
      .execute();
    assert.equal(live.length, 0);
    assert.ok((await events(t, user.id)).includes('signed-out-everywhere'));

    const forged = await t.app.inject({
      method: 'POST',
      url: '/account/sign-out-everywhere',
      headers: { cookie: bystander.cookie },
      payload: { everywhere: 'yes' },
    });
    assert.equal(forged.statusCode, 403, 'CSRF');
    assert.equal(await homeStatus(t, bystander.cookie), 200);
  } finally {
    await t.close();
  }
});

test('a single sign-on account has no local password: no password page, no local sign-in', async () => {
  const t = await testApp();
  try {
    const user = await createUser(t.database.db, { roles: ['clinician'], hubCodes: ['WM'] });
    const here = await signInAs(t, user);
    const linked = await linkSsoIdentity(t.database.db, t.clock, {
      email: user.email,
      providerId: 'cis2',
      issuer: 'https://idp.test.example',
      subject: 'subject-123',
    });
    assert.ok(linked.ok);
    const row = await t.database.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.password_hash, null, 'linking removes the local password');

    const account = await t.app.inject({
      method: 'GET',
      url: '/account',
      headers: { cookie: here.cookie },
    });
    assert.equal(account.statusCode, 200);
    assert.doesNotMatch(account.body, /Change your password/);
    assert.doesNotMatch(account.body, /Add a passkey/);
    assert.match(account.body, /Cicero has no password for you/);
    for (const method of ['GET', 'POST'] as const) {
      const page = await t.app.inject({
        method,
        url: '/account/password',
        headers: { cookie: here.cookie },
        ...(method === 'POST'
          ? { payload: { _csrf: here.csrfToken, currentPassword: user.password } }
          : {}),
      });
      assert.equal(page.statusCode, 403);
      assert.match(page.body, /Your account has no Cicero password/);
      assert.doesNotMatch(page.body, /name="newPassword"/);
    }
    t.clock.advance(30_000);
    await assert.rejects(signInAs(t, user), 'local sign-in refused');
  } finally {
    await t.close();
  }
});
