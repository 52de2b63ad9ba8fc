import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createUser } from '../support/auth.ts';
import { insertCase } from '../support/journey.ts';
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

describe('hubs and passing requests on, in a real browser', { skip: !browserAvailable() }, () => {
  let run: BrowserRun;
  before(async () => {
    run = await startBrowserRun();
  });
  after(async () => {
    await run?.close();
  });

  it('the admin adds a hub (after an error) and retires it; axe clean', async () => {
    const { database } = run.server;
    const admin = await createUser(database.db, { roles: ['admin'] });
    const page = await signInWithPages(run, admin, 'admin');
    await visit(page, '/admin/hubs', 'hubs');
    await click(page, 'button', 'Add a hub', 'add a hub');
    await page.getByLabel('Code').fill('SE');
    await page.getByLabel('Name').fill('South East');
    await page.getByLabel('Counter Terrorism Policing South East').check();
    await page.getByLabel('Kent Police').check();
    await page.getByLabel('West Mercia Police').check();
    await page.getByLabel('Live').check();
    await click(page, 'button', 'Add hub', 'add a hub: errors');
    const summary = await page.locator('.govuk-error-summary').innerText();
    assert.match(summary, /West Mercia Police is in Counter Terrorism Policing West Midlands/);
    // The answers are kept: untick the force in another region and send again.
    assert.ok(await page.getByLabel('Kent Police').isChecked());
    await page.getByLabel('West Mercia Police').uncheck();
    await click(page, 'button', 'Add hub', 'hubs: added');
    assert.equal(await savedBanner(page), 'Hub added.');
    assert.match(await page.locator('table').innerText(), /South East[\s\S]*Kent Police/);

    await page.getByRole('link', { name: 'Retire South East' }).click();
    await page.waitForLoadState();
    await checkPage(page, 'retire a hub');
    await click(page, 'button', 'Retire hub', 'retire a hub: not confirmed');
    assert.match(await page.locator('.govuk-error-summary').innerText(), /Confirm/);
    await page.getByLabel('I understand the hub will take no new requests').check();
    await click(page, 'button', 'Retire hub', 'hubs: retired');
    assert.match(await page.locator('table').innerText(), /Retired/);
  });

  it("a police lead passes a departing officer's requests to a colleague; axe clean", async () => {
    const { database } = run.server;
    const lead = await createUser(database.db, { roles: ['police_lead'], hubCodes: ['WM'] });
    const leaving = await createUser(database.db, {
      roles: ['case_officer'],
      hubCodes: ['WM'],
      name: 'Leaving Officer',
    });
    await createUser(database.db, {
      roles: ['case_officer'],
      hubCodes: ['WM'],
      name: 'Staying Officer',
    });
    const kase = await insertCase(database.db, { hubCode: 'WM', requestedBy: leaving.id });
    const page = await signInWithPages(run, lead, 'police lead');
    await click(page, 'link', "Pass a case officer's requests on", 'officers with requests');
    await click(page, 'link', 'Leaving Officer', 'pass requests on');
    assert.match(await page.locator('table').innerText(), new RegExp(kase.reference));
    await click(page, 'button', 'Pass the requests on', 'pass requests on: error');
    assert.match(await page.locator('.govuk-error-summary').innerText(), /Select the case officer/);
    await page.getByLabel('Staying Officer').check();
    await click(page, 'button', 'Pass the requests on', 'requests passed on');
    assert.match((await savedBanner(page)) ?? '', /Both officers have been told/);
  });
});
