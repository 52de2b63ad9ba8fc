import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { createUser, type TestUser } from '../support/auth.ts';
import { totpCode } from '../../src/features/auth/totp.ts';
import {
  browserAvailable,
  checkPage,
  startBrowserRun,
  visit,
  type BrowserRun,
} from './support/browser.ts';

/** Signs in through the real pages: email and password, then the authenticator code. */
async function signInThroughPages(run: BrowserRun, page: Page, user: TestUser): Promise<void> {
  await visit(page, '/sign-in', 'sign in');
  await page.getByLabel('Email address').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Continue' }).click();
  await checkPage(page, 'security code');
  await page.locator('#code').fill(totpCode(user.totpSecret, run.server.clock.now()));
  await page.getByRole('button', { name: 'Continue' }).click();
  await checkPage(page, 'home');
  assert.equal(new URL(page.url()).pathname, '/home', 'signed in');
}

/** Clicks "Save and continue" and checks the page it leads to. */
async function saveAndContinue(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await checkPage(page, name);
}

describe(
  'a case officer requests VSS support in a real browser',
  { skip: !browserAvailable() },
  () => {
    let run: BrowserRun;
    let officer: TestUser;
    // One officer, signed in once for both journeys (a security code is accepted only once).
    let page: Page;
    before(async () => {
      run = await startBrowserRun();
      page = await run.newPage();
      officer = await createUser(run.server.database.db, {
        roles: ['case_officer'],
        hubCodes: ['WM'],
      });
    });
    after(async () => {
      await run?.close();
    });

    it('completes the whole journey, every page axe clean', async () => {
      await signInThroughPages(run, page, officer);

      await page.getByRole('link', { name: 'Guidance for case officers' }).click();
      await checkPage(page, 'guidance');
      assert.equal(await page.locator('h1').textContent(), 'Guidance for case officers');

      await visit(page, '/requests', 'your requests (empty)');
      await page.getByRole('button', { name: 'Request VSS support' }).click();
      await checkPage(page, 'task list (new)');
      assert.equal(await page.locator('h1').textContent(), 'Request VSS support');

      // About the person, first with a mistake: the error summary, then corrected.
      await page.getByRole('link', { name: 'About the person' }).click();
      await checkPage(page, 'about the person');
      await page.getByLabel('First name').fill('Synthia');
      await page.getByLabel('Last name').fill('Browserton');
      await page.getByLabel('Day').first().fill('30');
      await page.getByLabel('Month').first().fill('2');
      await page.getByLabel('Year').first().fill('1998');
      await page.getByLabel('Female', { exact: true }).check();
      // Ethnic group, postcode district and first language may be not known (no fixed
      // address): "Not known" is chosen to begin with, and the two boxes may stay empty.
      assert.equal(await page.getByLabel('Ethnic group').inputValue(), 'not_known');
      await saveAndContinue(page, 'about the person (errors)');
      assert.match(await page.title(), /^Error: /);
      assert.deepEqual(await page.locator('.govuk-error-summary__list a').allInnerTexts(), [
        'Date of birth must be a real date',
      ]);
      await page.getByRole('link', { name: 'Date of birth must be a real date' }).click();
      await page.getByLabel('Day').first().fill('28');
      await saveAndContinue(page, 'task list (1 of 5)');
      assert.match((await page.locator('main').textContent()) ?? '', /completed 1 of 5/);

      await page.getByRole('link', { name: 'Prevent references' }).click();
      await checkPage(page, 'prevent references');
      await page.getByLabel('PCMT reference').fill('PCMT-B-1');
      await page.getByLabel('Police-led case management').check();
      await page.getByLabel('Day').fill('1');
      await page.getByLabel('Month').fill('5');
      await page.getByLabel('Year').fill('2026');
      await saveAndContinue(page, 'task list (2 of 5)');

      await page.getByRole('link', { name: 'Referral', exact: true }).click();
      await checkPage(page, 'referral');
      await page.getByLabel('Referral sector').selectOption('education');
      await page.getByLabel('Conflicted').check();
      await saveAndContinue(page, 'task list (3 of 5)');

      await page.getByRole('link', { name: 'Concerns and support' }).click();
      await checkPage(page, 'concerns and support');
      await page
        .getByLabel('What mental health or wellbeing concerns have you seen?')
        .fill('Withdrawn, not sleeping.');
      await page.getByLabel('Why are you requesting VSS support?').fill('Advice on how to engage.');
      await saveAndContinue(page, 'task list (4 of 5)');

      await page.getByRole('link', { name: 'Urgency and awareness' }).click();
      await checkPage(page, 'urgency and awareness');
      await page
        .getByRole('group', { name: 'Does the person know about this request?' })
        .getByLabel('Yes')
        .check();
      // "Why is it urgent?" is a conditional reveal under "Urgent": hidden for routine, and a
      // reason typed there is not kept when the request is routine after all.
      const reason = page.getByRole('textbox', { name: 'Why is it urgent?' });
      assert.equal(await reason.count(), 0);
      await page.getByLabel('Urgent', { exact: true }).check();
      await reason.fill('CANARY-NOT-URGENT');
      await page.getByLabel('Routine', { exact: true }).check();
      assert.equal(await reason.count(), 0);
      await saveAndContinue(page, 'task list (routine)');
      await page.getByRole('link', { name: 'Urgency and awareness' }).click();
      await checkPage(page, 'urgency and awareness again');
      await page.getByLabel('Urgent', { exact: true }).check();
      assert.equal(await reason.inputValue(), '', 'the hidden reason was not saved');
      await page.getByLabel('Urgent', { exact: true }).check();
      await saveAndContinue(page, 'urgency (error)');
      await page.getByRole('link', { name: 'Enter why this request is urgent' }).click();
      await reason.fill('Appointment next week.');
      await saveAndContinue(page, 'task list (complete)');

      await page.getByRole('button', { name: 'Check your answers' }).click();
      await checkPage(page, 'check your answers');
      const answers = await page.locator('main').innerText();
      assert.match(answers, /Synthia/);
      assert.match(answers, /Ethnic group\s+Not known/);
      assert.match(answers, /Postcode district\s+Not known/);
      assert.match(answers, /First language\s+Not known/);

      await page.getByRole('button', { name: 'Send request' }).click();
      await checkPage(page, 'request sent');
      assert.match((await page.locator('.govuk-panel').textContent()) ?? '', /WM-2026-0001/);

      await page.getByRole('link', { name: 'View this request' }).click();
      await checkPage(page, 'request page');
      assert.match((await page.locator('h1').textContent()) ?? '', /WM-2026-0001/);

      await page.getByRole('link', { name: 'Back', exact: true }).click();
      await checkPage(page, 'your requests');
      assert.match((await page.locator('main').textContent()) ?? '', /Awaiting triage/);
    });

    it('a re-referral by the same officer offers to link the earlier request, axe clean', async () => {
      await visit(page, '/requests/new', 'start a request');
      await page.getByRole('button', { name: 'Start now' }).click();
      await checkPage(page, 'task list (second request)');
      await page.getByRole('link', { name: 'About the person' }).click();
      await page.getByLabel('First name').fill('Synthea');
      await page.getByLabel('Last name').fill('Browserton');
      await page.getByLabel('Day').first().fill('28');
      await page.getByLabel('Month').first().fill('2');
      await page.getByLabel('Year').first().fill('1998');
      await page.getByLabel('Female', { exact: true }).check();
      await page.getByLabel('Ethnic group').selectOption('not_stated');
      await page.getByLabel('Postcode district').fill('B15');
      await page.getByLabel('First language').fill('English');
      await saveAndContinue(page, 'possible match');
      await page.getByLabel('Yes, the person in WM-2026-0001').check();
      await page.getByRole('button', { name: 'Continue' }).click();
      await checkPage(page, 'task list after linking');
      await visit(page, '/requests', 'your requests with a draft');
      assert.match((await page.locator('main').textContent()) ?? '', /Requests you have not sent/);
    });
  },
);
