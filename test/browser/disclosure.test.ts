import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { createUser, type TestUser } from '../support/auth.ts';
import { insertCase } from '../support/journey.ts';
import { totpCode } from '../../src/features/auth/totp.ts';
import {
  browserAvailable,
  checkPage,
  savedBanner,
  startBrowserRun,
  visit,
  type BrowserRun,
  signInWithPages,
} from './support/browser.ts';

const RATIONALE = 'CANARY-TRIAGE: low mood, engages well with his GP';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b/;

/**
 * Released items read as people read them: no internal id, no ISO date, and in every summary
 * list each value starts on its key's line (not one line below it). Returns the page's text.
 */
async function plainItems(page: Page, name: string): Promise<string> {
  const text = await page.locator('main').innerText();
  assert.doesNotMatch(text, UUID, `${name}: an internal id`);
  assert.doesNotMatch(text, ISO_DATE, `${name}: an ISO date`);
  // In the page (a string: the tests are compiled without the DOM's types).
  const lowered = await page.evaluate(`(() => {
    const firstLineTop = (element) => {
      const range = document.createRange();
      range.selectNodeContents(element);
      const box = [...range.getClientRects()].find((r) => r.width > 0 && r.height > 0);
      return box ? box.top : 0;
    };
    return [...document.querySelectorAll('.govuk-summary-list__row')].flatMap((row) => {
      const key = row.querySelector('.govuk-summary-list__key');
      const value = row.querySelector('.govuk-summary-list__value');
      if (!key || !value) return [];
      return firstLineTop(value) - firstLineTop(key) > 4 ? [key.textContent.trim()] : [];
    });
  })()`);
  assert.deepEqual(lowered, [], `${name}: values below their keys`);
  return text;
}
const SUMMARY = 'CANARY-SUMMARY: he will see a community team next week';

describe('disclosure decisions', { skip: !browserAvailable() }, () => {
  let run: BrowserRun;
  before(async () => {
    run = await startBrowserRun();
  });
  after(async () => {
    await run?.close();
  });

  const signInAs = (user: TestUser, name: string) => signInWithPages(run, user, name);

  /** The step-up page: a fresh code, 30 seconds on so it is not a replay of the last one. */
  async function confirmCode(page: Page, user: TestUser, name: string) {
    await checkPage(page, `${name}: confirm it is you`);
    assert.match(await page.locator('h1').innerText(), /Confirm it is you/);
    run.server.clock.advance(30_000);
    await page.locator('#code').fill(totpCode(user.totpSecret, run.server.clock.now()));
    await page.getByRole('button', { name: 'Continue' }).click();
  }

  async function answerQuestions(
    page: Page,
    options: { consent: boolean; officerName: string; name: string },
  ) {
    await page.getByLabel(/Triage decision of/).check();
    if (!options.consent) {
      await page.getByLabel(/Summary written for this disclosure/).fill(SUMMARY);
    }
    await page.getByLabel(`${options.officerName} (requesting case officer)`).check();
    await page
      .getByLabel('What is the purpose of the disclosure?')
      .fill('So the officer can plan a safe first visit');
    await page
      .getByLabel(
        options.consent
          ? 'Consent of the person'
          : /Safeguarding of children and of individuals at risk/,
      )
      .check();
    await page
      .getByLabel('Why is the disclosure necessary and proportionate?')
      .fill('Only the triage rationale is needed for the visit');
    await page
      .getByLabel(options.consent ? /sought and given/ : /No, consent was not sought/)
      .check();
    await page
      .getByLabel('How was consent sought, or why was it not sought?')
      .fill(
        options.consent ? 'Asked at the first appointment' : 'Asking would put a child at risk',
      );
    const told = page.getByRole('group', { name: /person told about the disclosure/ });
    if (options.consent) {
      await told.getByLabel('Yes', { exact: true }).check();
    } else {
      await told.getByLabel('No', { exact: true }).check();
      await page.getByLabel('Why was the person not told?').fill('Telling would raise the risk');
    }
    await page.getByRole('button', { name: 'Continue' }).click();
    await checkPage(page, `${options.name}: check answers`);
  }

  it('with consent at once; without consent only after another hub lead approves, with fresh codes', async () => {
    const db = run.server.database.db;
    const officer = await createUser(db, { roles: ['case_officer'], hubCodes: ['WM'] });
    const clinician = await createUser(db, { roles: ['clinician'], hubCodes: ['WM'] });
    const leadA = await createUser(db, { roles: ['hub_lead'], hubCodes: ['WM'] });
    const leadB = await createUser(db, { roles: ['hub_lead'], hubCodes: ['WM'] });
    const ig = await createUser(db, { roles: ['ig_officer'] });
    const { caseId, reference } = await insertCase(db, { hubCode: 'WM', requestedBy: officer.id });
    await db
      .insertInto('triage_decisions')
      .values({
        case_id: caseId,
        decision: 'accept',
        rationale: RATIONALE,
        decided_by: leadA.id,
        decided_at: new Date('2026-05-21T10:00:00Z'),
        seconds_to_triage: 60,
      })
      .execute();
    await db
      .insertInto('allocations')
      .values({
        case_id: caseId,
        clinician_id: clinician.id,
        role: 'lead',
        allocated_from: new Date('2026-05-22T10:00:00Z'),
        allocated_by: leadA.id,
      })
      .execute();

    // 1. The allocated clinician records a disclosure with consent: released at once.
    const c = await signInAs(clinician, 'clinician');
    await visit(c, `/cases/${caseId}/section/disclosures`, 'clinician: case');
    await c.getByRole('button', { name: 'Record a disclosure' }).click();
    await checkPage(c, 'clinician: record a disclosure');
    await c.getByRole('button', { name: 'Continue' }).click();
    await checkPage(c, 'clinician: disclosure with errors');
    assert.match(await c.locator('.govuk-error-summary').innerText(), /Choose what to release/);
    await answerQuestions(c, { consent: true, officerName: officer.name, name: 'clinician' });
    assert.match(await plainItems(c, 'check answers'), /CANARY-TRIAGE/);
    await c.getByRole('button', { name: 'Submit and release' }).click();
    await checkPage(c, 'clinician: disclosure released');
    assert.match(await c.locator('main').innerText(), /recipients can now read/);

    const o = await signInAs(officer, 'case officer');
    await visit(o, `/requests/${caseId}`, 'case officer: request with a released item');
    let officerText = await o.locator('main').innerText();
    assert.match(officerText, /Released to you/);
    assert.match(officerText, /CANARY-TRIAGE/);
    assert.doesNotMatch(officerText, /CANARY-SUMMARY/);

    // 2. Hub lead A decides one without consent: a fresh code at submit, then it waits.
    const a = await signInAs(leadA, 'hub lead A');
    await visit(a, `/cases/${caseId}/disclosures/new`, 'hub lead A: record a disclosure');
    await answerQuestions(a, { consent: false, officerName: officer.name, name: 'hub lead A' });
    await a.getByRole('button', { name: 'Submit for approval' }).click();
    await confirmCode(a, leadA, 'hub lead A');
    // The code completes the submission: nothing to press again.
    await a.waitForURL(/done=awaiting/);
    await checkPage(a, 'hub lead A: submitted for approval');
    assert.match(
      String(await savedBanner(a)),
      /^Disclosure submitted: .*Nothing has been shared yet/,
    );
    assert.match(await a.locator('main').innerText(), /Nothing has been shared yet/);

    await visit(o, `/requests/${caseId}`, 'case officer: nothing new before approval');
    assert.doesNotMatch(await o.locator('main').innerText(), /CANARY-SUMMARY/);

    // The decider cannot approve their own.
    await visit(a, '/disclosures/approvals', 'hub lead A: disclosures to approve');
    await a.getByRole('link', { name: reference }).click();
    await checkPage(a, 'hub lead A: own disclosure');
    assert.match(
      await a.locator('main').innerText(),
      /You made this disclosure decision, so another hub lead must approve or refuse it/,
    );
    assert.equal(await a.getByRole('button', { name: 'Approve disclosure' }).count(), 0);

    // 3. Hub lead B approves, with a fresh code.
    const b = await signInAs(leadB, 'hub lead B');
    await b.getByRole('link', { name: 'Disclosures to approve' }).click();
    await checkPage(b, 'hub lead B: disclosures to approve');
    await b.getByRole('link', { name: reference }).click();
    await checkPage(b, 'hub lead B: review the disclosure');
    assert.match(await plainItems(b, 'approval page'), /CANARY-SUMMARY/);
    await b.getByRole('button', { name: 'Approve disclosure' }).click();
    await confirmCode(b, leadB, 'hub lead B');
    await b.waitForURL(/decided=approved/);
    await checkPage(b, 'hub lead B: approved');
    assert.equal(
      await savedBanner(b),
      'Disclosure approved: the recipients can now read what it released.',
    );
    assert.match(await b.locator('main').innerText(), /Disclosure approved/);

    await visit(o, `/requests/${caseId}`, 'case officer: released after approval');
    officerText = await plainItems(o, 'officer: released to you');
    // GOV.UK dates and times; provenance by name ("Triage decision"), never "record <id>".
    assert.match(officerText, /Released\s+1 June 2026 at \d{1,2}(:\d\d)?[ap]m/);
    assert.match(officerText, /Copied from\s+Triage decision\n/);
    assert.doesNotMatch(officerText, /\(record |version 1/);
    // The officer's page: headings go down one level at a time (h1, h2, h3, h4), never skip.
    const levels = await o.evaluate<number[]>(
      `[...document.querySelectorAll('main :is(h1, h2, h3, h4, h5, h6)')].map((h) => Number(h.tagName.slice(1)))`,
    );
    levels.forEach((level, i) => {
      if (i > 0) assert.ok(level <= levels[i - 1]! + 1, `heading levels ${levels.join(', ')}`);
    });
    assert.deepEqual([...new Set(levels)].sort(), [1, 2, 3, 4]);
    assert.match(officerText, /CANARY-SUMMARY/);
    assert.match(officerText, new RegExp(`approved by ${leadB.name}`));

    // 4. The register: a table, one row per decision, each linking to the decision with its
    // recipients, basis, consent and whether the person was told.
    const g = await signInAs(ig, 'IG officer');
    await g.locator('main').getByRole('link', { name: 'Disclosure register' }).click();
    await checkPage(g, 'IG officer: disclosure register');
    const register = await g.locator('main').innerText();
    assert.match(register, /2 disclosures/);
    assert.equal(await g.locator('main tbody tr').count(), 2);
    let decisions = '';
    for (const n of [0, 1]) {
      await g.locator('main tbody tr a').nth(n).click();
      await checkPage(g, `IG officer: register decision ${n + 1}`);
      decisions += await g.locator('main').innerText();
      await g.goBack();
    }
    assert.match(decisions, new RegExp(`${officer.name} \\(Requesting case officer\\)`));
    assert.match(decisions, /Telling would raise the risk/);
    assert.match(decisions, /Consent of the person/);
    assert.match(decisions, /Schedule 1 paragraph 18/);
    assert.doesNotMatch(register + decisions, /CANARY/);
    await visit(g, '/disclosures/register?consent=without', 'IG officer: register without consent');
    assert.match(await g.locator('main').innerText(), /1 disclosure,/);

    // 5. The case's access log covers every record of the case, in words: the disclosure
    // decisions and their approval (filed under the disclosure), the officer's reads of what
    // was released, with a role and hub in every row (the style check refuses raw ids).
    await visit(g, `/audit/records/case/${caseId}`, 'IG officer: case access log');
    const log = await g.locator('main').innerText();
    assert.match(log, /Disclosure decision, case [A-Z]{2}-\d{4}-\d{4}/);
    assert.match(log, /Released items/);
    // Role, hub, action and record (columns 3 to 6) are filled in and in words in every row.
    const cells = await g.evaluate<string[][]>(
      `[...document.querySelectorAll('main tbody tr')].map((tr) => [...tr.cells].slice(2, 6).map((td) => td.innerText.trim()))`,
    );
    assert.ok(cells.length > 10, `${cells.length} events`);
    for (const row of cells) {
      assert.ok(row.length === 4 && row.every(Boolean), `a blank cell in ${row.join(' | ')}`);
      assert.doesNotMatch(row.join(' '), /\b[a-z]+_[a-z_]+\b/, 'no code names');
    }
  });
});
