import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { createUser, type TestUser } from '../support/auth.ts';
import { insertCase } from '../support/journey.ts';
import {
  browserAvailable,
  checkPage,
  startBrowserRun,
  visit,
  type BrowserRun,
  signInWithPages,
} from './support/browser.ts';

// Plan content is health information: it must never reach the case officer's pages.
const NEED = 'CANARY-PLAN no GP since moving to the area';

describe(
  'the intervention plan, as a clinician and the hub lead',
  { skip: !browserAvailable() },
  () => {
    let run: BrowserRun;
    before(async () => {
      run = await startBrowserRun();
    });
    after(async () => {
      await run?.close();
    });

    const signIn = (user: TestUser, who: string) => signInWithPages(run, user, who);

    /** Follows a link or presses a button with the keyboard only: focus, then Enter. */
    async function press(page: Page, role: 'link' | 'button', name: string, check: string) {
      await page.getByRole(role, { name, exact: true }).first().focus();
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      await checkPage(page, check);
    }

    async function fillDate(page: Page, day: string, month: string, year: string) {
      await page.getByLabel('Day').fill(day);
      await page.getByLabel('Month').fill(month);
      await page.getByLabel('Year').fill(year);
    }

    async function addAction(
      c: Page,
      need: number,
      action: { what: string; service: string; agency: string; owner: string; due: string[] },
    ) {
      await c
        .getByRole('link', { name: `Add an action to Need ${need}`, exact: false })
        .first()
        .focus();
      await Promise.all([c.waitForNavigation(), c.keyboard.press('Enter')]);
      await checkPage(c, `clinician: add an action to need ${need}`);
      await c.getByLabel('What will be done?').fill(action.what);
      await c.getByLabel('Type of service').selectOption({ label: action.service });
      await c.getByLabel('Agency responsible').fill(action.agency);
      await c.getByLabel('Owner').fill(action.owner);
      await fillDate(c, action.due[0]!, action.due[1]!, action.due[2]!);
      await press(c, 'button', 'Add action', `clinician: plan with action for need ${need}`);
    }

    it("plan with two needs, statuses, an overdue action, a review, and the hub lead's list", async () => {
      const { database, clock } = run.server;
      const db = database.db;
      const officer = await createUser(db, { roles: ['case_officer'], hubCodes: ['WM'] });
      const clinician = await createUser(db, { roles: ['clinician'], hubCodes: ['WM'] });
      const lead = await createUser(db, { roles: ['hub_lead'], hubCodes: ['WM'] });
      const { caseId, reference } = await insertCase(db, {
        hubCode: 'WM',
        requestedBy: officer.id,
        givenName: 'Planny',
        familyName: 'Person',
      });
      await db
        .insertInto('allocations')
        .values({
          case_id: caseId,
          clinician_id: clinician.id,
          role: 'lead',
          allocated_from: clock.now(),
          allocated_by: lead.id,
        })
        .execute();
      await db
        .insertInto('consents')
        .values({
          case_id: caseId,
          status: 'given',
          method: 'verbal',
          decided_at: clock.now(),
          recorded_by: clinician.id,
          recorded_at: clock.now(),
        })
        .execute();

      // From the case page to a new plan (the clock reads 1 June 2026).
      const c = await signIn(clinician, 'clinician');
      await visit(c, `/cases/${caseId}`, 'clinician: case');
      assert.match(await c.locator('#plan').innerText(), /Intervention plan/);
      await press(c, 'link', 'Go to the intervention plan', 'clinician: no plan yet');
      await press(c, 'button', 'Start the plan', 'clinician: start the plan');
      await press(c, 'button', 'Start the plan', 'clinician: start the plan with errors');
      assert.match(await c.title(), /^Error:/);
      await fillDate(c, '1', '9', '2026');
      await press(c, 'button', 'Start the plan', 'clinician: plan started');

      // Two needs, each with an action.
      await press(c, 'button', 'Add a need', 'clinician: add a need');
      await c.getByLabel('Access to services').check();
      await c.getByLabel('Describe the need').fill(NEED);
      await press(c, 'button', 'Add need', 'clinician: plan with one need');
      await addAction(c, 1, {
        what: 'Register with a GP near the new address',
        service: 'Mental health',
        agency: 'Primary care',
        owner: 'Alex Example, VSS nurse',
        due: ['5', '6', '2026'],
      });
      await press(c, 'button', 'Add a need', 'clinician: add a second need');
      await c.getByLabel('Building protective factors').check();
      await c.getByLabel('Describe the need').fill('Few people to turn to; keen on football.');
      await press(c, 'button', 'Add need', 'clinician: plan with two needs');
      await addAction(c, 2, {
        what: 'Introduce to the local football club',
        service: 'Social support',
        agency: 'Local authority youth service',
        owner: 'Sam Sample, youth worker',
        due: ['20', '6', '2026'],
      });

      // The first action is in progress; the second is not achieved, which needs a reason.
      await c.getByRole('link', { name: 'Update action: Register with a GP' }).click();
      await c.waitForURL('**/plan/actions/**');
      await checkPage(c, 'clinician: update the first action');
      await c.getByRole('radio', { name: 'In progress' }).check();
      await press(c, 'button', 'Save action', 'clinician: first action in progress');
      await c
        .getByRole('link', { name: 'Update action: Introduce to the local football club' })
        .click();
      await c.waitForURL('**/plan/actions/**');
      await c.getByRole('radio', { name: 'Not achieved' }).check();
      await press(c, 'button', 'Save action', 'clinician: not achieved without a reason');
      assert.match(
        await c.locator('.govuk-error-summary').innerText(),
        /Enter why the action was not achieved/,
      );
      await c.getByLabel('Why was it not achieved?').fill('The club had no places this season.');
      await press(c, 'button', 'Save action', 'clinician: second action not achieved');
      const plan = await c.locator('main').innerText();
      assert.match(plan, /In progress/);
      assert.match(plan, /Not achieved/);
      assert.match(plan, /The club had no places this season/);
      assert.doesNotMatch(plan, /Overdue/);

      // A week later (London time) the first action, still in progress, is overdue.
      clock.set(new Date('2026-06-08T08:00:00Z'));
      const later = await signIn(clinician, 'clinician a week later');
      await visit(later, `/cases/${caseId}`, 'clinician: case a week later');
      assert.match(await later.locator('#plan ~ dl').first().innerText(), /1 overdue/);
      await press(
        later,
        'link',
        'View the intervention plan',
        'clinician: plan with an overdue action',
      );
      const overdue = later.locator('.govuk-summary-card', { hasText: 'Register with a GP' });
      assert.match(await overdue.locator('.govuk-tag--red').innerText(), /Overdue/);
      assert.match(await overdue.innerText(), /3 days late/);

      // The review keeps version 1 and starts version 2.
      await press(later, 'button', 'Review the plan', 'clinician: review the plan');
      await later
        .getByLabel('What progressed since the last review?')
        .fill('GP registration form sent.');
      await later
        .getByLabel('What changed in the plan?')
        .fill('Nothing changed; football to be tried again in autumn.');
      await fillDate(later, '1', '12', '2026');
      await press(later, 'button', 'Save review', 'clinician: plan reviewed');
      const reviewed = await later.locator('main').innerText();
      assert.match(reviewed, /Review of version 1/);
      assert.match(reviewed, /GP registration form sent/);
      await press(later, 'link', 'Version 1', 'clinician: version 1, frozen');
      assert.match(await later.locator('main').innerText(), /cannot be changed/);
      assert.equal(await later.getByRole('link', { name: /^Update/ }).count(), 0);

      // The hub lead's Due and overdue list shows the overdue action.
      const l = await signIn(lead, 'hub lead');
      await press(l, 'link', 'Due and overdue', 'hub lead: due and overdue');
      const row = l.locator('tr', { hasText: 'Register with a GP' });
      assert.match(await row.innerText(), new RegExp(reference));
      assert.match(await row.locator('.govuk-tag').innerText(), /Overdue/);
      await press(l, 'link', 'My cases', 'hub lead: due and overdue, own cases');

      // The case officer's request page shows nothing of the plan.
      const o = await signIn(officer, 'officer');
      await visit(o, `/requests/${caseId}`, 'officer: request');
      const officerHtml = await o.content();
      for (const secret of [NEED, 'Register with a GP', 'Intervention plan']) {
        assert.ok(!officerHtml.includes(secret), `the officer's page shows ${secret}`);
      }
    });
  },
);
