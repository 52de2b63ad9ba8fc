import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { totpCode } from '../../src/features/auth/totp.ts';
import { createUser, type TestUser } from '../support/auth.ts';
import {
  browserAvailable,
  checkPage,
  click,
  savedBanner,
  signInWithPages,
  startBrowserRun,
  visit,
  type BrowserRun,
} from './support/browser.ts';

const NEW_PASSWORD = 'harbour violet sandstone';

async function continueTo(page: Page, button: string, path: string | RegExp, name: string) {
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.waitForURL((url) =>
    typeof path === 'string' ? url.pathname === path : path.test(url.pathname),
  );
  await checkPage(page, name);
}

describe('a password reset link, in a real browser', { skip: !browserAvailable() }, () => {
  let run: BrowserRun;
  before(async () => {
    run = await startBrowserRun();
  });
  after(async () => {
    await run?.close();
  });

  it('the admin makes a link after a fresh code; it works once, then says it no longer works; axe clean', async () => {
    const { clock, database } = run.server;
    const admin = await createUser(database.db, { roles: ['admin'] });
    const user = await createUser(database.db, { roles: ['clinician'], hubCodes: ['WM'] });
    const page = await signInWithPages(run, admin, 'admin');
    await visit(page, `/admin/users/${user.id}`, 'user page (admin)');
    await click(page, 'button', 'Make a password reset link', 'reset link: confirm code');
    clock.advance(30_000);
    await page.getByLabel('Confirm it is you').fill(totpCode(admin.totpSecret, clock.now()));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.locator('#reset-link').waitFor();
    await checkPage(page, 'reset link made');
    const link = (await page.locator('#reset-link').textContent())!.trim();
    assert.match(link, /\/reset-password\/[A-Za-z0-9_-]{43}$/);

    const userPage = await run.newPage();
    await visit(userPage, link, 'reset: choose a new password');
    await userPage.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await userPage.getByLabel('New password again').fill(NEW_PASSWORD);
    await userPage.getByLabel('Security code').fill('000000');
    await continueTo(userPage, 'Set new password', /^\/reset-password\//, 'reset: wrong code');
    assert.match(await userPage.locator('.govuk-error-summary').innerText(), /security code/i);

    clock.advance(30_000);
    await userPage.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await userPage.getByLabel('New password again').fill(NEW_PASSWORD);
    await userPage.getByLabel('Security code').fill(totpCode(user.totpSecret, clock.now()));
    await continueTo(userPage, 'Set new password', /^\/reset-password\//, 'reset: done');
    assert.equal(await userPage.locator('h1').textContent(), 'Your password has been reset');

    await visit(userPage, link, 'reset: link used');
    assert.equal(
      await userPage.locator('h1').textContent(),
      'This password reset link no longer works',
    );
    clock.advance(30_000);
    const signedIn = await signInWithPages(
      run,
      { ...user, password: NEW_PASSWORD },
      'new password',
    );
    assert.equal(await signedIn.locator('h1').textContent(), 'Your work');
  });
});

/** A page at http://localhost (a passkey's domain cannot be an IP address) with a virtual authenticator. */
async function pageWithAuthenticator(run: BrowserRun): Promise<Page> {
  const context = await run.browser.newContext({
    baseURL: run.baseUrl.replace('127.0.0.1', 'localhost'),
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return page;
}

async function passwordStep(page: Page, user: TestUser, who: string) {
  await visit(page, '/sign-in', `${who}: sign in`);
  await page.getByLabel('Email address').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await continueTo(page, 'Continue', '/sign-in/code', `${who}: second factor`);
}

describe('passkeys, with Chromium’s virtual authenticator', { skip: !browserAvailable() }, () => {
  let run: BrowserRun;
  before(async () => {
    run = await startBrowserRun();
  });
  after(async () => {
    await run?.close();
  });

  it('a user adds a passkey after a fresh code, then signs in and steps up with it instead of a code; axe clean', async () => {
    const { clock, database } = run.server;
    const user = await createUser(database.db, { roles: ['case_officer'], hubCodes: ['NW'] });
    const page = await pageWithAuthenticator(run);

    await passwordStep(page, user, 'passkey user');
    assert.equal(await page.getByRole('button', { name: 'Use a passkey' }).isVisible(), false);
    await page.locator('#code').fill(totpCode(user.totpSecret, clock.now()));
    await continueTo(page, 'Continue', '/home', 'passkey user: home');

    await click(page, 'link', 'Your account', 'your account');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.waitForURL((url) => url.pathname === '/confirm-code');
    await checkPage(page, 'add a passkey: confirm code');
    clock.advance(30_000);
    await page.getByLabel('Confirm it is you').fill(totpCode(user.totpSecret, clock.now()));
    await continueTo(page, 'Continue', '/account/passkeys/new', 'add a passkey');
    await page.getByLabel('Name for this passkey').fill('Test laptop');
    await page.getByRole('button', { name: 'Create passkey' }).click();
    await page.waitForURL((url) => url.pathname === '/account' && url.search.includes('done'));
    await checkPage(page, 'passkey added');
    assert.match((await savedBanner(page)) ?? '', /Your passkey has been added/);
    assert.ok(await page.getByRole('cell', { name: 'Test laptop' }).count());

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/sign-out');

    // Password, then the passkey instead of a code: no code is typed.
    await passwordStep(page, user, 'passkey sign-in');
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await page.waitForURL((url) => url.pathname === '/home');
    await checkPage(page, 'signed in with a passkey');

    // A step-up by passkey: changing the password asks for a fresh second factor.
    await visit(page, '/account/password', 'step-up: confirm code or passkey');
    assert.equal(new URL(page.url()).pathname, '/confirm-code');
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await page.waitForURL((url) => url.pathname === '/account/password');
    await checkPage(page, 'change password after a passkey step-up');

    const events = await database.db
      .selectFrom('audit_events')
      .select('detail')
      .where('subject_id', '=', user.id)
      .execute();
    const byPasskey = events
      .map((e) => e.detail as { event?: string; method?: string })
      .filter((d) => d.method === 'passkey')
      .map((d) => d.event);
    assert.deepEqual(byPasskey.sort(), ['signed-in', 'step-up']);
    assert.ok(events.some((e) => (e.detail as { event?: string }).event === 'passkey-added'));
  });
});
