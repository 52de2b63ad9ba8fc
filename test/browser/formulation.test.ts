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

const CANARY = 'CANARY-FORMULATION low mood since the eviction';

describe(
  'structured formulation: write, submit, sign off, review',
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

    /** Rates every factor on a domain page: the first present (with evidence), the rest absent. */
    async function rateDomain(page: Page, name: string) {
      const presences = page.getByRole('group', { name: /^Presence of / });
      const count = await presences.count();
      assert.ok(count > 0);
      for (let i = 0; i < count; i += 1) {
        await presences
          .nth(i)
          .getByLabel(i === 0 ? 'Present' : 'Absent', { exact: true })
          .check();
        await page
          .getByRole('group', { name: /^Relevance of / })
          .nth(i)
          .getByLabel(i === 0 ? 'High' : 'Low', { exact: true })
          .check();
        if (i === 0) {
          await page
            .getByRole('textbox', { name: /^Evidence for / })
            .first()
            .fill(`Seen in ${name}`);
        }
      }
      await page.getByRole('button', { name: 'Save and return to the formulation' }).click();
      await checkPage(page, `${name}: saved`);
    }

    it('a clinician records and submits; the hub lead signs off; a review is signed off by another', async () => {
      const db = run.server.database.db;
      const officer = await createUser(db, { roles: ['case_officer'], hubCodes: ['WM'] });
      const clinician = await createUser(db, { roles: ['clinician'], hubCodes: ['WM'] });
      const leadA = await createUser(db, {
        roles: ['hub_lead'],
        hubCodes: ['WM'],
        name: 'Hub Lead A',
      });
      const leadB = await createUser(db, {
        roles: ['hub_lead'],
        hubCodes: ['WM'],
        name: 'Hub Lead B',
      });
      const { caseId, reference } = await insertCase(db, {
        hubCode: 'WM',
        requestedBy: officer.id,
      });
      const now = run.server.clock.now();
      await db
        .insertInto('allocations')
        .values({
          case_id: caseId,
          clinician_id: clinician.id,
          role: 'lead',
          allocated_from: now,
          allocated_by: leadA.id,
        })
        .execute();
      await db
        .insertInto('consents')
        .values({
          case_id: caseId,
          status: 'given',
          method: 'verbal',
          decided_at: now,
          recorded_by: clinician.id,
          recorded_at: now,
        })
        .execute();

      // The clinician starts from the case page, choosing the template with the keyboard.
      const c = await signInAs(clinician, 'clinician');
      await visit(c, `/cases/${caseId}`, 'clinician: case page');
      await c.getByRole('link', { name: 'Go to the formulation' }).click();
      await checkPage(c, 'clinician: start a formulation');
      await c.getByRole('button', { name: 'Start the formulation' }).press('Enter');
      await c.getByText('There is a problem').waitFor();
      await checkPage(c, 'clinician: start without a template');
      assert.match(await c.title(), /^Error:/);
      await c.getByLabel('VSS structured formulation').focus();
      await c.keyboard.press('Space');
      await c.getByRole('button', { name: 'Start the formulation' }).focus();
      await c.keyboard.press('Enter');
      await c.getByRole('heading', { name: 'Sections' }).waitFor();
      await checkPage(c, 'clinician: task list');

      // A domain with an error keeps what was typed.
      await c.getByRole('link', { name: 'Mental health' }).click();
      await checkPage(c, 'clinician: mental health');
      await c
        .getByRole('group', { name: 'Relevance of Psychotic symptoms' })
        .getByLabel('High')
        .check();
      await c
        .getByRole('textbox', { name: 'Evidence for Psychotic symptoms' })
        .fill('Kept evidence');
      await c.getByRole('button', { name: 'Save and return to the formulation' }).click();
      await checkPage(c, 'clinician: mental health with an error');
      assert.match(await c.title(), /^Error:/);
      assert.equal(
        await c.getByRole('textbox', { name: 'Evidence for Psychotic symptoms' }).inputValue(),
        'Kept evidence',
      );
      await rateDomain(c, 'mental health');

      for (const domain of [
        'Neurodevelopment and communication',
        'Substance use',
        'Emotional and behavioural regulation',
        'Social and situational needs',
        'Offending history',
        'Protective factors',
      ]) {
        await c.getByRole('link', { name: domain }).click();
        await checkPage(c, `clinician: ${domain}`);
        await rateDomain(c, domain);
      }

      await c.getByRole('link', { name: 'The 5 Ps' }).click();
      await checkPage(c, 'clinician: the 5 Ps');
      await c.getByLabel('Presenting').fill(CANARY);
      await c.getByLabel('Predisposing').fill('Childhood trauma');
      await c.getByLabel('Precipitating').fill('Eviction in March');
      await c.getByLabel('Perpetuating').fill('Isolation');
      await c.getByLabel('Protective').fill('Sister visits weekly');
      await c.getByRole('button', { name: 'Save and return to the formulation' }).click();
      await checkPage(c, 'clinician: 5 Ps saved');

      await c.getByRole('link', { name: 'Scenarios' }).click();
      await checkPage(c, 'clinician: scenarios');
      await c
        .getByLabel('What could happen in scenario 1')
        .fill('Withdraws and stops answering calls');
      await c.getByLabel('Triggers in scenario 1').fill('Loss of housing');
      await c.getByRole('button', { name: 'Save and add another scenario' }).click();
      await checkPage(c, 'clinician: add another scenario');
      await c.getByLabel('What could happen in scenario 2').fill('Spends nights in online forums');
      await c.getByLabel('Early warning signs in scenario 2').fill('Stops going to the gym');
      await c.getByRole('button', { name: 'Save and return to the formulation' }).click();
      await checkPage(c, 'clinician: scenarios saved');

      await c.getByRole('link', { name: 'Summary' }).click();
      await checkPage(c, 'clinician: summary');
      await c
        .getByRole('group', { name: 'What is the primary vulnerability?' })
        .getByLabel('Complex needs')
        .check();
      await c.getByLabel('Anxiety').check();
      await c.getByLabel('Other', { exact: true }).check();
      await c.getByLabel('Other presentation').fill('Hoarding');
      await c.getByLabel('Known but not engaged').check();
      await c.getByLabel('Homelessness or housing').check();
      await c
        .getByRole('group', { name: 'Does the person have previous convictions?' })
        .getByLabel('No', { exact: true })
        .check();
      await c
        .getByRole('group', { name: 'Has the person failed under supervision before?' })
        .getByLabel('Not known')
        .check();
      await c.getByRole('button', { name: 'Save and return to the formulation' }).click();
      await checkPage(c, 'clinician: all sections done');

      await c.getByRole('button', { name: 'Check and submit' }).click();
      await checkPage(c, 'clinician: check answers');
      assert.match(await c.locator('main').innerText(), /CANARY-FORMULATION/);
      await c.getByRole('button', { name: 'Submit for sign-off' }).click();
      await checkPage(c, 'clinician: submitted');
      assert.match(await c.locator('main').innerText(), /waiting for sign-off/i);

      // Hub lead A signs it off from their list.
      const a = await signInAs(leadA, 'hub lead A');
      await a.getByRole('link', { name: 'Formulations to sign off' }).click();
      await checkPage(a, 'hub lead A: formulations to sign off');
      await a.getByRole('link', { name: reference }).click();
      await checkPage(a, 'hub lead A: sign off version 1');
      await a.getByRole('button', { name: 'Sign off the formulation' }).click();
      await checkPage(a, 'hub lead A: signed off');
      assert.match(await a.locator('main').innerText(), /Formulation signed off/);

      // Hub lead A reviews it: one factor and one summary field change.
      await visit(a, `/cases/${caseId}/formulation`, 'hub lead A: signed-off formulation');
      await a.getByRole('button', { name: 'Review the formulation' }).click();
      await checkPage(a, 'hub lead A: review task list');
      await a.getByRole('link', { name: 'Substance use' }).click();
      await checkPage(a, 'hub lead A: substance use');
      await a
        .getByRole('group', { name: 'Presence of Harmful alcohol use' })
        .getByLabel('Partially present')
        .check();
      await a
        .getByRole('textbox', { name: 'Evidence for Harmful alcohol use' })
        .fill('Drinks most evenings');
      await a.getByRole('button', { name: 'Save and return to the formulation' }).click();
      await checkPage(a, 'hub lead A: substance use saved');
      await a.getByRole('link', { name: 'Summary' }).click();
      await a.getByLabel('Diagnosable mental illness').check();
      await a.getByRole('button', { name: 'Save and return to the formulation' }).click();
      await checkPage(a, 'hub lead A: summary changed');
      await a.getByRole('link', { name: 'What changed and why' }).click();
      await checkPage(a, 'hub lead A: what changed');
      const changes = await a.locator('table').innerText();
      assert.match(changes, /Harmful alcohol use – presence/);
      assert.match(changes, /Primary vulnerability/);
      await a.getByRole('button', { name: 'Save and continue' }).click();
      await checkPage(a, 'hub lead A: reason missing');
      assert.match(await a.title(), /^Error:/);
      await a
        .getByLabel(/What changed for the person/)
        .fill('Drinking more; psychiatric diagnosis made.');
      await a.getByRole('button', { name: 'Save and continue' }).click();
      await checkPage(a, 'hub lead A: check the review');
      await a.getByRole('button', { name: 'Submit for sign-off' }).click();
      await checkPage(a, 'hub lead A: review submitted');

      // Hub lead A may not sign off their own review.
      await visit(a, '/formulations', 'hub lead A: own review in the list');
      await a.getByRole('link', { name: reference }).click();
      await checkPage(a, 'hub lead A: own review');
      assert.match(
        await a.locator('main').innerText(),
        /another senior clinician or hub lead must sign it off/,
      );
      assert.equal(await a.getByRole('button', { name: 'Sign off the formulation' }).count(), 0);

      // Hub lead B signs off the review.
      const b = await signInAs(leadB, 'hub lead B');
      await b.getByRole('link', { name: 'Formulations to sign off' }).click();
      await checkPage(b, 'hub lead B: formulations to sign off');
      await b.getByRole('link', { name: reference }).click();
      await checkPage(b, 'hub lead B: sign off the review');
      assert.match(
        await b.locator('main').innerText(),
        /Drinking more; psychiatric diagnosis made/,
      );
      await b.getByRole('button', { name: 'Sign off the formulation' }).click();
      await checkPage(b, 'hub lead B: review signed off');

      await visit(c, `/cases/${caseId}/formulation/versions`, 'clinician: versions');
      await c.getByRole('link', { name: 'Version 2' }).click();
      await checkPage(c, 'clinician: version 2');
      assert.match(await c.locator('main').innerText(), /Partially present/);

      // The case officer sees nothing of it.
      const o = await signInAs(officer, 'officer');
      await visit(o, `/requests/${caseId}`, 'officer: the request');
      assert.doesNotMatch(await o.locator('body').innerText(), /CANARY-FORMULATION|[Ff]ormulation/);
      const denied = await o.goto(`/cases/${caseId}/formulation`);
      assert.equal(denied?.status(), 403);
    });
  },
);
