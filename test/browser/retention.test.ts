import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createUser } from '../support/auth.ts';
import { insertCase } from '../support/journey.ts';
import { recomputeAllRetention } from '../../src/features/retention/recompute.ts';
import { allocatedCase, fillDate } from './support/clinical.ts';
import {
  browserAvailable,
  checkPage,
  click,
  signInWithPages,
  startBrowserRun,
  visit,
  type BrowserRun,
} from './support/browser.ts';

describe('records retention in the browser', { skip: !browserAvailable() }, () => {
  let run: BrowserRun;
  before(async () => {
    run = await startBrowserRun();
  });
  after(async () => {
    await run?.close();
  });

  it('a clinician records a date of death; the IG officer keeps a case due for review', async () => {
    const db = run.server.database.db;
    const { clinician, officer, caseId } = await allocatedCase(run);
    // A case closed in 2019: its police-provided content is due for review in 2025.
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

    const c = await signInWithPages(run, clinician, 'clinician');
    await visit(c, `/cases/${caseId}/section/contacts-and-notes`, 'clinician: contacts and notes');
    assert.match(await c.locator('main').innerText(), /No date of death recorded/);
    await click(c, 'link', 'Record the date of death', 'clinician: date of death form');
    await click(c, 'button', 'Save the date of death', 'clinician: date of death errors');
    const summary = await c.locator('.govuk-error-summary').innerText();
    assert.match(summary, /Enter the date of death/);
    assert.match(summary, /Select where the date of death comes from/);
    await fillDate(c, ['30', '5', '2026']);
    await c.getByLabel('GP or NHS record').check();
    await click(c, 'button', 'Save the date of death', 'clinician: date of death saved');
    assert.match(await c.locator('main').innerText(), /30 May 2026 \(source: GP or NHS record\)/);

    const igUser = await createUser(db, { roles: ['ig_officer'] });
    const ig = await signInWithPages(run, igUser, 'IG officer');
    await visit(ig, '/retention', 'IG officer: retention queue');
    const queue = await ig.locator('main').innerText();
    assert.match(queue, new RegExp(`${closed.reference}[\\s\\S]*1 March 2025`));
    assert.doesNotMatch(queue, /McTestface/);
    await ig.getByLabel('Records').selectOption('health');
    await click(ig, 'button', 'Filter', 'IG officer: health clocks only');
    assert.match(await ig.locator('main').innerText(), /Nothing is due for review/);
    await ig.getByLabel('Records').selectOption('police');
    await click(ig, 'button', 'Filter', 'IG officer: police clocks');
    await ig.getByRole('link', { name: /^Review police-provided content of/ }).click();
    await ig.waitForURL(`**/retention/${closed.caseId}/police/keep`);
    await checkPage(ig, 'IG officer: keep form');
    await click(ig, 'button', 'Keep the records', 'IG officer: keep errors');
    assert.match(
      await ig.locator('.govuk-error-summary').innerText(),
      /Enter why the records are kept/,
    );
    await ig.getByLabel('Why are the records kept?').fill('A complaint about the case is open');
    await fillDate(ig, ['1', '6', '2028']);
    await click(ig, 'button', 'Keep the records', 'IG officer: queue after keeping');
    assert.doesNotMatch(await ig.locator('main').innerText(), new RegExp(closed.reference));
  });
});
