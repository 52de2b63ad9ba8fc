import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { confirmCode, createUser, signIn } from '../../../test/support/auth.ts';
import { relyingParty } from './relying-party.ts';

const csrfOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? '';
const cookieOf = (h: string | string[] | undefined) =>
  (Array.isArray(h) ? h : [h ?? ''])
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('cicero_session=')) ?? '';

/** The app as reached at http://localhost (a passkey's domain cannot be an IP address). */
const host = { host: 'localhost' };

async function passwordStep(t: TestApp, email: string, password: string) {
  const page = await t.app.inject({ method: 'GET', url: '/sign-in', headers: host });
  const sent = await t.app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { ...host, cookie: cookieOf(page.headers['set-cookie']) },
    payload: { _csrf: csrfOf(page.body), email, password },
  });
  const cookie = cookieOf(sent.headers['set-cookie']);
  const code = await t.app.inject({
    method: 'GET',
    url: '/sign-in/code',
    headers: { ...host, cookie },
  });
  return { cookie, csrf: csrfOf(code.body), page: code.body };
}

test('the passkey offer is hidden unless the user has a passkey: the challenge answers 204', async () => {
  const t = await testApp();
  try {
    const user = await createUser(t.database.db, { roles: ['analyst'] });
    const step = await passwordStep(t, user.email, user.password);
    assert.match(
      step.page,
      /data-passkey-option[^>]*hidden/,
      'offered only once the script finds one',
    );
    const challenge = await t.app.inject({
      method: 'POST',
      url: '/passkeys/challenge',
      headers: { ...host, cookie: step.cookie },
      payload: { _csrf: step.csrf },
    });
    assert.equal(challenge.statusCode, 204);
    const anonymous = await t.app.inject({ method: 'GET', url: '/sign-in', headers: host });
    const nobody = await t.app.inject({
      method: 'POST',
      url: '/passkeys/challenge',
      headers: { ...host, cookie: cookieOf(anonymous.headers['set-cookie']) },
      payload: { _csrf: csrfOf(anonymous.body), token: 'not-a-reset-token' },
    });
    assert.equal(nobody.statusCode, 204, 'no user, no challenge');
  } finally {
    await t.close();
  }
});

test('a forged passkey answer signs no one in: refused, audited, and the code still works', async () => {
  const t = await testApp();
  try {
    const user = await createUser(t.database.db, { roles: ['analyst'] });
    await t.database.db
      .insertInto('passkeys')
      .values({
        user_id: user.id,
        credential_id: 'AAAAAAAAAAAAAAAAAAAAAA',
        public_key: 'pQECAyYgASFYIA',
        sign_count: 0,
        name: 'Forged',
        created_at: t.clock.now(),
      })
      .execute();
    const step = await passwordStep(t, user.email, user.password);
    const challenge = await t.app.inject({
      method: 'POST',
      url: '/passkeys/challenge',
      headers: { ...host, cookie: step.cookie },
      payload: { _csrf: step.csrf },
    });
    assert.equal(challenge.statusCode, 200);
    const options = challenge.json<{
      rpId: string;
      challenge: string;
      allowCredentials: unknown[];
    }>();
    assert.equal(options.rpId, 'localhost');
    assert.equal(options.allowCredentials.length, 1);
    const forged = JSON.stringify({
      id: 'AAAAAAAAAAAAAAAAAAAAAA',
      rawId: 'AAAAAAAAAAAAAAAAAAAAAA',
      type: 'public-key',
      response: { clientDataJSON: 'e30', authenticatorData: 'AAAA', signature: 'AAAA' },
      clientExtensionResults: {},
    });
    const refused = await t.app.inject({
      method: 'POST',
      url: '/sign-in/code',
      headers: { ...host, cookie: step.cookie },
      payload: { _csrf: step.csrf, passkey: forged, code: '' },
    });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Your passkey could not be checked/);
    const failures = await t.database.db
      .selectFrom('audit_events')
      .select('detail')
      .where('subject_id', '=', user.id)
      .where('outcome', '=', 'failure')
      .execute();
    assert.ok(failures.some((f) => (f.detail as { event?: string }).event === 'passkey-failed'));
  } finally {
    await t.close();
  }
});

test('adding a passkey needs a fresh code, and a made-up registration is refused', async () => {
  const t = await testApp();
  try {
    const s = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
    const first = await t.app.inject({
      method: 'GET',
      url: '/account/passkeys/new',
      headers: { ...host, cookie: s.cookie },
    });
    assert.equal(first.headers.location, '/confirm-code');
    assert.equal(await confirmCode(t, s), '/account/passkeys/new');
    const page = await t.app.inject({
      method: 'GET',
      url: '/account/passkeys/new',
      headers: { ...host, cookie: s.cookie },
    });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /data-options="\{&quot;/, 'registration options for the script');
    const sent = await t.app.inject({
      method: 'POST',
      url: '/account/passkeys',
      headers: { ...host, cookie: s.cookie },
      payload: { _csrf: s.csrfToken, name: 'Laptop', registration: '{"id":"x"}' },
    });
    assert.equal(sent.statusCode, 400);
    assert.match(sent.body, /The passkey could not be added/);
    const held = await t.database.db.selectFrom('passkeys').select('id').execute();
    assert.equal(held.length, 0);
  } finally {
    await t.close();
  }
});

test('the relying party is PUBLIC_URL, or the request outside production; never an IP address', () => {
  const request = (host: string) =>
    ({ protocol: 'http', host }) as unknown as Parameters<typeof relyingParty>[1];
  assert.deepEqual(
    relyingParty(
      { publicUrl: 'https://cicero.example.nhs.uk', nodeEnv: 'production' },
      request('x'),
    ),
    { origin: 'https://cicero.example.nhs.uk', rpID: 'cicero.example.nhs.uk' },
  );
  assert.equal(relyingParty({ publicUrl: undefined, nodeEnv: 'production' }, request('a.b')), null);
  assert.deepEqual(
    relyingParty({ publicUrl: undefined, nodeEnv: 'test' }, request('localhost:3000')),
    {
      origin: 'http://localhost:3000',
      rpID: 'localhost',
    },
  );
  assert.equal(
    relyingParty({ publicUrl: undefined, nodeEnv: 'test' }, request('127.0.0.1:3000')),
    null,
  );
});
