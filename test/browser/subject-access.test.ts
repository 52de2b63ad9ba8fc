import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { totpCode } from '../../src/features/auth/totp.ts';
import { THIRD_PARTY_REMOVED } from '../../src/domain/subject-access.ts';
import { SAR_TEXT, twoEpisodes } from '../../src/features/subject-access/testing.ts';
import { createUser, type TestUser } from '../support/auth.ts';
import { pdfText } from '../support/pdf.ts';
import {
  browserAvailable,
  checkPage,
  click,
  signInWithPages,
  startBrowserRun,
  visit,
  type BrowserRun,
} from './support/browser.ts';

/** Opens the review of the item whose card holds `text`, and checks its page. */
async function openItem(page: Page, text: string, name: string) {
  await page
    .locator('.govuk-summary-card', { hasText: text })
    .getByRole('link', { name: /^Review/ })
    .click();
  await page.waitForLoadState();
  await checkPage(page, name);
}

async function save(page: Page, name: string) {
  await page.getByRole('button', { name: 'Save decision' }).click();
  await page.waitForLoadState();
  await checkPage(page, name);
}

/** Releases, one by one, every item still waiting on the review page. */
async function releaseTheRest(page: Page, who: string) {
  for (let n = 0; n < 20; n++) {
    const waiting = page.locator('.govuk-summary-card', { hasText: 'Waiting for review' });
    if ((await waiting.count()) === 0) return;
    await waiting
      .first()
      .getByRole('link', { name: /^Review/ })
      .click();
    await page.waitForLoadState();
    await checkPage(page, `${who}: review an item`);
    await page.getByLabel('Release it').check();
    await save(page, `${who}: item released`);
  }
  assert.fail('items left waiting');
}

describe('subject access: a person with two episodes', { skip: !browserAvailable() }, () => {
  let run: BrowserRun;
  let ig: TestUser;
  let clinician: TestUser;
  let policeLead: TestUser;
  let reference: string;

  before(async () => {
    run = await startBrowserRun();
    const db = run.server.database.db;
    const officer = await createUser(db, { roles: ['case_officer'], hubCodes: ['WM'] });
    clinician = await createUser(db, { roles: ['clinician'], hubCodes: ['WM'] });
    policeLead = await createUser(db, { roles: ['police_lead'], hubCodes: ['WM'] });
    ig = await createUser(db, { roles: ['ig_officer'] });
    const person = await twoEpisodes(
      db,
      { officerId: officer.id, clinicianId: clinician.id },
      run.server.clock.now(),
      'Robin',
    );
    reference = person.second.reference;
  });
  after(async () => {
    await run?.close();
  });

  it('registers, gathers, reviews and produces a bundle holding exactly what was released', async () => {
    const igPage = await signInWithPages(run, ig, 'IG officer');
    await visit(igPage, '/subject-access', 'IG: subject access queue');
    await click(igPage, 'button', 'Register a request', 'IG: register a request');
    await igPage.getByLabel('Find the person').fill(reference);
    await click(igPage, 'button', 'Find', 'IG: person found');
    await igPage.getByLabel('Photographic identity document seen').check();
    await igPage.getByLabel('Who checked it?').fill('Pat Receptionist');
    await igPage.getByLabel('Both').check();
    await click(igPage, 'button', 'Register the request', 'IG: request registered');
    assert.match(await igPage.locator('main').innerText(), /Robin Subject/);
    await click(igPage, 'button', 'Gather the records', 'IG: records gathered');
    const gathered = await igPage.locator('main').innerText();
    assert.match(gathered, /Waiting for review/);
    for (const text of Object.values(SAR_TEXT)) assert.ok(!gathered.includes(text), text);

    const clinicianPage = await signInWithPages(run, clinician, 'clinician');
    await visit(clinicianPage, '/health-review/subject-access', 'clinician: reviews');
    await clinicianPage
      .getByRole('link', { name: /^Review/ })
      .first()
      .click();
    await clinicianPage.waitForLoadState();
    await checkPage(clinicianPage, 'clinician: records of the person');
    await openItem(clinicianPage, SAR_TEXT.harm, 'clinician: the note to withhold');
    await clinicianPage.getByLabel('Withhold it').check();
    await clinicianPage.getByRole('radio', { name: /Serious harm test/ }).check();
    await clinicianPage
      .getByLabel('Reason, if not released in full')
      .fill('Likely to cause serious harm to the person');
    await save(clinicianPage, 'clinician: note withheld');
    await openItem(
      clinicianPage,
      'THIRD-PARTY-NAME',
      'clinician: the contact naming another person',
    );
    await clinicianPage.getByLabel('Release part of it').check();
    const text = clinicianPage.getByLabel('Text to release');
    await text.fill((await text.inputValue()).replace('THIRD-PARTY-NAME', '[[THIRD-PARTY-NAME]]'));
    await clinicianPage.getByRole('radio', { name: /Another person/ }).check();
    await clinicianPage
      .getByLabel('Reason, if not released in full')
      .fill('Names a member of the family');
    await save(clinicianPage, 'clinician: third party redacted');
    await releaseTheRest(clinicianPage, 'clinician');

    const policePage = await signInWithPages(run, policeLead, 'police lead');
    await visit(policePage, '/supervision/subject-access', 'police lead: reviews');
    await policePage
      .getByRole('link', { name: /^Review/ })
      .first()
      .click();
    await policePage.waitForLoadState();
    await checkPage(policePage, 'police lead: police records of the person');
    assert.ok(!(await policePage.locator('main').innerText()).includes('RELEASED-NOTE'));
    await releaseTheRest(policePage, 'police lead');

    await igPage.reload();
    await checkPage(igPage, 'IG: every record reviewed');
    await click(igPage, 'button', 'Produce the bundle', 'IG: why this download');
    await igPage.getByLabel('Why do you need this download?').fill('Reply to the person');
    await igPage.getByRole('button', { name: 'Continue' }).click();
    await igPage.locator('#code').waitFor();
    await checkPage(igPage, 'IG: confirm it is you');
    run.server.clock.advance(30_000);
    await igPage.locator('#code').fill(totpCode(ig.totpSecret, run.server.clock.now()));
    const [downloaded] = await Promise.all([
      igPage.waitForEvent('download', { timeout: 120_000 }),
      igPage.getByRole('button', { name: 'Continue', exact: true }).click(),
    ]);
    const pdf = await pdfText(await readFile(await downloaded.path()));
    assert.match(pdf, /Dear Robin Subject/);
    for (const released of [SAR_TEXT.released, SAR_TEXT.secondEpisode, SAR_TEXT.policeUpdate]) {
      assert.ok(pdf.includes(released), released);
    }
    assert.ok(pdf.includes(`Spoke with ${THIRD_PARTY_REMOVED} about the weekend`), pdf);
    for (const withheld of ['WITHHELD-HARM', 'THIRD-PARTY-NAME', 'RESTRICTED-NOTE']) {
      assert.ok(!pdf.includes(withheld), withheld);
    }
  });
});
