import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { totpCode } from '../../src/features/auth/totp.ts';
import type { TestUser } from '../support/auth.ts';
import { pdfPages, pdfText } from '../support/pdf.ts';
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
import { allocatedCase, type ClinicalCase } from './support/clinical.ts';

/** Downloads through a link or button, as a person would, and returns the file. */
async function download(page: Page, role: 'link' | 'button', name: string) {
  const [downloaded] = await Promise.all([
    // Generous: a loaded machine can take a while to make a PDF (no timing is asserted).
    page.waitForEvent('download', { timeout: 120_000 }),
    page.getByRole(role, { name, exact: true }).click(),
  ]);
  return {
    bytes: await readFile(await downloaded.path()),
    filename: downloaded.suggestedFilename(),
  };
}

/**
 * The case summary as a person downloads it: the link, then why they need it (the reason page),
 * then a fresh security code (the step-up page), whose Continue sends the file.
 */
async function downloadSummary(run: BrowserRun, page: Page, user: TestUser, who: string) {
  await Promise.all([
    page.waitForURL(/\/summary\.pdf$/),
    page.getByRole('link', { name: 'Download case summary (PDF)', exact: true }).click(),
  ]);
  await checkPage(page, `${who}: why this download`);
  assert.match(await page.locator('main h1').innerText(), /Download the case summary/);
  await Promise.all([
    page.waitForURL(/\/summary\.pdf$/),
    page.getByRole('button', { name: 'Continue' }).click(),
  ]);
  await page.locator('.govuk-error-summary').waitFor();
  await checkPage(page, `${who}: why this download, with an error`);
  assert.match(await page.title(), /^Error: /);
  await page.getByLabel('Why do you need this download?').fill('Preparing for the case review');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.locator('#code').waitFor();
  await checkPage(page, `${who}: confirm it is you`);
  run.server.clock.advance(30_000);
  await page.locator('#code').fill(totpCode(user.totpSecret, run.server.clock.now()));
  return download(page, 'button', 'Continue');
}

describe('printing: the case summary and letters', { skip: !browserAvailable() }, () => {
  let run: BrowserRun;
  let theCase: ClinicalCase;
  /** The clinician, signed in once (a second sign-in at the same time would replay the code). */
  let clinicianPage: Page;
  const HEALTH_ONLY = 'Ladywood community mental health team HEALTHONLY';

  before(async () => {
    run = await startBrowserRun();
    theCase = await allocatedCase(run, { clinicianName: 'Clara Printer' });
    await run.server.database.db
      .insertInto('liaison_contacts')
      .values({
        case_id: theCase.caseId,
        contact_date: '2026-05-28',
        agency_type: 'gp_primary_care',
        organisation: HEALTH_ONLY,
        direction: 'outgoing',
        purpose: 'care_coordination',
        summary: 'Arranged a joint visit',
        on_behalf: true,
        consent_covers: true,
        recorded_by: theCase.clinician.id,
        recorded_at: new Date('2026-05-28T10:00:00Z'),
      })
      .execute();
  });
  after(async () => {
    await run?.close();
  });

  it('the clinician downloads the summary PDF: marked on every page, with the health record', async () => {
    clinicianPage = await signInWithPages(run, theCase.clinician, 'clinician');
    const page = clinicianPage;
    await visit(page, `/cases/${theCase.caseId}`, 'clinician: case page');
    const pdf = await downloadSummary(run, page, theCase.clinician, 'clinician');
    assert.equal(pdf.filename, `case-summary-${theCase.reference}.pdf`);
    const pages = await pdfPages(pdf.bytes);
    for (const text of pages) {
      assert.match(text, /OFFICIAL-SENSITIVE/);
      assert.match(
        text,
        /Printed by Clara Printer at \d{1,2}(:\d\d)?(am|pm) on \d{1,2} [A-Z][a-z]+ 2026/,
      );
    }
    const all = pages.join('\n');
    assert.ok(all.includes(theCase.reference));
    assert.ok(all.includes(HEALTH_ONLY), 'the clinician may see the liaison contact');
  });

  it('the clinician writes a letter to the GP, downloads it and saves it to the case', async () => {
    const page = clinicianPage;
    await visit(page, `/cases/${theCase.caseId}`, 'clinician: case page (letters)');
    await click(page, 'link', 'Write a letter', 'clinician: write a letter');
    await click(page, 'link', 'Letter to the GP after assessment', 'clinician: GP letter form');
    await page.getByRole('button', { name: 'Save to the case’s documents' }).click();
    await page.waitForLoadState();
    await checkPage(page, 'clinician: GP letter form with errors');
    assert.match(await page.title(), /^Error: /);
    await page.getByLabel('GP’s name').fill('Dr A Patel');
    await page.getByLabel('GP practice and address').fill('Ladywood Health Centre');
    await page.getByLabel('What the assessment found').fill('Low mood; no immediate risk.');
    await page.getByLabel('What you recommend').fill('A review in four weeks.');
    const pdf = await download(page, 'button', 'Download as PDF');
    const text = await pdfText(pdf.bytes);
    assert.ok(text.includes('Dear Dr A Patel'), text);
    assert.ok(text.includes('Low mood; no immediate risk.'), text);
    await page.getByRole('button', { name: 'Save to the case’s documents' }).click();
    await page.waitForURL(/\/letters\?done=saved$/, { timeout: 120_000 });
    await checkPage(page, 'clinician: letter saved');
    assert.equal(await savedBanner(page), 'Letter saved to the case’s documents.');
  });

  it('the requesting officer downloads the summary PDF: their request, nothing of the health record', async () => {
    const page = await signInWithPages(run, theCase.officer, 'officer');
    await visit(page, `/requests/${theCase.caseId}`, 'officer: request');
    const pdf = await downloadSummary(run, page, theCase.officer, 'officer');
    const pages = await pdfPages(pdf.bytes);
    const all = pages.join('\n');
    for (const text of pages) assert.match(text, /OFFICIAL-SENSITIVE/);
    assert.ok(all.includes(theCase.reference));
    assert.ok(!all.includes('HEALTHONLY'), 'no liaison contact');
    assert.ok(!all.includes('Dear Dr A Patel'), 'no letter');
    assert.ok(!/Consent|Lead practitioner|Liaison/.test(all), `no health panel: ${all}`);
  });
});
