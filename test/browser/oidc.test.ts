import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import type { OidcProviderSettings } from '../../src/config.ts';
import { linkSsoIdentity } from '../../src/features/auth/oidc/service.ts';
import { createUser } from '../support/auth.ts';
import {
  freePort,
  startTestIdentityProvider,
  type TestIdentityProvider,
} from '../support/oidc-provider.ts';
import {
  browserAvailable,
  checkPage,
  startBrowserRun,
  type BrowserRun,
} from './support/browser.ts';

const SECRET = 'test-client-secret-0123456789';

/** Signs in at the provider's development pages: login, then consent. Not axe-checked. */
async function signInAtProvider(page: Page, subject: string, issuer: string) {
  await page.waitForURL((url) => url.href.startsWith(issuer));
  await page.locator('input[name=login]').fill(subject);
  await page.locator('input[name=password]').fill('any password');
  await page.locator('button[type=submit]').click();
  await page.locator('input[name=prompt][value=consent]').waitFor({ state: 'attached' });
  await page.locator('button[type=submit]').click();
}

describe('single sign-on with a real OpenID provider', { skip: !browserAvailable() }, () => {
  let run: BrowserRun;
  let idp: TestIdentityProvider;
  let issuer: string;

  before(async () => {
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const callback = (id: string) => `${publicUrl}/sign-in/sso/${id}/callback`;
    idp = await startTestIdentityProvider([
      { clientId: 'cicero', clientSecret: SECRET, redirectUri: callback('testidp') },
      { clientId: 'cicero-strict', clientSecret: SECRET, redirectUri: callback('strict') },
    ]);
    issuer = idp.issuer;
    const provider = (id: string, clientId: string, name: string, requireMfa: boolean) =>
      ({
        id,
        name,
        issuer,
        clientId,
        clientSecret: SECRET,
        requireMfa,
        mfaAcrValues: [],
      }) satisfies OidcProviderSettings;
    run = await startBrowserRun({
      port,
      config: {
        publicUrl,
        oidcProviders: [
          provider('testidp', 'cicero', 'Test Identity', false),
          provider('strict', 'cicero-strict', 'Strict Identity', true),
        ],
      },
    });
  });
  after(async () => {
    await run?.close();
    await idp?.close();
  });

  /** Sign-in audit rows in the order they were written (the test clock stands still). */
  async function ssoEvents(): Promise<Record<string, unknown>[]> {
    const rows = await run.server.database.db
      .selectFrom('audit_events')
      .select(['actor_user_id', 'outcome', 'detail'])
      .where('action', '=', 'sign-in')
      .orderBy(sql`xid::text::bigint`)
      .execute();
    return rows.map((e) => ({
      user: e.actor_user_id,
      outcome: e.outcome,
      ...e.detail,
    }));
  }

  it('signs a provisioned user in through the provider and lands on the home page', async () => {
    const db = run.server.database.db;
    const user = await createUser(db, { roles: ['clinician'], hubCodes: ['WM'] });
    const linked = await linkSsoIdentity(db, run.server.clock, {
      email: user.email,
      providerId: 'testidp',
      issuer,
      subject: 'sso-clinician-1',
    });
    assert.equal(linked.ok, true);

    const page = await run.newPage();
    await page.goto('/sign-in');
    await checkPage(page, 'sign-in with single sign-on buttons');
    const before = (await page.context().cookies()).find((c) => c.name === 'cicero_session');
    await page.getByRole('button', { name: 'Sign in with Test Identity' }).click();
    await signInAtProvider(page, 'sso-clinician-1', issuer);

    await page.waitForURL(`${run.baseUrl}/home`);
    await checkPage(page, 'home after single sign-on');
    assert.equal(await page.locator('h1').textContent(), 'Your work');
    assert.equal(await page.locator('.govuk-caption-l').textContent(), user.name);
    const afterSignIn = (await page.context().cookies()).find((c) => c.name === 'cicero_session');
    assert.ok(before && afterSignIn);
    assert.notEqual(afterSignIn.value, before.value, 'a new session id at sign-in');

    const events = (await ssoEvents()).filter((e) => e.provider === 'testidp');
    assert.deepEqual(
      events.map((e) => [e.event, e.outcome]),
      [
        ['sso-started', 'success'],
        ['sso-signed-in', 'success'],
      ],
    );
    assert.equal(events[1]?.user, user.id);
    assert.equal(events[1]?.mfa, 'none');
    assert.ok(!JSON.stringify(events).includes('sso-clinician-1'), 'no subject in the audit');
  });

  it('asks a provisioned user who has not accepted the terms to accept them first', async () => {
    const db = run.server.database.db;
    const user = await createUser(db, { roles: ['analyst'] });
    await db.updateTable('users').set({ terms_version: null }).where('id', '=', user.id).execute();
    await linkSsoIdentity(db, run.server.clock, {
      email: user.email,
      providerId: 'testidp',
      issuer,
      subject: 'sso-analyst-1',
    });
    const page = await run.newPage();
    await page.goto('/sign-in');
    await page.getByRole('button', { name: 'Sign in with Test Identity' }).click();
    await signInAtProvider(page, 'sso-analyst-1', issuer);
    await page.waitForURL(`${run.baseUrl}/sign-in/terms`);
    await checkPage(page, 'terms after single sign-on');
    await page.getByLabel('I have read and accept these terms of use').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${run.baseUrl}/home`);
    assert.equal(await page.locator('h1').textContent(), 'Your work');
    assert.equal(await page.locator('.govuk-caption-l').textContent(), user.name);
  });

  it('tells an unknown subject their account is not set up, and audits it', async () => {
    const page = await run.newPage();
    await page.goto('/sign-in');
    await page.getByRole('button', { name: 'Sign in with Test Identity' }).click();
    await signInAtProvider(page, 'sso-stranger-7', issuer);
    await page.waitForURL((url) => url.pathname === '/sign-in/sso/testidp/callback');
    await checkPage(page, 'single sign-on account not set up');
    assert.equal(await page.locator('h1').textContent(), 'Your account is not set up for Cicero');
    assert.match((await page.locator('main').textContent()) ?? '', /contact your service desk/);
    assert.equal(await page.getByTestId('sso-reference').textContent(), 'sso-stranger-7');
    const last = (await ssoEvents()).at(-1);
    assert.equal(last?.event, 'sso-unknown-subject');
    assert.equal(last?.outcome, 'failure');
    assert.equal(last?.user, null);
    // Still signed out.
    const home = await page.goto('/home');
    assert.equal(new URL(home!.url()).pathname, '/sign-in');
  });

  it('refuses a sign-in without evidence of MFA where the provider setting requires it', async () => {
    const db = run.server.database.db;
    const user = await createUser(db, { roles: ['case_officer'], hubCodes: ['NW'] });
    await linkSsoIdentity(db, run.server.clock, {
      email: user.email,
      providerId: 'strict',
      issuer,
      subject: 'sso-officer-1',
    });
    const page = await run.newPage();
    await page.goto('/sign-in');
    await page.getByRole('button', { name: 'Sign in with Strict Identity' }).click();
    await signInAtProvider(page, 'sso-officer-1', issuer);
    await page.waitForURL((url) => url.pathname === '/sign-in/sso/strict/callback');
    await checkPage(page, 'single sign-on without a second factor');
    assert.equal(
      await page.locator('h1').textContent(),
      'You need to sign in with a second factor',
    );
    const last = (await ssoEvents()).at(-1);
    assert.deepEqual(
      [last?.event, last?.outcome, last?.user, last?.mfa],
      ['sso-mfa-missing', 'denied', user.id, 'none'],
    );
    assert.deepEqual(idp.errors, []);
  });
});
