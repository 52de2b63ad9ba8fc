import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { STATE_LABELS } from '../../src/domain/case-state.ts';
import { totpCode } from '../../src/features/auth/totp.ts';
import { DEMO_PASSWORD, demoTotpSecret } from '../../src/features/demo/accounts.ts';
import { seedDemo } from '../../src/features/demo/seed.ts';
import {
  browserAvailable,
  checkPage,
  startBrowserRun,
  visit,
  type BrowserRun,
} from './support/browser.ts';

/**
 * The demo's first start: the demo accounts find generated cases of their own, and the pages
 * that list and show them pass axe with real-sized data in them.
 */
describe('the demo cases, as the demo accounts see them', { skip: !browserAvailable() }, () => {
  let run: BrowserRun;
  before(async () => {
    run = await startBrowserRun({ config: { demo: true } });
    await seedDemo(run.server.database.db, run.server.clock);
  });
  after(async () => {
    await run?.close();
  });

  async function signInAs(email: string): Promise<Page> {
    const page = await run.newPage();
    await page.goto('/sign-in');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((url) => url.pathname === '/sign-in/code');
    const code = totpCode(demoTotpSecret(email), run.server.clock.now());
    await page.getByLabel('Enter your security code').fill(code);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((url) => url.pathname === '/home');
    return page;
  }

  /** Follows the first link to a case from the page it is on, and checks that page. */
  async function openFirst(page: Page, prefix: string, name: string): Promise<void> {
    const link = page.locator(`main a[href^="${prefix}"]`).first();
    assert.ok(await link.count(), `${name}: a link to a case`);
    await link.click();
    await page.waitForURL((url) => url.pathname.startsWith(prefix));
    await checkPage(page, name);
    assert.doesNotMatch(await page.locator('main').innerText(), /undefined|NaN/);
  }

  it('the demo clinician finds cases allocated to them and opens one', async () => {
    const page = await signInAs('clinician.wm@demo.cicero.example');
    await visit(page, '/cases', 'demo clinician: cases');
    await openFirst(page, '/cases/', 'demo clinician: a generated case');
  });

  it('the demo hub lead sees the triage and closure queues and the cases of the hub', async () => {
    const page = await signInAs('hub_lead.wm@demo.cicero.example');
    await visit(page, '/triage', 'demo hub lead: triage queue');
    await visit(page, '/closures', 'demo hub lead: closures');
    await visit(page, '/cases?tab=open', 'demo hub lead: open cases of the hub');
    // Each status once in the filter, though two kinds of closure request read the same.
    const statuses = await page.locator('#status option').allInnerTexts();
    assert.deepEqual(statuses, [...new Set(statuses)]);
    assert.ok(statuses.includes('Closure requested'));
    await page.locator('#status').selectOption({ label: 'Open' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/status=open/);
    await checkPage(page, 'demo hub lead: open cases, status open');
    const tags = await page.locator('main tbody .govuk-tag').allInnerTexts();
    assert.ok(tags.length > 0, 'the demo has open cases');
    assert.ok(tags.every((tag) => tag.trim() === 'Open'));
    // References never wrap in a list.
    const whiteSpace = await page
      .locator('main tbody td')
      .first()
      .evaluate(
        (cell) =>
          (
            globalThis as unknown as { getComputedStyle(e: unknown): { whiteSpace: string } }
          ).getComputedStyle(cell).whiteSpace,
      );
    assert.equal(whiteSpace, 'nowrap');
    // Unallocated cases: new ones and reopened ones (a status to choose between), no lead column.
    await visit(page, '/cases?tab=unallocated', 'demo hub lead: unallocated cases');
    assert.deepEqual(
      (await page.locator('#status option').allInnerTexts()).map((o) => o.trim()),
      ['Any status', STATE_LABELS.awaiting_allocation.text, STATE_LABELS.reopened.text],
    );
    assert.doesNotMatch(await page.locator('main').innerText(), /Lead practitioner|Not allocated/);
    await visit(page, '/cases?tab=open', 'demo hub lead: open cases of the hub');
    await openFirst(page, '/cases/', 'demo hub lead: a generated case');
  });

  it('the demo case officer finds their requests and opens one', async () => {
    const page = await signInAs('case_officer.wm@demo.cicero.example');
    await visit(page, '/requests', 'demo case officer: requests');
    await openFirst(page, '/requests/', 'demo case officer: a generated request');
  });

  it('the demo police lead sees the requests of the hub', async () => {
    const page = await signInAs('police_lead.wm@demo.cicero.example');
    await visit(page, '/supervision', 'demo police lead: supervision');
    await openFirst(page, '/supervision/', 'demo police lead: a generated request');
  });
});
