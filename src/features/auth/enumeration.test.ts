import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { createUser } from '../../../test/support/auth.ts';

const csrfOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? '';
const cookieOf = (h: string | string[] | undefined) =>
  (Array.isArray(h) ? h : [h ?? ''])
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('cicero_session=')) ?? '';

/** One sign-in attempt from a fresh page: the status and the error summary's text. */
async function attempt(t: TestApp, email: string, password: string) {
  const page = await t.app.inject({ method: 'GET', url: '/sign-in' });
  const response = await t.app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { cookie: cookieOf(page.headers['set-cookie']) },
    payload: { _csrf: csrfOf(page.body), email, password },
  });
  const summary = /govuk-error-summary__list[\s\S]*?<\/ul>/.exec(response.body)?.[0];
  return `${response.statusCode} ${summary ?? '(no error summary)'}`;
}

test('known and unknown emails get the same answers, before, at and after the lockout', async () => {
  const t = await testApp();
  try {
    const user = await createUser(t.database.db, { roles: ['case_officer'], hubCodes: ['NW'] });
    const unknown = 'nobody-here@example.nhs.uk';
    const known: string[] = [];
    const absent: string[] = [];
    for (let i = 0; i < 12; i += 1) {
      known.push(await attempt(t, user.email, `wrong-password-${i}`));
      absent.push(await attempt(t, unknown, `wrong-password-${i}`));
    }
    assert.deepEqual(absent, known);
    assert.match(known[0]!, /^400 .*Enter a correct email address and password/s);
    assert.match(known[9]!, /^400 .*too many attempts/s);
    // While locked, even the right password (for the known one) gets the same answer.
    assert.equal(await attempt(t, user.email, user.password), known[11]);
    assert.equal(await attempt(t, unknown, user.password), known[11]);
    // Both locks end after 30 minutes, and then both are ordinary failures again.
    t.clock.advance(31 * 60_000);
    const afterKnown = await attempt(t, user.email, 'wrong-again');
    const afterUnknown = await attempt(t, unknown, 'wrong-again');
    assert.equal(afterUnknown, afterKnown);
    // The throttle table holds no email address.
    const keys = await t.database.db.selectFrom('sign_in_throttle').select('key').execute();
    assert.ok(
      keys.every((k) => !k.key.includes('@')),
      'no email in throttle keys',
    );
  } finally {
    await t.close();
  }
});
