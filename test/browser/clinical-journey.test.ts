import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { TestUser } from '../support/auth.ts';
import {
  browserAvailable,
  checkPage,
  click,
  press,
  signInWithPages,
  startBrowserRun,
  visit,
  type BrowserRun,
} from './support/browser.ts';
import {
  addAgreedAction,
  allocatedCase,
  fillDate,
  rateDomain,
  recordMappaMeeting,
} from './support/clinical.ts';

// Health content that must never reach the case officer's pages.
const FORMULATION = 'CANARY-FORMULATION low mood since the eviction';
const NEED = 'CANARY-PLAN no GP since moving to the area';
const LIAISON = 'CANARY-LIAISON asked the GP to review medication';
const CONTRIBUTION = 'CANARY-MEETING clinical view on engagement';
const ATTENDEE = 'CANARY-ATTENDEE Pat Example';
const ACTION = 'CANARY-ACTION refer to the community mental health team';
// Advice written for the case officer: the one thing of this journey they see.
const APPROACH = 'Short written questions, one at a time, with time to answer.';

const CLINICIAN = 'Robin Senior';

/**
 * Issue 5's "done when", as one clinician on one case: the clinician (a senior clinician, so the
 * refusal to sign off their own formulation is theirs) records a full formulation with the
 * default template and submits it, is refused when signing it off, has it signed off by the hub
 * lead, creates a plan with actions, logs liaison, records a MAPPA meeting, and later reviews
 * the formulation and sees what changed. Axe runs on every page visited.
 */
describe(
  'clinical work on one case: formulation, sign-off, plan, liaison, MAPPA meeting, review',
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

    /** From the case page: every section of the VSS structured formulation, then submit. */
    async function writeAndSubmitFormulation(c: Page) {
      // The template is chosen with the keyboard, after trying without one.
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

      // A domain with an error keeps what was typed (evidence for a factor with no presence;
      // its relevance is not even asked until a presence is chosen).
      await c.getByRole('link', { name: 'Mental health' }).click();
      await checkPage(c, 'clinician: mental health');
      assert.equal(
        await c.getByRole('group', { name: 'Relevance of Psychotic symptoms' }).count(),
        0,
      );
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
      await rateDomain(c, 'mental health', 'clinician: mental health saved');

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
        await rateDomain(c, domain, `clinician: ${domain} saved`);
      }

      await c.getByRole('link', { name: 'The 5 Ps' }).click();
      await checkPage(c, 'clinician: the 5 Ps');
      await c.getByLabel('Presenting').fill(FORMULATION);
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
      const check = await c.locator('main').innerText();
      assert.match(check, /CANARY-FORMULATION/);
      assert.match(check, /A senior clinician or the hub lead signs it off, never its author/);
      await c.getByRole('button', { name: 'Submit for sign-off' }).click();
      await checkPage(c, 'clinician: submitted');
      assert.match(await c.locator('main').innerText(), /waiting for sign-off/i);
    }

    /** The author, a senior clinician, is offered the sign-off page and refused on it. */
    async function ownSignOffRefused(c: Page, reference: string) {
      await click(c, 'link', 'Sign it off or return it', 'clinician: own version to sign off');
      assert.match(
        await c.locator('main').innerText(),
        /another senior clinician or hub lead must sign it off/,
      );
      assert.equal(await c.getByRole('button', { name: 'Sign off the formulation' }).count(), 0);
      // A sign-off sent anyway (the page's return form aimed at sign-off) changes nothing.
      await Promise.all([
        c.waitForNavigation(),
        c
          .locator('form[action$="/return"]')
          .evaluate((form: { action: string; submit(): void }) => {
            form.action = form.action.replace(/\/return$/, '/sign-off');
            form.submit();
          }),
      ]);
      await checkPage(c, 'clinician: own sign-off refused');
      const refused = await c.locator('main').innerText();
      assert.match(refused, /You wrote this version of the formulation/);
      assert.match(refused, /Nothing was saved/);
      // Their own list shows it as theirs.
      await click(c, 'link', 'Go back to the formulation', 'clinician: still waiting');
      assert.match(await c.locator('main').innerText(), /Waiting for sign-off/);
      await visit(c, '/formulations', 'clinician: formulations to sign off');
      assert.match(
        await c.locator('tr', { hasText: reference }).innerText(),
        new RegExp(`${CLINICIAN} \\(you\\)`),
      );
    }

    async function addPlanAction(
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
      await fillDate(c, [action.due[0]!, action.due[1]!, action.due[2]!]);
      await press(c, 'button', 'Add action', `clinician: plan with action for need ${need}`);
    }

    /** From the case page (the clock reads 1 June 2026): a plan, two needs, their actions. */
    async function planWithActions(c: Page) {
      assert.match(await c.locator('#plan').innerText(), /Intervention plan/);
      await press(c, 'link', 'Go to the intervention plan', 'clinician: no plan yet');
      await press(c, 'button', 'Start the plan', 'clinician: start the plan');
      // The review date's example is a future date from the clock (1 June 2026), a month on.
      assert.equal(
        await c
          .getByRole('group', { name: /review/i })
          .locator('.govuk-hint')
          .innerText(),
        'For example, 1 7 2026',
      );
      await press(c, 'button', 'Start the plan', 'clinician: start the plan with errors');
      assert.match(await c.title(), /^Error:/);
      await fillDate(c, ['1', '9', '2026']);
      await press(c, 'button', 'Start the plan', 'clinician: plan started');

      await press(c, 'button', 'Add a need', 'clinician: add a need');
      await c.getByLabel('Access to services').check();
      await c.getByLabel('Describe the need').fill(NEED);
      await press(c, 'button', 'Add need', 'clinician: plan with one need');
      await addPlanAction(c, 1, {
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
      await addPlanAction(c, 2, {
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
      await checkPage(c, 'clinician: update the second action');
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
    }

    /** From the case page: a contact with the person's GP, first with a mistake. */
    async function liaisonWithTheGp(c: Page) {
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
    }

    /**
     * From the case page: a MAPPA meeting with its attendees and an agreed action, which goes
     * into the plan made earlier.
     */
    async function mappaMeetingIntoThePlan(c: Page) {
      await recordMappaMeeting(c, 'clinician', {
        date: ['29', '5', '2026'],
        contribution: CONTRIBUTION,
        heading: /MAPPA meeting – 29 May 2026/,
      });

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

      await addAgreedAction(c, 'clinician', {
        action: ACTION,
        owner: 'VSS nurse',
        due: ['15', '6', '2026'],
      });
      assert.match(await c.locator('main').innerText(), /15 June 2026/);

      // The agreed action becomes a plan action under the first need.
      await c.getByRole('button', { name: /^Add to plan/ }).click();
      await c.waitForLoadState();
      await checkPage(c, 'clinician: add the agreed action to the plan');
      await click(c, 'button', 'Add to plan', 'clinician: add to plan with errors');
      assert.match(await c.title(), /^Error:/);
      assert.match(
        await c.locator('.govuk-error-summary').innerText(),
        /Select the need this action serves/,
      );
      await c.getByLabel(`Access to services: ${NEED}`).check();
      await c
        .getByRole('group', { name: 'Kind of service' })
        .getByLabel('Mental health', { exact: true })
        .check();
      await c.getByLabel('Agency responsible').fill('Community mental health team');
      await click(c, 'button', 'Add to plan', 'clinician: agreed action in the plan');
      assert.match(await c.locator('tr', { hasText: 'CANARY-ACTION' }).innerText(), /In the plan/);
      assert.equal(await c.getByRole('button', { name: /^Add to plan/ }).count(), 0);
      await click(c, 'link', 'Back', 'clinician: meetings');
    }

    /** Advice for the case officer: a communication strategy, first with a missing answer. */
    async function communicationStrategy(c: Page, caseId: string) {
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
    }

    /** A week later: the GP action is overdue; the plan review keeps version 1 as it was. */
    async function planAWeekLater(later: Page, caseId: string) {
      await visit(later, `/cases/${caseId}/section/plan`, 'clinician: case a week later');
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
      // The meeting's action is in the plan, due on 15 June: not overdue.
      const fromMeeting = later.locator('.govuk-summary-card', { hasText: 'CANARY-ACTION' });
      assert.match(await fromMeeting.innerText(), /Community mental health team/);
      assert.equal(await fromMeeting.locator('.govuk-tag--red').count(), 0);

      await press(later, 'button', 'Review the plan', 'clinician: review the plan');
      await later
        .getByLabel('What progressed since the last review?')
        .fill('GP registration form sent.');
      await later
        .getByLabel('What changed in the plan?')
        .fill('Nothing changed; football to be tried again in autumn.');
      await fillDate(later, ['1', '12', '2026']);
      await press(later, 'button', 'Save review', 'clinician: plan reviewed');
      const reviewed = await later.locator('main').innerText();
      assert.match(reviewed, /Review of version 1/);
      assert.match(reviewed, /GP registration form sent/);
      await press(later, 'link', 'Version 1', 'clinician: plan version 1, frozen');
      assert.match(await later.locator('main').innerText(), /cannot be changed/);
      assert.equal(await later.getByRole('link', { name: /^Update/ }).count(), 0);
    }

    /** The clinician reviews the signed-off formulation: one factor and one summary field change. */
    async function reviewTheFormulation(later: Page, caseId: string) {
      await visit(later, `/cases/${caseId}/formulation`, 'clinician: signed-off formulation');
      await click(later, 'button', 'Review the formulation', 'clinician: review task list');
      await click(later, 'link', 'Substance use', 'clinician: review substance use');
      await later
        .getByRole('group', { name: 'Presence of Harmful alcohol use' })
        .getByLabel('Partially present')
        .check();
      await later
        .getByRole('textbox', { name: 'Evidence for Harmful alcohol use' })
        .fill('Drinks most evenings');
      await click(
        later,
        'button',
        'Save and return to the formulation',
        'clinician: substance use changed',
      );
      await click(later, 'link', 'Summary', 'clinician: review summary');
      await later.getByLabel('Diagnosable mental illness').check();
      await click(
        later,
        'button',
        'Save and return to the formulation',
        'clinician: summary changed',
      );

      // What changed since the signed-off version, factor by factor, and why.
      await click(later, 'link', 'What changed and why', 'clinician: what changed');
      const changes = await later.locator('table').innerText();
      assert.match(changes, /Harmful alcohol use – presence/);
      assert.match(changes, /Partially present/);
      assert.match(changes, /Primary vulnerability/);
      assert.match(changes, /Diagnosable mental illness/);
      await click(later, 'button', 'Save and continue', 'clinician: reason missing');
      assert.match(await later.title(), /^Error:/);
      await later
        .getByLabel(/What changed for the person/)
        .fill('Drinking more; psychiatric diagnosis made.');
      await click(later, 'button', 'Save and continue', 'clinician: check the review');
      await click(later, 'button', 'Submit for sign-off', 'clinician: review submitted');
      assert.match(await later.locator('main').innerText(), /waiting for sign-off/i);
    }

    /** The case officer: the strategy on their request, nothing else of this journey. */
    async function officerSeesOnlyTheStrategy(o: Page, caseId: string) {
      await visit(o, `/requests/${caseId}`, 'case officer: the request');
      const text = await o.locator('main').innerText();
      assert.match(text, /Communication strategy/);
      assert.ok(text.includes(APPROACH));
      assert.match(text, /Phone calls without warning/);
      assert.doesNotMatch(await o.locator('body').innerText(), /[Ff]ormulation/);
      const html = await o.content();
      for (const secret of [
        'CANARY',
        'Register with a GP',
        'Intervention plan',
        'Ladywood',
        'MAPPA',
        'Liaison',
        'liaison',
        'Probation',
      ]) {
        assert.ok(!html.includes(secret), `the officer's page shows ${secret}`);
      }
      await visit(o, '/requests', 'case officer: your requests');
      assert.ok(!(await o.content()).includes('CANARY'));
      for (const [path, name] of [
        [`/cases/${caseId}/formulation`, 'formulation'],
        [`/cases/${caseId}/plan`, 'plan'],
        [`/cases/${caseId}/liaison`, 'liaison'],
        [`/cases/${caseId}/meetings`, 'meetings'],
      ] as const) {
        const refused = await o.goto(path);
        assert.equal(refused?.status(), 403, path);
        await checkPage(o, `case officer: ${name} refused`);
        assert.ok(!(await o.content()).includes('CANARY'), path);
      }
    }

    it('a senior clinician records, submits and cannot sign off their own formulation; the hub lead signs it off; plan, liaison, MAPPA meeting; the clinician reviews it and sees what changed', async () => {
      const { clock } = run.server;
      const { officer, clinician, lead, caseId, reference } = await allocatedCase(run, {
        clinicianRoles: ['clinician', 'senior_clinician'],
        clinicianName: CLINICIAN,
        leadName: 'Hub Lead',
      });

      // The formulation, from the case page; the author's own sign-off is refused.
      const c = await signIn(clinician, 'clinician');
      assert.match(await c.locator('main').innerText(), /Formulations to sign off/);
      await visit(c, `/cases/${caseId}/section/assessment`, 'clinician: case page');
      await writeAndSubmitFormulation(c);
      await ownSignOffRefused(c, reference);

      // The hub lead signs it off from their list.
      const l = await signIn(lead, 'hub lead');
      await click(l, 'link', 'Formulations to sign off', 'hub lead: formulations to sign off');
      await click(l, 'link', reference, 'hub lead: sign off version 1');
      assert.match(await l.locator('main').innerText(), /CANARY-FORMULATION/);
      await click(l, 'button', 'Sign off the formulation', 'hub lead: signed off');
      assert.match(await l.locator('main').innerText(), /Formulation signed off/);

      // The plan, liaison, a MAPPA meeting and advice for the officer, all from the case page.
      const assessment = `/cases/${caseId}/section/assessment`;
      await visit(c, assessment, 'clinician: case, formulation signed off');
      assert.match(await c.locator('main').innerText(), /Signed off/);
      await visit(c, `/cases/${caseId}/section/plan`, 'clinician: case plan section');
      await planWithActions(c);
      const liaison = `/cases/${caseId}/section/liaison-and-meetings`;
      await visit(c, liaison, 'clinician: case with a plan');
      await liaisonWithTheGp(c);
      await click(c, 'link', 'Back', 'clinician: case after liaison');
      await mappaMeetingIntoThePlan(c);
      await communicationStrategy(c, caseId);

      // A week later (London time): the plan's overdue action and its review.
      clock.set(new Date('2026-06-08T08:00:00Z'));
      const later = await signIn(clinician, 'clinician a week later');
      await planAWeekLater(later, caseId);

      // The hub lead's Due and overdue list shows the overdue action.
      const l2 = await signIn(lead, 'hub lead a week later');
      await press(l2, 'link', 'Due and overdue', 'hub lead: due and overdue');
      const row = l2.locator('tr', { hasText: 'Register with a GP' });
      assert.match(await row.innerText(), new RegExp(reference));
      assert.match(await row.locator('.govuk-tag').innerText(), /Overdue/);
      await press(l2, 'link', 'My cases', 'hub lead: due and overdue, own cases');

      // The clinician reviews the formulation; the hub lead signs off the review.
      await reviewTheFormulation(later, caseId);
      await visit(l2, '/formulations', 'hub lead: the review to sign off');
      await click(l2, 'link', reference, 'hub lead: sign off the review');
      const decide = await l2.locator('main').innerText();
      assert.match(decide, /Drinking more; psychiatric diagnosis made/);
      assert.match(decide, /Harmful alcohol use – presence/);
      await click(l2, 'button', 'Sign off the formulation', 'hub lead: review signed off');

      // Both versions stay readable; version 2 says what changed since version 1.
      await visit(later, `/cases/${caseId}/formulation/versions`, 'clinician: versions');
      await click(later, 'link', 'Version 2', 'clinician: version 2');
      const v2 = await later.locator('main').innerText();
      assert.match(v2, /Partially present/);
      assert.match(v2, /Harmful alcohol use – presence/);

      const o = await signIn(officer, 'case officer');
      await officerSeesOnlyTheStrategy(o, caseId);
    });

    it('an agreed action of a case with no plan yet: the page says to start the plan first', async () => {
      const { clinician, caseId } = await allocatedCase(run);
      const who = 'clinician, no plan';
      const c = await signIn(clinician, who);
      await visit(c, `/cases/${caseId}/section/liaison-and-meetings`, `${who}: case`);
      await recordMappaMeeting(c, who, {
        date: ['30', '5', '2026'],
        contribution: CONTRIBUTION,
        heading: /MAPPA meeting – 30 May 2026/,
      });
      await addAgreedAction(c, who, {
        action: ACTION,
        owner: 'VSS nurse',
        due: ['15', '6', '2026'],
      });
      await c.getByRole('button', { name: /^Add to plan/ }).click();
      await c.waitForLoadState();
      await checkPage(c, `${who}: add to plan without a plan`);
      assert.match(await c.locator('main').innerText(), /no intervention plan yet/);
      assert.equal(await c.getByRole('link', { name: 'Start the intervention plan' }).count(), 1);
      await click(c, 'link', 'Back', `${who}: meeting again`);
      await click(c, 'link', 'Back', `${who}: meetings`);
    });
  },
);
