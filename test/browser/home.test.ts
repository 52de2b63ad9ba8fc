import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { Role } from '../../src/domain/roles.ts';
import { createUser } from '../support/auth.ts';
import { submittedCase } from '../support/cases.ts';
import {
  browserAvailable,
  checkPage,
  signInWithPages,
  startBrowserRun,
  type BrowserRun,
} from './support/browser.ts';

/** Each role's service navigation, in order (src/features/home/navigation.ts). */
const EXPECTED: [Role, string[]][] = [
  ['clinician', ['Home', 'My cases', 'My week', 'Triage', 'Search']],
  ['hub_lead', ['Home', 'My cases', 'My week', 'Triage', 'To allocate', 'Approvals', 'Search']],
  ['senior_clinician', ['Home', 'Approvals']],
  ['case_officer', ['Home', 'My requests', 'New request', 'Released to you', 'Search']],
  ['police_lead', ['Home', 'Hub requests', 'Released to you', 'Search']],
  [
    'ig_officer',
    [
      'Home',
      'Audit log',
      'Access reasons',
      'Disclosure register',
      'Retention',
      'Subject access',
      'Search',
    ],
  ],
  ['analyst', ['Home', 'Statistics']],
  ['admin', ['Home', 'Users', 'Hubs', 'API clients']],
];

const navigation = (page: Page) => page.locator('.govuk-service-navigation__list');
const navTexts = async (page: Page) =>
  (await navigation(page).locator('a').allInnerTexts()).map((t) => t.trim());
const activeText = async (page: Page) =>
  (await navigation(page).locator('.govuk-service-navigation__item--active').innerText()).trim();

describe('home pages and navigation in a real browser', { skip: !browserAvailable() }, () => {
  let run: BrowserRun;
  before(async () => {
    run = await startBrowserRun();
    const { database, clock } = run.server;
    // Something waiting: a request to triage and a case to allocate in WM.
    const first = await submittedCase(database, clock);
    const accepted = await submittedCase(database, clock);
    await database.db
      .updateTable('cases')
      .set({ status: 'awaiting_allocation' })
      .where('id', '=', accepted.caseId)
      .execute();
    // The admin's user list shows emails: the test officers' are random ids, which it must not.
    for (const [i, id] of [accepted.officerId, first.officerId].entries()) {
      await database.db
        .updateTable('users')
        .set({ email: `officer-${i + 1}@police.example` })
        .where('id', '=', id)
        .execute();
    }
  });
  after(async () => {
    await run?.close();
  });

  for (const [role, expected] of EXPECTED) {
    it(`${role}: home says what waits, each navigation item opens its page`, async () => {
      const user = await createUser(run.server.database.db, {
        roles: [role],
        hubCodes: ['analyst', 'ig_officer', 'admin'].includes(role) ? [] : ['WM'],
      });
      const page = await signInWithPages(run, user, role);
      assert.equal(await page.locator('h1').innerText(), 'Your work');
      assert.equal(await page.locator('.govuk-caption-l').innerText(), user.name);
      assert.deepEqual(await navTexts(page), expected);
      assert.equal(await activeText(page), 'Home');
      // Every item opens a page that passes axe and the content style check, and is current.
      for (const text of expected.slice(1)) {
        await navigation(page).getByRole('link', { name: text, exact: true }).click();
        await page.waitForLoadState();
        await checkPage(page, `${role}: ${text}`);
        assert.equal(await activeText(page), text, `${text} is the current section`);
      }
    });
  }

  it('the hub lead reaches the waiting lists with the keyboard only', async () => {
    const lead = await createUser(run.server.database.db, {
      roles: ['hub_lead'],
      hubCodes: ['WM'],
    });
    const page = await signInWithPages(run, lead, 'hub lead keyboard');
    const waiting = page.locator('main ul').first().locator('a');
    assert.deepEqual(await waiting.allInnerTexts(), [
      'Urgent requests (0)',
      'Requests to triage (1)',
      'Cases to allocate (1)',
      'Approvals waiting (0)',
      'Overdue actions and reviews (0)',
    ]);
    // Tab from the top of the page to "Cases to allocate (1)", then Enter.
    for (let presses = 0; presses < 60; presses += 1) {
      await page.keyboard.press('Tab');
      const text = await page.evaluate(
        'document.activeElement && document.activeElement.textContent',
      );
      if (String(text).trim() === 'Cases to allocate (1)') break;
    }
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await checkPage(page, 'hub lead keyboard: cases to allocate');
    assert.match(page.url(), /\/cases\?tab=unallocated$/);
    assert.equal(await activeText(page), 'To allocate');
    // And on to the approvals page through the navigation.
    await navigation(page).getByRole('link', { name: 'Approvals', exact: true }).focus();
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await checkPage(page, 'hub lead keyboard: approvals');
    assert.equal(await page.locator('h1').innerText(), 'Approvals');
    assert.match(await page.locator('main').innerText(), /No closures are waiting/);
  });
});
