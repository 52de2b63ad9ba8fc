import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { totpCode } from '../../src/features/auth/totp.ts';
import { tinyPdf } from '../../src/features/documents/samples.ts';
import type { TestUser } from '../support/auth.ts';
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

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const TITLE = 'Letter from the GP about sleep';

/**
 * Follows a download link as a person would: the file's name and bytes. The response's headers
 * (a download is not a page response the browser reports) are read by fetching the link's
 * address again with the same signed-in context.
 */
async function download(page: Page, link: Locator) {
  const [downloaded] = await Promise.all([
    // Generous: a loaded machine can be slow (no timing is asserted).
    page.waitForEvent('download', { timeout: 120_000 }),
    link.click(),
  ]);
  const href = await link.getAttribute('href');
  assert.ok(href, 'the link has an address');
  const again = await page.request.get(href);
  assert.equal(again.status(), 200);
  return {
    bytes: await readFile(await downloaded.path()),
    filename: downloaded.suggestedFilename(),
    headers: again.headers(),
    again: await again.body(),
  };
}

describe('documents: upload, download, refusal and release', { skip: !browserAvailable() }, () => {
  let run: BrowserRun;
  let theCase: ClinicalCase;
  let pdf: Buffer;
  let clinicianPage: Page;

  before(async () => {
    run = await startBrowserRun();
    theCase = await allocatedCase(run, { clinicianName: 'Dana Uploader' });
    pdf = await tinyPdf(['Sleep has been poor since March.', 'Seen at the practice twice.']);
  });
  after(async () => {
    await run?.close();
  });

  /** The step-up page: a fresh code, 30 seconds on so it is not a replay of the last one. */
  async function confirmCode(page: Page, user: TestUser, name: string) {
    await checkPage(page, `${name}: confirm it is you`);
    assert.match(await page.locator('h1').innerText(), /Confirm it is you/);
    run.server.clock.advance(30_000);
    await page.locator('#code').fill(totpCode(user.totpSecret, run.server.clock.now()));
    await page.getByRole('button', { name: 'Continue' }).click();
  }

  it('a clinician uploads a PDF, sees it in Documents and downloads the same bytes', async () => {
    const c = await signInWithPages(run, theCase.clinician, 'clinician');
    clinicianPage = c;
    await visit(c, `/cases/${theCase.caseId}/section/documents`, 'clinician: documents, none yet');
    assert.match(await c.locator('main').innerText(), /No documents in the health record/);
    await click(c, 'button', 'Add a document', 'clinician: add a document');
    await c.getByLabel('Title').fill(TITLE);
    await c.getByLabel('GP letter').check();
    await c.locator('#file').setInputFiles({
      name: 'gp-letter.pdf',
      mimeType: 'application/pdf',
      buffer: pdf,
    });
    await click(c, 'button', 'Add document', 'clinician: document added');
    assert.equal(await savedBanner(c), 'Document added');
    const main = c.locator('main');
    assert.match(await main.innerText(), new RegExp(TITLE));
    assert.match(await main.innerText(), /GP letter/);

    const file = await download(c, main.getByRole('link', { name: `${TITLE} (download)` }));
    assert.equal(file.filename, 'document-gp-letter.pdf');
    assert.match(
      file.headers['content-disposition'] ?? '',
      /^attachment; filename="document-gp-letter\.pdf"$/,
    );
    assert.equal(file.headers['x-content-type-options'], 'nosniff');
    assert.equal(file.headers['content-type'], 'application/pdf');
    assert.equal(sha256(file.bytes), sha256(pdf));
    assert.equal(sha256(file.again), sha256(pdf));
  });

  it('a text file named .pdf is refused with the GOV.UK error summary; nothing stored', async () => {
    const c = clinicianPage;
    const db = run.server.database.db;
    const count = async () =>
      Number(
        (
          await db
            .selectFrom('health_documents')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('case_id', '=', theCase.caseId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    await visit(c, `/cases/${theCase.caseId}/documents/new`, 'clinician: add a document again');
    await c.getByLabel('Title').fill('Not really a PDF');
    await c.getByLabel('Report').check();
    await c.locator('#file').setInputFiles({
      name: 'report.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('These are plain words, not a PDF at all.\n'),
    });
    await click(c, 'button', 'Add document', 'clinician: wrong type refused');
    assert.match(await c.title(), /^Error: /);
    const summary = c.locator('.govuk-error-summary');
    assert.match(
      await summary.innerText(),
      /The selected file must be a PDF, DOCX, ODT, PNG or JPEG/,
    );
    assert.equal(await summary.getByRole('link').first().getAttribute('href'), '#file');
    assert.equal(await c.getByLabel('Title').inputValue(), 'Not really a PDF');
    assert.equal(await count(), before);
  });

  it('released by a disclosure decision approved with a code, the officer downloads the copy', async () => {
    const c = clinicianPage;
    await visit(c, `/cases/${theCase.caseId}/section/disclosures`, 'clinician: disclosures');
    await click(c, 'button', 'Record a disclosure', 'clinician: record a disclosure');
    await c.getByLabel(`Document: ${TITLE}`).check();
    await c.getByLabel(`${theCase.officer.name} (requesting case officer)`).check();
    await c
      .getByLabel('What is the purpose of the disclosure?')
      .fill('So the officer knows what the GP has seen before the visit');
    await c.getByLabel(/Safeguarding of children and of individuals at risk/).check();
    await c
      .getByLabel('Why is the disclosure necessary and proportionate?')
      .fill('Only the GP letter is needed');
    await c.getByLabel(/No, consent was not sought/).check();
    await c
      .getByLabel('How was consent sought, or why was it not sought?')
      .fill('Asking would put a child at risk');
    const told = c.getByRole('group', { name: /person told about the disclosure/ });
    await told.getByLabel('No', { exact: true }).check();
    await c.getByLabel('Why was the person not told?').fill('Telling would raise the risk');
    await click(c, 'button', 'Continue', 'clinician: check answers');
    assert.match(await c.locator('main').innerText(), new RegExp(`Document: ${TITLE}`));
    await c.getByRole('button', { name: 'Submit for approval' }).click();
    await confirmCode(c, theCase.clinician, 'clinician');
    await c.waitForURL(/done=awaiting/);
    await checkPage(c, 'clinician: submitted for approval');

    // Not released yet: the officer sees no copy to download.
    const o = await signInWithPages(run, theCase.officer, 'officer');
    await visit(o, `/requests/${theCase.caseId}`, 'officer: request before approval');
    assert.equal(await o.getByRole('link', { name: /Download the released copy/ }).count(), 0);

    const l = await signInWithPages(run, theCase.lead, 'hub lead');
    await visit(l, '/disclosures/approvals', 'hub lead: disclosures to approve');
    await l.locator('main').getByRole('link', { name: theCase.reference }).click();
    await checkPage(l, 'hub lead: review the disclosure');
    assert.match(await l.locator('main').innerText(), new RegExp(`Document: ${TITLE}`));
    await l.getByRole('button', { name: 'Approve disclosure' }).click();
    await confirmCode(l, theCase.lead, 'hub lead');
    await l.waitForURL(/decided=approved/);
    await checkPage(l, 'hub lead: approved');

    await visit(o, `/requests/${theCase.caseId}`, 'officer: request with the released document');
    const main = o.locator('main');
    assert.match(await main.innerText(), new RegExp(`Document: ${TITLE}`));
    assert.match(await main.innerText(), new RegExp(sha256(pdf)));
    const copy = await download(o, main.getByRole('link', { name: /Download the released copy/ }));
    assert.match(
      copy.headers['content-disposition'] ?? '',
      /^attachment; filename="document-gp-letter\.pdf"$/,
    );
    assert.equal(copy.headers['x-content-type-options'], 'nosniff');
    assert.equal(sha256(copy.bytes), sha256(pdf));
    assert.equal(sha256(copy.again), sha256(pdf));
  });
});
