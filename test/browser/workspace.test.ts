import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { createUser } from '../support/auth.ts';
import { insertCase } from '../support/journey.ts';
import {
  browserAvailable,
  checkPage,
  signInWithPages,
  startBrowserRun,
  visit,
  type BrowserRun,
} from './support/browser.ts';

/** The sub-navigation's link texts, and the current one. */
async function sections(page: Page) {
  const nav = page.getByRole('navigation', { name: /sections/ });
  const texts = (await nav.getByRole('link').allInnerTexts()).map((s) => s.trim());
  const current = (await nav.locator('[aria-current="page"]').innerText()).trim();
  return { texts, current };
}

/** From the current section, Tab to the next one in the sub-navigation and press Enter. */
async function nextSectionByKeyboard(page: Page, expected: string) {
  await page.locator('.moj-sub-navigation [aria-current="page"]').focus();
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(
    'document.activeElement && document.activeElement.textContent',
  );
  assert.equal(String(focused).trim(), expected, 'the next section has the focus');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  await checkPage(page, `section: ${expected}`);
  assert.equal((await sections(page)).current, expected);
}

describe('the case as a workspace', { skip: !browserAvailable() }, () => {
  let run: BrowserRun;
  before(async () => {
    run = await startBrowserRun();
  });
  after(async () => {
    await run?.close();
  });

  it('a clinician moves through the sections by keyboard; the officer sees their own', async () => {
    const db = run.server.database.db;
    const officer = await createUser(db, { roles: ['case_officer'], hubCodes: ['WM'] });
    const clinician = await createUser(db, { roles: ['clinician'], hubCodes: ['WM'] });
    const lead = await createUser(db, { roles: ['hub_lead'], hubCodes: ['WM'] });
    const { caseId } = await insertCase(db, { hubCode: 'WM', requestedBy: officer.id });
    await db
      .insertInto('allocations')
      .values({
        case_id: caseId,
        clinician_id: clinician.id,
        role: 'lead',
        allocated_from: new Date('2026-05-22T10:00:00Z'),
        allocated_by: lead.id,
      })
      .execute();

    const c = await signInWithPages(run, clinician, 'clinician');
    await visit(c, `/cases/${caseId}`, 'clinician: case summary');
    const nav = await sections(c);
    assert.equal(nav.current, 'Summary');
    assert.deepEqual(nav.texts.slice(0, 3), ['Summary', 'Request from police', 'Assessment']);
    assert.equal(nav.texts.at(-1), 'Timeline');
    const main = await c.locator('main').innerText();
    assert.match(main, /What needs doing[\s\S]*Seek consent to engage/);
    // The police request is a section of its own, not at the top of the Summary.
    assert.doesNotMatch(main, /The request from police/);
    for (const next of nav.texts.slice(1)) await nextSectionByKeyboard(c, next);
    assert.match(await c.locator('main').innerText(), /Request submitted/);

    // "What needs doing" links to where it is done.
    await visit(c, `/cases/${caseId}`, 'clinician: back to the summary');
    await c.getByRole('link', { name: 'Seek consent to engage' }).click();
    await c.waitForURL(`**/cases/${caseId}/section/assessment#consent`);
    await checkPage(c, 'clinician: consent in the assessment');

    // The case officer's view of their request, with the sections they may see.
    const o = await signInWithPages(run, officer, 'case officer');
    await visit(o, `/requests/${caseId}`, 'case officer: request summary');
    const theirs = await sections(o);
    assert.deepEqual(theirs.texts, ['Summary', 'Request from police', 'Documents', 'Timeline']);
    await nextSectionByKeyboard(o, 'Request from police');
    assert.match(await o.locator('main').innerText(), /The request from police/);
    await visit(o, `/requests/${caseId}/section/timeline`, 'case officer: timeline');
    const timeline = await o.locator('main').innerText();
    assert.match(timeline, /Request submitted/);
    assert.doesNotMatch(timeline, /Allocated to/);
  });
});
