import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { createUser, type TestUser } from '../support/auth.ts';
import { allocate, recordConsentEntry } from '../support/clinical.ts';
import { insertCase } from '../support/journey.ts';
import {
  browserAvailable,
  checkPage,
  startBrowserRun,
  visit,
  type BrowserRun,
  signInWithPages,
} from './support/browser.ts';

// Health content that must never reach the case officer's pages.
const LIAISON = 'CANARY-LIAISON asked the GP to review medication';
const CONTRIBUTION = 'CANARY-MEETING clinical view on engagement';
const ATTENDEE = 'CANARY-ATTENDEE Pat Example';
const ACTION = 'CANARY-ACTION refer to the community mental health team';
const APPROACH = 'Short written questions, one at a time, with time to answer.';

describe(
  'liaison, a MAPPA meeting and a communication strategy',
  { skip: !browserAvailable() },
  () => {
    let run: BrowserRun;
    before(async () => {
      run = await startBrowserRun();
    });
    after(async () => {
      await run?.close();
    });

    const signInAs = (user: TestUser, name: string) => signInWithPages(run, user, name);

    async function click(page: Page, role: 'button' | 'link', name: string, check: string) {
      await page.getByRole(role, { name, exact: true }).first().click();
      await page.waitForLoadState();
      await checkPage(page, check);
    }

    it('the clinician records them; the case officer sees the strategy and nothing else', async () => {
      const db = run.server.database.db;
      const officer = await createUser(db, { roles: ['case_officer'], hubCodes: ['WM'] });
      const clinician = await createUser(db, { roles: ['clinician'], hubCodes: ['WM'] });
      const lead = await createUser(db, { roles: ['hub_lead'], hubCodes: ['WM'] });
      const { caseId } = await insertCase(db, { hubCode: 'WM', requestedBy: officer.id });
      await allocate(db, { caseId, clinicianId: clinician.id, byId: lead.id });
      await recordConsentEntry(db, { caseId, byId: clinician.id, status: 'given' });

      const c = await signInAs(clinician, 'clinician');
      await visit(c, `/cases/${caseId}`, 'clinician: case');

      // A liaison contact with the person's GP, first with a mistake.
      await click(c, 'button', 'Record a liaison contact', 'clinician: record a liaison contact');
      await c.getByLabel('GP or primary care').check();
      await c.getByLabel('Name of the organisation').fill('Ladywood Health Centre');
      await click(c, 'button', 'Record contact', 'clinician: liaison contact with errors');
      assert.match(await c.title(), /^Error:/);
      await c.getByRole('link', { name: 'Select the purpose of the contact' }).click();
      await c.getByLabel('Outgoing: the VSS contacted them').check();
      await c.getByLabel('Care coordination').check();
      await c.getByLabel('Summary').fill(LIAISON);
      await c
        .getByRole('group', { name: 'Was this contact on the person’s behalf?' })
        .getByLabel('Yes')
        .check();
      await c
        .getByRole('group', { name: 'Does the person’s consent cover this contact?' })
        .getByLabel('Yes')
        .check();
      await click(c, 'button', 'Record contact', 'clinician: liaison contacts');
      const contacts = await c.locator('main').innerText();
      assert.match(contacts, /Ladywood Health Centre/);
      assert.match(contacts, /CANARY-LIAISON/);
      await click(c, 'link', 'Back to the case', 'clinician: case after liaison');

      // A MAPPA meeting, category 2, level 2: chosen with the keyboard.
      await click(c, 'button', 'Record a meeting', 'clinician: record a meeting');
      await c.getByLabel('MAPPA meeting').focus();
      await c.keyboard.press('Space');
      await checkPage(c, 'clinician: MAPPA questions revealed');
      await c.getByLabel('Category 2: violent offenders').check();
      await c.getByLabel('Level 2: active multi-agency management', { exact: true }).check();
      await c.getByLabel('Day').fill('29');
      await c.getByLabel('Month').fill('5');
      await c.getByLabel('Year').fill('2026');
      await c.getByLabel('What the VSS contributed').fill(CONTRIBUTION);
      await click(c, 'button', 'Record meeting', 'clinician: meeting recorded');
      assert.match(await c.locator('h1').innerText(), /MAPPA meeting – 29 May 2026/);

      // Attendees: two added (the second by pressing Enter), one removed.
      await c.getByLabel('Name', { exact: true }).fill(ATTENDEE);
      await c.getByLabel('Agency', { exact: true }).fill('Probation Service');
      await click(c, 'button', 'Add attendee', 'clinician: attendee added');
      await c.getByLabel('Name', { exact: true }).fill('Sam Sample');
      await c.getByLabel('Agency', { exact: true }).fill('Birmingham City Council');
      await c.getByLabel('Agency', { exact: true }).press('Enter');
      await c.waitForLoadState();
      await checkPage(c, 'clinician: second attendee added');
      await click(c, 'button', 'Remove Sam Sample', 'clinician: attendee removed');
      const attendees = await c.locator('main').innerText();
      assert.match(attendees, /CANARY-ATTENDEE/);
      assert.doesNotMatch(attendees, /Sam Sample/);

      // An agreed action.
      await c.getByLabel('Action', { exact: true }).fill(ACTION);
      await c.getByLabel('Owner').fill('VSS nurse');
      const due = c.getByRole('group', { name: 'Due date' });
      await due.getByLabel('Day').fill('15');
      await due.getByLabel('Month').fill('6');
      await due.getByLabel('Year').fill('2026');
      await click(c, 'button', 'Add action', 'clinician: action added');
      assert.match(await c.locator('main').innerText(), /15 June 2026/);
      // "Add to plan" leads to the plan: this case has none yet, and the page says so.
      await c.getByRole('button', { name: /^Add to plan/ }).click();
      await c.waitForLoadState();
      await checkPage(c, 'clinician: add to plan without a plan');
      assert.match(await c.locator('main').innerText(), /no intervention plan yet/);
      await click(c, 'link', 'Back', 'clinician: meeting again');
      await click(c, 'link', 'Back to meetings', 'clinician: meetings');

      // A communication strategy for the case officer.
      await visit(c, `/cases/${caseId}/advice/new`, 'clinician: give advice');
      await c.getByLabel('Communication strategy').check();
      await checkPage(c, 'clinician: communication strategy questions');
      await c.getByLabel('Approach').fill(APPROACH);
      await click(c, 'button', 'Give advice', 'clinician: strategy with errors');
      await c.getByLabel('What to avoid').fill('Phone calls without warning.');
      await c.getByLabel('Who to involve (optional)').fill('Their sister, if they agree.');
      await c.getByLabel(/This advice contains no health information/).check();
      await click(c, 'button', 'Give advice', 'clinician: advice list');
      assert.match(await c.locator('main').innerText(), /Communication strategy/);

      // The case officer: the strategy, nothing of liaison or meetings.
      const o = await signInAs(officer, 'case officer');
      await visit(o, `/requests/${caseId}`, 'case officer: the request');
      const text = await o.locator('main').innerText();
      assert.match(text, /Communication strategy/);
      assert.ok(text.includes(APPROACH));
      assert.match(text, /Phone calls without warning/);
      const html = await o.content();
      for (const canary of ['CANARY', 'Ladywood', 'MAPPA', 'Liaison', 'liaison', 'Probation']) {
        assert.ok(!html.includes(canary), `the officer's page shows ${canary}`);
      }
      await visit(o, '/requests', 'case officer: your requests');
      assert.ok(!(await o.content()).includes('CANARY'));
      const refused = await o.goto(`/cases/${caseId}/liaison`);
      assert.equal(refused?.status(), 403);
      await checkPage(o, 'case officer: liaison refused');
      const meetings = await o.goto(`/cases/${caseId}/meetings`);
      assert.equal(meetings?.status(), 403);
      assert.ok(!(await o.content()).includes('CANARY'));
    });
  },
);
