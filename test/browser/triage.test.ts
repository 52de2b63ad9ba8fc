import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { createUser, type TestUser } from '../support/auth.ts';
import { submittedCase } from '../support/cases.ts';
import {
  browserAvailable,
  checkPage,
  savedBanner,
  startBrowserRun,
  visit,
  type BrowserRun,
  signInWithPages,
} from './support/browser.ts';

/** The id of the element that has focus. */
const focusedId = async (page: Page) => (await page.locator(':focus').getAttribute('id')) ?? '';

describe('triage to consent in a real browser', { skip: !browserAvailable() }, () => {
  let run: BrowserRun;
  before(async () => {
    run = await startBrowserRun();
  });
  after(async () => {
    await run?.close();
  });

  /** Signs in through the real pages in a fresh browser context, checking each page. */
  const signInPage = (user: TestUser, who: string) => signInWithPages(run, user, who);

  it('a clinician triages, the hub lead allocates, the clinician records consent and lawful basis', async () => {
    const { database, clock } = run.server;
    const { caseId, reference } = await submittedCase(database, clock);
    const clinicianUser = await createUser(database.db, {
      roles: ['clinician'],
      hubCodes: ['WM'],
      name: 'Clin Browser',
    });
    const leadUser = await createUser(database.db, {
      roles: ['hub_lead'],
      hubCodes: ['WM'],
      name: 'Lead Browser',
    });

    const STEP = 5 * 60_000; // within the session idle timeout
    // Time moves on between steps, so the timeline has an order to show.
    clock.advance(STEP);

    // Triage: the queue, the case, a form sent with errors, then the decision by keyboard only.
    const clinician = await signInPage(clinicianUser, 'clinician');
    await clinician.getByRole('link', { name: 'Triage queue' }).click();
    await clinician.waitForURL('**/triage');
    await checkPage(clinician, 'triage queue');
    await clinician.getByRole('link', { name: reference }).click();
    await clinician.waitForURL(`**/triage/${caseId}`);
    await checkPage(clinician, 'triage decision');

    await clinician.getByRole('button', { name: 'Record triage decision' }).click();
    await clinician.waitForLoadState();
    await checkPage(clinician, 'triage decision with errors');
    const summary = clinician.locator('.govuk-error-summary');
    assert.equal(await summary.getByRole('heading').innerText(), 'There is a problem');
    assert.deepEqual(await summary.getByRole('link').allInnerTexts(), [
      'Select a triage decision',
      'Enter the rationale for your decision',
    ]);
    assert.match((await clinician.title()) ?? '', /^Error: /);
    // GOV.UK Frontend moves focus to the summary so a screen reader announces it.
    assert.equal(await clinician.locator('.govuk-error-summary:focus').count(), 1);
    assert.ok(await clinician.locator('#decision-error').isVisible());
    assert.ok(await clinician.locator('#rationale-error').isVisible());

    // From the summary: Tab to its first link, Enter follows it to the first radio, Space
    // chooses "Accept for assessment", Tab to the rationale, type, Tab to the button, Enter.
    await clinician.keyboard.press('Tab');
    await clinician.keyboard.press('Enter');
    assert.equal(await focusedId(clinician), 'decision');
    await clinician.keyboard.press('Space');
    assert.ok(await clinician.getByRole('radio', { name: 'Accept for assessment' }).isChecked());
    await clinician.keyboard.press('Tab');
    assert.equal(await focusedId(clinician), 'rationale');
    await clinician.keyboard.type('Needs a mental health assessment; no crisis indicators.');
    await clinician.keyboard.press('Tab');
    await clinician.keyboard.press('Enter');
    await clinician.waitForURL(`**/triage/${caseId}/decided`);
    await checkPage(clinician, 'triage decided');
    assert.match(
      (await clinician.locator('.govuk-panel').textContent()) ?? '',
      /Accept for assessment/,
    );
    // Not yet allocated, the clinician who triaged is asked for a reason to open the case.
    await clinician.getByRole('link', { name: 'Go to the case' }).click();
    await clinician.waitForURL(`**/cases/${caseId}/reason`);
    await checkPage(clinician, 'reason to open the case');

    // Allocation by the hub lead, from the Unallocated list.
    clock.advance(STEP);
    const lead = await signInPage(leadUser, 'hub lead');
    await lead.getByRole('link', { name: 'Cases', exact: true }).click();
    await lead.waitForURL('**/cases');
    await checkPage(lead, 'hub lead: cases');
    await lead.getByRole('link', { name: 'Unallocated' }).click();
    await lead.waitForURL(/\/cases\?.*tab=unallocated/);
    await checkPage(lead, 'hub lead: unallocated');
    await lead.getByRole('link', { name: reference }).click();
    await lead.waitForURL(`**/cases/${caseId}`);
    await checkPage(lead, 'hub lead: case');
    await lead.locator(`a[href="/cases/${caseId}/allocation"]`).click();
    await lead.waitForURL(`**/cases/${caseId}/allocation`);
    await checkPage(lead, 'hub lead: allocation');
    await lead.getByRole('radio', { name: 'Clin Browser' }).check();
    await lead.getByRole('button', { name: 'Save allocation' }).click();
    await lead.waitForURL(`**/cases/${caseId}?done=allocated`);
    await checkPage(lead, 'hub lead: case after allocation');
    assert.equal(await savedBanner(lead), 'Case allocated');

    // The clinician's own cases, the case page and its timeline.
    clock.advance(STEP);
    await visit(clinician, '/home', 'clinician: home again');
    await clinician.getByRole('link', { name: 'Cases', exact: true }).click();
    await clinician.waitForURL('**/cases');
    await checkPage(clinician, 'clinician: my cases');
    assert.equal(
      await clinician.locator('.moj-sub-navigation__link[aria-current="page"]').innerText(),
      'My cases',
    );
    await clinician.getByRole('link', { name: reference }).click();
    await clinician.waitForURL(`**/cases/${caseId}`);
    await checkPage(clinician, 'clinician: case');
    // The timeline is a section of its own (issue 13).
    await visit(clinician, `/cases/${caseId}/section/timeline`, 'clinician: case timeline');
    const timeline = clinician.locator('.moj-timeline');
    assert.ok(await timeline.isVisible());
    const titles = await timeline.locator('.moj-timeline__title').allTextContents();
    assert.deepEqual(
      titles.map((s) => s.trim()),
      ['Allocated to Clin Browser', 'Triaged: Accept for assessment', 'Request submitted'],
    );
    assert.match(
      (await timeline.locator('time').first().textContent()) ?? '',
      /^\d{1,2} [A-Z][a-z]+ \d{4} at \d{1,2}(:\d\d)?[ap]m$/,
    );

    // Consent: an error first, its summary link moves focus to the field, then a good answer.
    // Consent is recorded from the Assessment section.
    await clinician.getByRole('link', { name: 'Assessment', exact: true }).click();
    await clinician.waitForURL(`**/cases/${caseId}/section/assessment`);
    await clinician.getByRole('button', { name: 'Record consent' }).click();
    await clinician.waitForURL(`**/cases/${caseId}/consent`);
    await checkPage(clinician, 'consent');
    // How, when and who are conditional reveals: none shown until an answer needs them.
    const followUps = () =>
      Promise.all(
        ['How did the person give their decision?', 'Date of the decision'].map((name) =>
          clinician.getByRole('group', { name }).count(),
        ),
      );
    assert.deepEqual(await followUps(), [0, 0]);
    await clinician.getByRole('radio', { name: 'Not yet sought' }).check();
    assert.deepEqual(await followUps(), [0, 0]);
    await clinician.getByRole('radio', { name: /Lacks capacity/ }).check();
    assert.deepEqual(await followUps(), [0, 1]);
    assert.equal(
      await clinician
        .getByRole('textbox', { name: 'Who made the best-interests decision?' })
        .count(),
      1,
    );
    await clinician
      .getByRole('textbox', { name: 'Who made the best-interests decision?' })
      .fill('CANARY-BI');
    await clinician.getByRole('radio', { name: 'Given' }).check();
    assert.deepEqual(await followUps(), [1, 1]);
    await clinician.getByRole('button', { name: 'Save consent' }).click();
    await clinician.waitForLoadState();
    await checkPage(clinician, 'consent with errors');
    const consentSummary = clinician.locator('.govuk-error-summary');
    assert.ok(await consentSummary.isVisible());
    await consentSummary.getByRole('link', { name: 'Enter the date of the decision' }).click();
    assert.equal(await focusedId(clinician), 'decidedAt-given-day');
    // The answer given is kept.
    assert.ok(await clinician.getByRole('radio', { name: 'Given' }).isChecked());
    await clinician.getByRole('radio', { name: 'Verbal' }).check();
    await clinician.getByRole('textbox', { name: 'Day' }).fill('1');
    await clinician.getByRole('textbox', { name: 'Month' }).fill('6');
    await clinician.getByRole('textbox', { name: 'Year' }).fill('2026');
    await clinician.getByRole('textbox', { name: 'Time of the decision' }).fill('08:00');
    await clinician.getByRole('button', { name: 'Save consent' }).click();
    await clinician.waitForURL(`**/cases/${caseId}/section/assessment?done=consent#consent`);
    await checkPage(clinician, 'case after consent');
    assert.equal(await savedBanner(clinician), 'Consent recorded');
    // The hidden best-interests answer typed earlier was not saved.
    const saved = await run.server.database.db
      .selectFrom('consents')
      .select(['status', 'method', 'best_interests_by'])
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(saved, { status: 'given', method: 'verbal', best_interests_by: null });

    await clinician.getByRole('button', { name: 'Record lawful basis' }).click();
    await clinician.waitForURL(`**/cases/${caseId}/lawful-basis`);
    await checkPage(clinician, 'lawful basis');
    await clinician.getByRole('checkbox', { name: /Article 6\(1\)\(e\)/ }).check();
    await clinician.getByRole('checkbox', { name: /Article 9\(2\)\(h\)/ }).check();
    await clinician.getByRole('button', { name: 'Save lawful basis' }).click();
    await clinician.waitForURL(`**/cases/${caseId}/section/assessment?done=lawful-basis#consent`);
    await checkPage(clinician, 'case after lawful basis');
    assert.equal(await savedBanner(clinician), 'Lawful basis recorded');
    assert.match(
      (await clinician.locator('table', { hasText: 'Lawful basis, newest first' }).textContent()) ??
        '',
      /Article 9\(2\)\(h\)/,
    );
    // Both are in the timeline, a section of its own.
    await visit(
      clinician,
      `/cases/${caseId}/section/timeline`,
      'clinician: timeline after consent',
    );
    const after = (await clinician.locator('.moj-timeline').textContent()) ?? '';
    assert.match(after, /Consent recorded: Given/);
    assert.match(after, /Lawful basis recorded/);

    // One back link pattern: each page of the case one step below it has a back link that
    // reads "Back" and goes to the case (read as HTML: these pages are checked elsewhere).
    const subPages = [
      'consent',
      'lawful-basis',
      'advice',
      'liaison',
      'meetings',
      'plan',
      'formulation',
      'disclosures/new',
    ];
    for (const sub of subPages) {
      const response = await clinician.request.get(`/cases/${caseId}/${sub}`);
      assert.equal(response.status(), 200, sub);
      const links = [
        ...(await response.text()).matchAll(
          /<a href="([^"]*)" class="govuk-back-link">\s*([^<]*?)\s*<\/a>/g,
        ),
      ].map((m) => ({ href: m[1]!.split('#')[0], text: m[2] }));
      // Back to the case's section the page belongs to (the case as a workspace, issue 13).
      const section: Record<string, string> = {
        liaison: '/section/liaison-and-meetings',
        meetings: '/section/liaison-and-meetings',
        plan: '/section/plan',
        formulation: '/section/assessment',
        'disclosures/new': '/section/disclosures',
      };
      const back = `/cases/${caseId}${section[sub] ?? ''}`;
      assert.deepEqual(links, [{ href: back, text: 'Back' }], sub);
    }
  });
});
