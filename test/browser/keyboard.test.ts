import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { createUser, type TestUser } from '../support/auth.ts';
import { allocate, recordConsentEntry } from '../support/clinical.ts';
import { insertCase } from '../support/journey.ts';
import {
  browserAvailable,
  checkPage,
  signInWithPages,
  startBrowserRun,
  visit,
  type BrowserRun,
} from './support/browser.ts';

/**
 * One whole form of each journey completed with the keyboard only (Tab, Space, arrow keys,
 * Enter and typing; no clicks): the officer's request, triage, consent, advice, a disclosure
 * and closure. Every stop of the focus is visibly focused, and a form sent with errors moves
 * focus to the error summary, whose first link takes it to the field.
 */

/** In the page (a string: the tests are compiled without the DOM's types). */
const FOCUS = String.raw`(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return { tag: 'BODY', id: '', name: '', value: '', text: '', visible: false };
  const shown = (s) =>
    (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) ||
    (s.boxShadow && s.boxShadow !== 'none');
  let visible = shown(getComputedStyle(el));
  // GOV.UK radios and checkboxes draw their focus ring on the label, around the box.
  if (!visible && el.matches('.govuk-radios__input, .govuk-checkboxes__input') && el.labels[0]) {
    visible = shown(getComputedStyle(el.labels[0], '::before')) || shown(getComputedStyle(el.labels[0], '::after'));
  }
  return {
    tag: el.tagName,
    id: el.id || '',
    name: el.getAttribute('name') || '',
    value: el.value === undefined ? '' : String(el.value),
    text: (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 80),
    cls: el.className || '',
    visible,
  };
})()`;

interface Focused {
  tag: string;
  id: string;
  name: string;
  value: string;
  text: string;
  cls: string;
  visible: boolean;
}

const focused = (page: Page) => page.evaluate<Focused>(FOCUS);

/** What the focus must reach: a field by name (and value), or a button or link by its text. */
type Target = { name: string; value?: string } | { button: string } | { link: string };

const matches = (f: Focused, target: Target) =>
  'name' in target
    ? f.name === target.name && (target.value === undefined || f.value === target.value)
    : 'button' in target
      ? f.tag === 'BUTTON' && f.text === target.button
      : f.tag === 'A' && f.text.startsWith(target.link);

/**
 * Presses Tab until the focus reaches the target (none if it is there already); every stop on
 * the way must show its focus.
 */
async function tabTo(page: Page, target: Target): Promise<void> {
  if (matches(await focused(page), target)) return;
  for (let presses = 0; presses < 120; presses += 1) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (f.tag !== 'BODY') assert.ok(f.visible, `no visible focus on ${JSON.stringify(f)}`);
    if (matches(f, target)) return;
  }
  assert.fail(`Tab never reached ${JSON.stringify(target)}`);
}

async function typeInto(page: Page, name: string, text: string): Promise<void> {
  await tabTo(page, { name });
  await page.keyboard.type(text);
}

/** A GOV.UK date input: its three boxes in turn. */
async function typeDate(page: Page, name: string, [day, month, year]: string[]): Promise<void> {
  await typeInto(page, `${name}-day`, day!);
  await typeInto(page, `${name}-month`, month!);
  await typeInto(page, `${name}-year`, year!);
}

/** Tabs into a radio group and moves to the value with the arrow keys (which choose it). */
async function chooseRadio(page: Page, name: string, value: string): Promise<void> {
  await tabTo(page, { name });
  for (let moves = 0; moves < 12; moves += 1) {
    const f = await focused(page);
    if (f.value === value) {
      await page.keyboard.press('Space');
      assert.ok(await page.locator(`input[name="${name}"][value="${value}"]`).isChecked());
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  assert.fail(`no radio ${name}=${value}`);
}

async function tick(page: Page, name: string, value?: string): Promise<void> {
  await tabTo(page, value === undefined ? { name } : { name, value });
  await page.keyboard.press('Space');
}

/** Enter on a button (or link), then the page it leads to is checked. */
async function pressEnter(page: Page, target: Target, check: string): Promise<void> {
  await tabTo(page, target);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  await checkPage(page, check);
}

/**
 * Sends the form as it is (with errors): focus is on the error summary, visibly; Tab reaches its
 * first link and Enter moves focus to that field. Returns the summary's messages.
 */
async function sendWithErrors(page: Page, button: string, name: string): Promise<string[]> {
  await pressEnter(page, { button }, `${name} with errors (keyboard)`);
  const summary = await focused(page);
  assert.match(summary.cls, /govuk-error-summary/, `${name}: focus on the error summary`);
  assert.ok(summary.visible, `${name}: the error summary shows its focus`);
  const messages = await page.locator('.govuk-error-summary__list a').allInnerTexts();
  const href = (await page.locator('.govuk-error-summary__list a').first().getAttribute('href'))!;
  await page.keyboard.press('Tab');
  assert.equal((await focused(page)).text, messages[0], `${name}: Tab to the first error`);
  await page.keyboard.press('Enter');
  const field = await focused(page);
  assert.ok(field.id.startsWith(href.slice(1)), `${name}: ${href} focuses ${field.id}`);
  assert.ok(field.visible, `${name}: the field shows its focus`);
  return messages;
}

describe('every journey with the keyboard only', { skip: !browserAvailable() }, () => {
  let run: BrowserRun;
  let officer: TestUser;
  let clinician: TestUser;
  let clinicianPage: Page;
  let caseId: string;

  before(async () => {
    run = await startBrowserRun();
    const db = run.server.database.db;
    officer = await createUser(db, { roles: ['case_officer'], hubCodes: ['WM'] });
    clinician = await createUser(db, { roles: ['clinician'], hubCodes: ['WM'] });
    const lead = await createUser(db, { roles: ['hub_lead'], hubCodes: ['WM'] });
    ({ caseId } = await insertCase(db, { hubCode: 'WM', requestedBy: officer.id }));
    await allocate(db, { caseId, clinicianId: clinician.id, byId: lead.id });
    await recordConsentEntry(db, { caseId, byId: clinician.id, status: 'given' });
    // Something to disclose: the case's triage decision.
    await db
      .insertInto('triage_decisions')
      .values({
        case_id: caseId,
        decision: 'accept',
        rationale: 'Engages well with his GP',
        decided_by: clinician.id,
        decided_at: new Date('2026-05-21T10:00:00Z'),
        seconds_to_triage: 60,
      })
      .execute();
  });
  after(async () => {
    await run?.close();
  });

  it("the officer's request: Prevent references", async () => {
    const o = await signInWithPages(run, officer, 'officer');
    await visit(o, '/requests', 'officer: your requests (keyboard)');
    await pressEnter(o, { button: 'Request VSS support' }, 'officer: task list (keyboard)');
    await pressEnter(o, { link: 'Prevent references' }, 'officer: prevent references (keyboard)');
    const errors = await sendWithErrors(o, 'Save and continue', 'prevent references');
    assert.ok(errors.length > 0);
    await o.keyboard.type('PCMT-K-1'); // the first error is the PCMT reference
    await chooseRadio(o, 'preventStage', 'police_led');
    await typeDate(o, 'gatewayDate', ['1', '5', '2026']);
    await pressEnter(o, { button: 'Save and continue' }, 'officer: task list after prevent');
    assert.match(o.url(), /\/requests\/drafts\/[0-9a-f-]+$/);
  });

  it('triage: the decision', async () => {
    const triaged = await insertCase(run.server.database.db, {
      hubCode: 'WM',
      requestedBy: officer.id,
      status: 'awaiting_triage',
    });
    clinicianPage = await signInWithPages(run, clinician, 'clinician');
    const c = clinicianPage;
    await visit(c, `/triage/${triaged.caseId}`, 'clinician: triage (keyboard)');
    await sendWithErrors(c, 'Record triage decision', 'triage');
    // Focus is on the first radio of the decision: choose, then the rationale.
    await c.keyboard.press('Space');
    await typeInto(c, 'rationale', 'Needs a mental health assessment.');
    await pressEnter(c, { button: 'Record triage decision' }, 'clinician: triaged (keyboard)');
    assert.match(c.url(), /\/decided$/);
  });

  it('consent', async () => {
    const c = clinicianPage;
    await visit(c, `/cases/${caseId}/consent`, 'clinician: consent (keyboard)');
    await sendWithErrors(c, 'Save consent', 'consent');
    await chooseRadio(c, 'status', 'given');
    await chooseRadio(c, 'method-given', 'verbal');
    await typeDate(c, 'decidedAt-given', ['1', '6', '2026']);
    await typeInto(c, 'decidedAt-given-time', '08:00');
    await pressEnter(c, { button: 'Save consent' }, 'clinician: consent saved (keyboard)');
    assert.match(c.url(), /done=consent/);
  });

  it('advice to the case officer', async () => {
    const c = clinicianPage;
    await visit(c, `/cases/${caseId}/advice/new`, 'clinician: give advice (keyboard)');
    await sendWithErrors(c, 'Give advice', 'advice');
    await typeInto(c, 'body', 'Use short written questions and allow time.');
    await tick(c, 'confirm');
    await pressEnter(c, { button: 'Give advice' }, 'clinician: advice given (keyboard)');
    assert.match(c.url(), /done=advice-given/);
  });

  it('a disclosure decision: to the check answers page', async () => {
    const c = clinicianPage;
    await visit(c, `/cases/${caseId}/disclosures/new`, 'clinician: disclosure (keyboard)');
    await sendWithErrors(c, 'Continue', 'disclosure');
    await c.keyboard.press('Space'); // the first item: the triage decision
    await tick(c, 'recipients', 'case_officer');
    await typeInto(c, 'purpose', 'So the officer can plan a safe first visit');
    await chooseRadio(c, 'legalBasis', 'consent');
    await typeInto(c, 'necessity', 'Only the triage rationale is needed');
    await chooseRadio(c, 'consent', 'given');
    await typeInto(c, 'consentNote', 'Asked at the first appointment');
    await chooseRadio(c, 'personTold', 'yes');
    await pressEnter(c, { button: 'Continue' }, 'clinician: disclosure check answers (keyboard)');
    assert.match(await c.locator('main').innerText(), /Engages well with his GP/);
  });

  it('closure: the request', async () => {
    const c = clinicianPage;
    await visit(c, `/cases/${caseId}/closure/new`, 'clinician: request closure (keyboard)');
    await sendWithErrors(c, 'Request closure', 'closure');
    await chooseRadio(c, 'outcome', 'advice_given');
    await typeInto(c, 'summary', 'Advice given on communication. No further VSS work.');
    await tick(c, 'confirm');
    await typeInto(c, 'closingNotes', 'Engaged well throughout.');
    await pressEnter(c, { button: 'Request closure' }, 'clinician: closure requested (keyboard)');
    assert.match(c.url(), /done=closure-requested/);
  });
});
