import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { totpCode } from '../../src/features/auth/totp.ts';
import { recomputeAllRetention } from '../../src/features/retention/recompute.ts';
import { createUser, type TestUser } from '../support/auth.ts';
import { insertCase } from '../support/journey.ts';
import {
  browserAvailable,
  checkPage,
  click,
  signInWithPages,
  startBrowserRun,
  visit,
  type BrowserRun,
} from './support/browser.ts';

describe('disposal at the end of retention in the browser', { skip: !browserAvailable() }, () => {
  let run: BrowserRun;
  before(async () => {
    run = await startBrowserRun();
  });
  after(async () => {
    await run?.close();
  });

  async function confirmCode(page: Page, user: TestUser, name: string) {
    await checkPage(page, `${name}: confirm it is you`);
    assert.match(await page.locator('h1').innerText(), /Confirm it is you/);
    run.server.clock.advance(30_000);
    await page.locator('#code').fill(totpCode(user.totpSecret, run.server.clock.now()));
    await page.getByRole('button', { name: 'Continue' }).click();
  }

  it('one IG officer proposes, another approves with a code; the case shows the tombstone', async () => {
    const db = run.server.database.db;
    const officer = await createUser(db, { roles: ['case_officer'], hubCodes: ['WM'] });
    const lead = await createUser(db, { roles: ['hub_lead'], hubCodes: ['WM'] });
    // Closed in 2019: its police-provided content was due for review in 2025.
    const closed = await insertCase(db, {
      hubCode: 'WM',
      requestedBy: officer.id,
      status: 'closed',
    });
    await db
      .updateTable('cases')
      .set({ closed_at: new Date('2019-03-01T12:00:00Z') })
      .where('id', '=', closed.caseId)
      .execute();
    await recomputeAllRetention(run.server.database, run.server.clock);

    const firstUser = await createUser(db, { roles: ['ig_officer'] });
    const first = await signInWithPages(run, firstUser, 'first IG officer');
    await visit(first, `/retention/${closed.caseId}/police/keep`, 'first IG officer: review');
    await click(first, 'link', 'Propose to dispose of these records', 'first IG officer: dispose');
    await click(first, 'button', 'Propose disposal', 'first IG officer: dispose errors');
    assert.match(
      await first.locator('.govuk-error-summary').innerText(),
      /Enter why the records can be disposed of/,
    );
    await first
      .getByLabel('Why can the records be disposed of?')
      .fill('The police review period is over and nothing requires the records');
    await click(first, 'button', 'Propose disposal', 'first IG officer: approvals list');
    assert.match(
      await first.locator('main').innerText(),
      new RegExp(`${closed.reference}[\\s\\S]*Your proposal`),
    );

    const secondUser = await createUser(db, { roles: ['ig_officer'] });
    const second = await signInWithPages(run, secondUser, 'second IG officer');
    await visit(second, '/retention/disposals', 'second IG officer: approvals list');
    await second.getByRole('link', { name: new RegExp(`^Decide on ${closed.reference}`) }).click();
    await second.waitForURL('**/retention/disposals/*');
    await checkPage(second, 'second IG officer: approval');
    await second.getByRole('button', { name: 'Approve and dispose of the records' }).click();
    await confirmCode(second, secondUser, 'second IG officer');
    await second.waitForURL('**/retention/disposals?done=1');
    await checkPage(second, 'second IG officer: disposed of');
    assert.match(await second.locator('main').innerText(), /The records were disposed of/);

    const l = await signInWithPages(run, lead, 'hub lead');
    await visit(l, `/cases/${closed.caseId}`, 'hub lead: the case with its tombstone');
    const main = await l.locator('main').innerText();
    assert.match(main, /Police-provided content disposed of on/);
    assert.match(main, /Approved by/);
  });
});
