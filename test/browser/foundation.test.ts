import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../../src/db/database.ts';
import { totpCode } from '../../src/features/auth/totp.ts';
import { publicRoute } from '../../src/web/routes.ts';
import { createUser } from '../support/auth.ts';
import {
  browserAvailable,
  checkPage,
  startBrowserRun,
  visit,
  type BrowserRun,
} from './support/browser.ts';

describe('information pages in a real browser', { skip: !browserAvailable() }, () => {
  let run: BrowserRun;
  before(async () => {
    run = await startBrowserRun({
      routes: () => [
        publicRoute({
          method: 'GET',
          url: '/test/failure',
          handler: () => {
            throw new Error('a deliberate failure');
          },
        }),
      ],
    });
  });
  after(async () => {
    await run?.close();
  });

  it('the accessibility check fails a page with a violation, even after passing its like', async () => {
    const page = await run.newPage();
    const html = (body: string) =>
      `<html lang="en"><head><title>Check</title></head><body><main>${body}</main></body></html>`;
    await page.setContent(html('<h1>Check</h1>'));
    await checkPage(page, 'a clean page');
    await page.setContent(html('<h1>Check</h1><img src="/nothing.png">'));
    await assert.rejects(checkPage(page, 'an image without alt text'), /image-alt/);
  });

  it('shows the start page, accessibility statement and cookies page, axe clean', async () => {
    const page = await run.newPage();
    await visit(page, '/', 'start page');
    assert.equal(await page.locator('h1').textContent(), 'Cicero');
    assert.match((await page.title()) ?? '', /Cicero/);

    await page.getByRole('link', { name: 'Accessibility statement' }).click();
    await checkPage(page, 'accessibility statement');
    assert.match((await page.locator('h1').textContent()) ?? '', /Accessibility statement/);

    await page.getByRole('link', { name: 'Cookies' }).click();
    await checkPage(page, 'cookies');
    assert.equal(await page.locator('h1').textContent(), 'Cookies');
  });

  it('shows the not-found page, axe clean', async () => {
    const page = await run.newPage();
    const response = await page.goto('/no/such/page');
    assert.equal(response?.status(), 404);
    await checkPage(page, 'not found');
    assert.equal(await page.locator('h1').textContent(), 'Page not found');
  });

  it('runs the GOV.UK Frontend script under the CSP (js-enabled, no console errors)', async () => {
    const page = await run.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto('/');
    await page.waitForLoadState('networkidle');
    assert.ok(await page.locator('body.govuk-frontend-supported').count());
    assert.deepEqual(errors, []);
  });

  it('shows the 403 page to a signed-in user without the permission, and the 500 page, axe clean', async () => {
    const page = await run.newPage();
    const user = await createUser(run.server.database.db, { roles: ['analyst'] });
    await page.goto('/sign-in');
    await page.getByLabel('Email address').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page
      .getByLabel('Enter your security code')
      .fill(totpCode(user.totpSecret, run.server.clock.now()));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL('**/home');
    const forbidden = await page.goto('/admin/users');
    assert.equal(forbidden?.status(), 403);
    await checkPage(page, 'forbidden');
    assert.equal(
      await page.locator('h1').textContent(),
      'You do not have permission to view this page',
    );

    const failed = await page.goto('/test/failure');
    assert.equal(failed?.status(), 500);
    await checkPage(page, 'server error');
    assert.doesNotMatch(await page.content(), /deliberate/);
  });
});

describe('the unavailable page in a real browser', { skip: !browserAvailable() }, () => {
  let run: BrowserRun;
  before(async () => {
    // A PostgreSQL server that is not there: every query fails to connect, as in an outage.
    const down = await openDatabase({
      kind: 'postgres',
      url: 'postgres://cicero@127.0.0.1:9/cicero',
    });
    run = await startBrowserRun({ database: down });
  });
  after(async () => {
    await run?.close();
  });

  it('answers 503 with a GOV.UK page when the database is down, axe clean', async () => {
    const page = await run.newPage();
    const response = await page.goto('/sign-in');
    assert.equal(response?.status(), 503);
    await checkPage(page, 'service unavailable');
    assert.equal(await page.locator('h1').textContent(), 'Sorry, the service is unavailable');
  });
});
