import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createUser } from '../support/auth.ts';
import { insertCase } from '../support/journey.ts';
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

/** The IG officer's review queue (src/features/audit/reviews*.ts), as a person uses it. */
describe('the IG officer reviews access reasons', { skip: !browserAvailable() }, () => {
  let run: BrowserRun;
  before(async () => {
    run = await startBrowserRun();
  });
  after(async () => {
    await run?.close();
  });

  it('filters the queue, is told about a bad date, and marks a reason reviewed', async () => {
    const db = run.server.database.db;
    const ig = await createUser(db, { roles: ['ig_officer'], name: 'Ivy Governance' });
    const clinician = await createUser(db, {
      roles: ['clinician'],
      hubCodes: ['WM'],
      name: 'Cal Outside',
    });
    const { caseId } = await insertCase(db, { hubCode: 'WM', requestedBy: clinician.id });
    await db
      .insertInto('case_access_reasons')
      .values({
        case_id: caseId,
        user_id: clinician.id,
        session_id: 'browser-session',
        reason: 'Duty clinician covering the hub today',
        recorded_at: run.server.clock.now(),
      })
      .execute();

    const page = await signInWithPages(run, ig, 'IG officer');
    await visit(page, '/audit/reviews', 'IG officer: review queue');
    const main = page.locator('main');
    assert.match(await main.innerText(), /Duty clinician covering the hub today/);
    assert.match(await main.innerText(), /Counts per person by month/);

    await page.locator('input[name="from-day"]').fill('31');
    await page.locator('input[name="from-month"]').fill('2');
    await page.locator('input[name="from-year"]').fill('2026');
    await click(page, 'button', 'Filter', 'IG officer: review queue with a bad date');
    assert.match(await page.title(), /^Error: /);
    assert.match(
      await page.locator('.govuk-error-summary').innerText(),
      /The date from must be a real date/,
    );

    await visit(page, '/audit/reviews', 'IG officer: review queue again');
    await page
      .locator('main')
      .getByRole('link', { name: /^Review / })
      .first()
      .click();
    await page.waitForURL(/\/audit\/reviews\/access_reason\//);
    await checkPage(page, 'IG officer: one reason to review');
    await click(page, 'button', 'Save review', 'IG officer: review with errors');
    assert.match(
      await page.locator('.govuk-error-summary').innerText(),
      /Select the outcome of your review/,
    );
    await page.getByLabel('Appropriate').check();
    await page.getByLabel('Note').fill('On the duty rota that day');
    await click(page, 'button', 'Save review', 'IG officer: review saved');
    assert.equal(await savedBanner(page), 'Review saved');
    assert.doesNotMatch(await page.locator('main').innerText(), /Duty clinician covering/);
    await page.getByLabel('Review status').selectOption('reviewed');
    await click(page, 'button', 'Filter', 'IG officer: reviewed items');
    assert.match(await page.locator('main').innerText(), /Duty clinician covering the hub today/);
  });
});
