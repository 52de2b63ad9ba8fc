import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
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
    run = await startBrowserRun();
  });
  after(async () => {
    await run?.close();
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
});
