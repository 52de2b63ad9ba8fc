import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { ROLES, ROLE_LABELS } from '../../src/domain/roles.ts';
import { totpCode } from '../../src/features/auth/totp.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, demoTotpSecret } from '../../src/features/demo/accounts.ts';
import { seedDemo } from '../../src/features/demo/seed.ts';
import {
  browserAvailable,
  checkPage,
  startBrowserRun,
  visit,
  type BrowserRun,
} from './support/browser.ts';

async function continueTo(page: Page, path: string, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL((url) => url.pathname === path);
  await checkPage(page, name);
}

async function signOut(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((url) => url.pathname === '/sign-out');
  await checkPage(page, `signed out (${name})`);
  assert.equal(await page.locator('h1').textContent(), 'You have signed out');
}

describe('signing in as every demo role, in a real browser', { skip: !browserAvailable() }, () => {
  let run: BrowserRun;
  before(async () => {
    run = await startBrowserRun({ config: { demo: true } });
    await seedDemo(run.server.database.db, run.server.clock);
  });
  after(async () => {
    await run?.close();
  });

  for (const role of ROLES) {
    const account = DEMO_ACCOUNTS.find((a) => a.roles.includes(role))!;
    it(`${role}: password, security code, a home page for the role, sign out; axe clean`, async () => {
      const page = await run.newPage();
      await visit(page, '/sign-in', `sign-in (${role})`);
      assert.ok(
        await page.getByRole('cell', { name: account.email }).count(),
        'demo account listed',
      );
      await page.getByLabel('Email address').fill(account.email);
      await page.getByLabel('Password').fill(DEMO_PASSWORD);
      await continueTo(page, '/sign-in/code', `security code (${role})`);

      const code = totpCode(demoTotpSecret(account.email), run.server.clock.now());
      await page.getByLabel('Enter your security code').fill(code);
      await continueTo(page, '/home', `home (${role})`);
      assert.equal(await page.locator('h1').textContent(), 'Your work');
      assert.equal(await page.locator('.govuk-caption-l').textContent(), account.name);
      // A senior clinician's account holds the clinician role too: both are named.
      assert.equal(
        await page.locator('#your-roles').textContent(),
        `Your roles: ${account.roles.map((r) => ROLE_LABELS[r]).join(', ')}`,
      );
      assert.ok(account.roles.includes(role));
      const adminLinks = await page.getByRole('link', { name: 'Manage users' }).count();
      assert.equal(adminLinks, role === 'admin' ? 1 : 0, 'admin pages offered to admins only');
      const signOffLinks = await page
        .getByRole('link', { name: 'Formulations to sign off' })
        .count();
      assert.equal(
        signOffLinks,
        role === 'senior_clinician' || role === 'hub_lead' ? 1 : 0,
        'formulation sign-off offered to senior clinicians and hub leads only',
      );

      await signOut(page, role);
    });
  }
});

describe(
  'an admin adds a user, who then signs in for the first time',
  { skip: !browserAvailable() },
  () => {
    let run: BrowserRun;
    before(async () => {
      run = await startBrowserRun({ config: { demo: true } });
      await seedDemo(run.server.database.db, run.server.clock);
    });
    after(async () => {
      await run?.close();
    });

    it('adds the user after a fresh code; the user enrols their app and accepts the terms; axe clean', async () => {
      const clock = run.server.clock;
      const admin = DEMO_ACCOUNTS.find((a) => a.roles.includes('admin'))!;
      const page = await run.newPage();
      await visit(page, '/sign-in', 'sign-in (admin)');
      await page.getByLabel('Email address').fill(admin.email);
      await page.getByLabel('Password').fill(DEMO_PASSWORD);
      await continueTo(page, '/sign-in/code', 'security code (admin)');
      await page
        .getByLabel('Enter your security code')
        .fill(totpCode(demoTotpSecret(admin.email), clock.now()));
      await continueTo(page, '/home', 'home (admin)');

      await page.getByRole('link', { name: 'Manage hubs' }).click();
      await page.waitForURL((url) => url.pathname === '/admin/hubs');
      await checkPage(page, 'hubs');
      await page.getByRole('link', { name: 'Edit West Midlands' }).click();
      await page.waitForURL(/\/admin\/hubs\/[0-9a-f-]{36}\/edit$/);
      await checkPage(page, 'edit hub');
      await visit(page, '/admin/hubs/new', 'add a hub');

      await visit(page, '/home', 'home again (admin)');
      await page.getByRole('link', { name: 'Manage users' }).click();
      await page.waitForURL((url) => url.pathname === '/admin/users');
      await checkPage(page, 'users');
      await page.getByLabel('Name or email address').fill('whitfield');
      await page.getByRole('button', { name: 'Find users' }).click();
      await page.waitForURL((url) => url.pathname === '/admin/users/search');
      await checkPage(page, 'users found');
      assert.ok(await page.getByRole('link', { name: 'Dr Helen Whitfield' }).count());

      await page.getByRole('button', { name: 'Add a user' }).click();
      await page.waitForURL((url) => url.pathname === '/confirm-code');
      await checkPage(page, 'confirm code (step-up)');
      clock.advance(30_000); // a new code: the one used at sign-in cannot be used again
      await page
        .getByLabel('Confirm it is you')
        .fill(totpCode(demoTotpSecret(admin.email), clock.now()));
      await continueTo(page, '/admin/users/new', 'add a user');

      await page.getByRole('button', { name: 'Add user' }).click();
      await page.waitForURL((url) => url.pathname === '/admin/users');
      await checkPage(page, 'add a user, with errors');
      assert.equal(
        await page
          .locator('.govuk-error-summary__title')
          .textContent()
          .then((t) => t?.trim()),
        'There is a problem',
      );

      await page.getByLabel('Full name').fill('Grace Oduya');
      await page.getByLabel('Email address').fill('grace.oduya@nhs.example');
      await page
        .getByRole('group', { name: 'Roles in West Midlands (WM)' })
        .getByLabel('Clinician', { exact: true })
        .check();
      await page.getByLabel('Clinical psychologist').check();
      const password = 'amber kettle horizon';
      await page.getByLabel('Initial password').fill(password);
      await page.getByRole('button', { name: 'Add user' }).click();
      await page.waitForURL(/\/admin\/users\/[0-9a-f-]{36}\?done=created$/);
      await checkPage(page, 'user created');
      assert.match((await page.locator('h1').textContent()) ?? '', /Grace Oduya/);

      await page.getByRole('button', { name: 'Edit name and roles' }).click();
      await page.waitForURL(/\/admin\/users\/[0-9a-f-]{36}\/edit$/);
      await checkPage(page, 'edit user');
      await signOut(page, 'admin');

      const user = await run.newPage();
      await visit(user, '/sign-in', 'sign-in (new user)');
      await user.getByLabel('Email address').fill('grace.oduya@nhs.example');
      await user.getByLabel('Password').fill(password);
      await continueTo(user, '/sign-in/enrol', 'set up authenticator app');
      const setupKey = ((await user.locator('#totp-secret').textContent()) ?? '').replace(
        /\s+/g,
        '',
      );
      assert.match(setupKey, /^[A-Z2-7]{32}$/);
      await user.getByLabel('Security code').fill(totpCode(setupKey, clock.now()));
      await continueTo(user, '/sign-in/terms', 'terms of use');
      await user.getByLabel('I have read and accept these terms of use').check();
      await continueTo(user, '/home', 'home (new user)');
      assert.equal(await user.locator('h1').textContent(), 'Your work');
      assert.equal(await user.locator('.govuk-caption-l').textContent(), 'Grace Oduya');
      assert.equal(await user.locator('#your-roles').textContent(), 'Your roles: Clinician');
      await signOut(user, 'new user');
    });
  },
);
