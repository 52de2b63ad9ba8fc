import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { createUser, signIn, signInAs } from '../../../test/support/auth.ts';
import { totpCode } from './totp.ts';
import { replaceAssignments } from '../../access/assignments.ts';

const csrfOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? '';
const cookieOf = (h: string | string[] | undefined) =>
  (Array.isArray(h) ? h : [h ?? ''])
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('cicero_session=')) ?? '';

async function startSignIn(t: TestApp) {
  const page = await t.app.inject({ method: 'GET', url: '/sign-in' });
  return { cookie: cookieOf(page.headers['set-cookie']), csrf: csrfOf(page.body) };
}

async function auditEvents(t: TestApp) {
  return t.database.db.selectFrom('audit_events').selectAll().orderBy('occurred_at').execute();
}

test('password then code signs in, with a new session id at each step, and is audited', async () => {
  const t = await testApp();
  try {
    const user = await createUser(t.database.db, { roles: ['clinician'], hubCodes: ['WM'] });
    const start = await startSignIn(t);
    const signedIn = await signInAs(t, user);
    assert.notEqual(signedIn.cookie, start.cookie);
    const home = await t.app.inject({
      method: 'GET',
      url: '/home',
      headers: { cookie: signedIn.cookie },
    });
    assert.match(home.body, new RegExp(`Signed in as ${user.name}`));
    assert.equal(home.headers['cache-control'], 'no-store');
    const events = (await auditEvents(t)).map((e) => (e.detail as { event?: string }).event);
    assert.deepEqual(events, ['password-accepted', 'signed-in']);
  } finally {
    await t.close();
  }
});

test('a wrong password gives one message that does not reveal whether the account exists', async () => {
  const t = await testApp();
  try {
    const user = await createUser(t.database.db, { roles: ['analyst'] });
    const attempts = [
      { email: user.email, password: 'wrong password here' },
      { email: 'nobody@test.cicero.example', password: 'wrong password here' },
    ];
    const bodies = [];
    for (const attempt of attempts) {
      const { cookie, csrf } = await startSignIn(t);
      const response = await t.app.inject({
        method: 'POST',
        url: '/sign-in',
        headers: { cookie },
        payload: { _csrf: csrf, ...attempt },
      });
      assert.equal(response.statusCode, 400);
      assert.match(response.body, /There is a problem/);
      assert.match(response.body, /<title>Error: Sign in/);
      bodies.push(/govuk-error-summary__list[\s\S]*?<\/ul>/.exec(response.body)?.[0]);
    }
    assert.equal(bodies[0], bodies[1]);
  } finally {
    await t.close();
  }
});

test('ten wrong passwords lock the account; the failures and the lockout are audited', async () => {
  const t = await testApp();
  try {
    const user = await createUser(t.database.db, { roles: ['case_officer'], hubCodes: ['NW'] });
    for (let i = 0; i < 10; i += 1) {
      const { cookie, csrf } = await startSignIn(t);
      await t.app.inject({
        method: 'POST',
        url: '/sign-in',
        headers: { cookie },
        payload: { _csrf: csrf, email: user.email, password: `wrong-password-${i}` },
      });
    }
    const { cookie, csrf } = await startSignIn(t);
    const right = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { cookie },
      payload: { _csrf: csrf, email: user.email, password: user.password },
    });
    assert.equal(right.statusCode, 400, 'the right password is refused while locked');
    assert.match(right.body, /too many attempts/);
    const events = (await auditEvents(t)).map(
      (e) => `${e.outcome}:${(e.detail as { event?: string }).event}`,
    );
    assert.equal(events.filter((e) => e === 'failure:password-failed').length, 10);
    assert.equal(events.filter((e) => e === 'denied:account-locked').length, 1);
    assert.equal(events.at(-1), 'denied:attempt-while-locked');

    // The lock ends by itself after 30 minutes.
    t.clock.advance(31 * 60_000);
    await signInAs(t, user);
  } finally {
    await t.close();
  }
});

test('a wrong or replayed code is refused', async () => {
  const t = await testApp();
  try {
    const user = await createUser(t.database.db, { roles: ['ig_officer'] });
    await signInAs(t, user);
    // Same 30-second step again: a replayed code.
    const { cookie, csrf } = await startSignIn(t);
    const pw = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { cookie },
      payload: { _csrf: csrf, email: user.email, password: user.password },
    });
    const cookie2 = cookieOf(pw.headers['set-cookie']);
    const codePage = await t.app.inject({
      method: 'GET',
      url: '/sign-in/code',
      headers: { cookie: cookie2 },
    });
    for (const code of [totpCode(user.totpSecret, t.clock.now()), '000000']) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/sign-in/code',
        headers: { cookie: cookie2 },
        payload: { _csrf: csrfOf(codePage.body), code },
      });
      assert.equal(response.statusCode, 400);
      assert.match(response.body, /Enter a correct security code/);
    }
  } finally {
    await t.close();
  }
});

test('first sign-in enrols a TOTP app from a QR code, then asks for the terms of use', async () => {
  const t = await testApp();
  try {
    const user = await createUser(t.database.db, { roles: ['admin'] });
    await t.database.db
      .updateTable('users')
      .set({
        totp_secret: null,
        totp_enrolled_at: null,
        terms_version: null,
        terms_accepted_at: null,
      })
      .where('id', '=', user.id)
      .execute();
    const { cookie, csrf } = await startSignIn(t);
    const pw = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { cookie },
      payload: { _csrf: csrf, email: user.email, password: user.password },
    });
    assert.equal(pw.headers.location, '/sign-in/enrol');
    const c = cookieOf(pw.headers['set-cookie']);
    const enrol = await t.app.inject({
      method: 'GET',
      url: '/sign-in/enrol',
      headers: { cookie: c },
    });
    assert.match(enrol.body, /src="data:image\/svg\+xml;base64,/);
    const secret = /id="totp-secret">([A-Z2-7 ]+)</.exec(enrol.body)![1]!.replace(/ /g, '');
    // Nothing is saved until a code proves the app has the secret.
    const before = await t.database.db
      .selectFrom('users')
      .select('totp_secret')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    assert.equal(before.totp_secret, null);
    const done = await t.app.inject({
      method: 'POST',
      url: '/sign-in/enrol',
      headers: { cookie: c },
      payload: { _csrf: csrfOf(enrol.body), code: totpCode(secret, t.clock.now()) },
    });
    assert.equal(done.headers.location, '/sign-in/terms');
    const c2 = cookieOf(done.headers['set-cookie']);
    const terms = await t.app.inject({
      method: 'GET',
      url: '/sign-in/terms',
      headers: { cookie: c2 },
    });
    const refused = await t.app.inject({
      method: 'POST',
      url: '/sign-in/terms',
      headers: { cookie: c2 },
      payload: { _csrf: csrfOf(terms.body) },
    });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Confirm that you accept the terms of use/);
    const accepted = await t.app.inject({
      method: 'POST',
      url: '/sign-in/terms',
      headers: { cookie: c2 },
      payload: { _csrf: csrfOf(terms.body), accept: 'yes' },
    });
    assert.equal(accepted.headers.location, '/home');
    const row = await t.database.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.totp_secret, secret);
    assert.ok(row.terms_accepted_at);
  } finally {
    await t.close();
  }
});

test('sessions end at sign-out, after 30 idle minutes, after 12 hours, and when the user is disabled', async () => {
  const t = await testApp();
  try {
    const home = async (cookie: string) =>
      (await t.app.inject({ method: 'GET', url: '/home', headers: { cookie } })).statusCode;

    const a = await signIn(t, { roles: ['analyst'] });
    await t.app.inject({
      method: 'POST',
      url: '/sign-out',
      headers: { cookie: a.cookie },
      payload: { _csrf: a.csrfToken },
    });
    assert.equal(await home(a.cookie), 302);

    const b = await signIn(t, { roles: ['analyst'] });
    t.clock.advance(29 * 60_000);
    assert.equal(await home(b.cookie), 200);
    t.clock.advance(31 * 60_000);
    assert.equal(await home(b.cookie), 302, 'idle timeout');

    const c = await signIn(t, { roles: ['analyst'] });
    for (let i = 0; i < 25; i += 1) {
      t.clock.advance(29 * 60_000);
      assert.equal(await home(c.cookie), i < 24 ? 200 : 302);
    }

    const d = await signIn(t, { roles: ['analyst'] });
    await t.database.db
      .updateTable('users')
      .set({ status: 'disabled' })
      .where('id', '=', d.userId)
      .execute();
    assert.equal(await home(d.cookie), 302, 'disabled on the very next request');
  } finally {
    await t.close();
  }
});

test('a role change applies on the next request', async () => {
  const t = await testApp();
  try {
    const s = await signIn(t, { roles: ['analyst'] });
    assert.equal(
      (await t.app.inject({ method: 'GET', url: '/home', headers: { cookie: s.cookie } }))
        .statusCode,
      200,
    );
    await t.database.db
      .transaction()
      .execute((trx) => replaceAssignments(trx, s.userId, [{ role: 'admin', hubId: null }]));
    const home = await t.app.inject({ method: 'GET', url: '/home', headers: { cookie: s.cookie } });
    assert.match(home.body, /Service desk administrator/);
  } finally {
    await t.close();
  }
});

test('a state change without the CSRF token is refused', async () => {
  const t = await testApp();
  try {
    const s = await signIn(t, { roles: ['analyst'] });
    const missing = await t.app.inject({
      method: 'POST',
      url: '/sign-out',
      headers: { cookie: s.cookie },
      payload: {},
    });
    assert.equal(missing.statusCode, 403);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/sign-out',
      headers: { cookie: s.cookie },
      payload: { _csrf: 'x'.repeat(43) },
    });
    assert.equal(wrong.statusCode, 403);
    assert.equal(
      (await t.app.inject({ method: 'GET', url: '/home', headers: { cookie: s.cookie } }))
        .statusCode,
      200,
    );
  } finally {
    await t.close();
  }
});

test('signed out, a protected page redirects to sign-in; an unknown session cookie is ignored', async () => {
  const t = await testApp();
  try {
    const response = await t.app.inject({ method: 'GET', url: '/home' });
    assert.equal(response.statusCode, 302);
    assert.equal(response.headers.location, '/sign-in');
    const forged = await t.app.inject({
      method: 'GET',
      url: '/home',
      headers: { cookie: 'cicero_session=forged' },
    });
    assert.equal(forged.headers.location, '/sign-in');
  } finally {
    await t.close();
  }
});

test('session cookies are HttpOnly and SameSite=Lax', async () => {
  const t = await testApp();
  try {
    const page = await t.app.inject({ method: 'GET', url: '/sign-in' });
    const header = String(page.headers['set-cookie']);
    assert.match(header, /HttpOnly/);
    assert.match(header, /SameSite=Lax/);
  } finally {
    await t.close();
  }
});

test('outside demo mode a demo account cannot sign in, whatever its password', async () => {
  const t = await testApp({ config: { demo: false } });
  try {
    const user = await createUser(t.database.db, {
      roles: ['admin'],
      email: 'admin@demo.cicero.example',
    });
    const { cookie, csrf } = await startSignIn(t);
    const response = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { cookie },
      payload: { _csrf: csrf, email: user.email, password: user.password },
    });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /Enter a correct email address and password/);
  } finally {
    await t.close();
  }
  const demo = await testApp({ config: { demo: true } });
  try {
    const user = await createUser(demo.database.db, {
      roles: ['admin'],
      email: 'admin@demo.cicero.example',
    });
    await signInAs(demo, user);
  } finally {
    await demo.close();
  }
});
