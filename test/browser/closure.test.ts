import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { createUser, type TestUser } from '../support/auth.ts';
import { insertCase } from '../support/journey.ts';
import {
  browserAvailable,
  checkPage,
  savedBanner,
  startBrowserRun,
  visit,
  type BrowserRun,
  signInWithPages,
} from './support/browser.ts';

const CLOSING_NOTES = 'CANARY-HEALTH closing notes for the hub only';

describe(
  'the case journey: advice, closure, approval, feedback',
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

    it('clinician advises and requests closure; hub lead approves; officer reads and answers', async () => {
      const db = run.server.database.db;
      const officer = await createUser(db, { roles: ['case_officer'], hubCodes: ['WM'] });
      const clinician = await createUser(db, { roles: ['clinician'], hubCodes: ['WM'] });
      const lead = await createUser(db, { roles: ['hub_lead'], hubCodes: ['WM'] });
      const { caseId, reference } = await insertCase(db, {
        hubCode: 'WM',
        requestedBy: officer.id,
        status: 'advice_only',
      });

      // The clinician gives advice and requests closure.
      const c = await signInAs(clinician, 'clinician');
      await visit(c, `/cases/${caseId}/advice`, 'clinician: advice in the case');
      await c.getByRole('button', { name: 'Give advice' }).click();
      await checkPage(c, 'clinician: give advice');
      await c.getByRole('button', { name: 'Give advice' }).click();
      await checkPage(c, 'clinician: give advice with errors');
      assert.match((await c.title()) ?? '', /^Error:/);
      await c.getByLabel('Title (optional)').fill('Talking with the person');
      await c
        .getByLabel('Advice', { exact: true })
        .fill('Use short written questions and allow time.');
      await c.getByLabel(/This advice contains no health information/).check();
      await c.getByRole('button', { name: 'Give advice' }).click();
      await checkPage(c, 'clinician: advice given');
      assert.match(await c.locator('main').innerText(), /Use short written questions/);

      await c.getByRole('button', { name: 'Request closure' }).click();
      await checkPage(c, 'clinician: request closure');
      await c.getByLabel('Advice given').check();
      await c
        .getByLabel('Summary for the case officer')
        .fill('Advice given on communication. No further VSS work.');
      await c.getByLabel(/This summary contains no health information/).check();
      await c.getByLabel('Closing notes').fill(CLOSING_NOTES);
      await c.getByRole('button', { name: 'Request closure' }).click();
      await checkPage(c, 'clinician: closure requested');
      // Back on Advice (this clinician may advise but has not opened the record), it says
      // so, and asking again is no longer offered.
      assert.equal(new URL(c.url()).pathname, `/cases/${caseId}/advice`);
      assert.equal(
        await savedBanner(c),
        'Closure requested. The hub lead has been asked to approve it.',
      );
      assert.equal(await c.getByRole('button', { name: 'Request closure' }).count(), 0);

      // The hub lead approves it from the queue.
      const l = await signInAs(lead, 'hub lead');
      await l.getByRole('link', { name: 'Closures to approve', exact: true }).click();
      await checkPage(l, 'hub lead: closures to approve');
      await l.getByRole('link', { name: reference }).click();
      await checkPage(l, 'hub lead: review closure');
      assert.match(await l.locator('main').innerText(), /CANARY-HEALTH/);
      await l.getByRole('button', { name: 'Approve closure' }).click();
      await checkPage(l, 'hub lead: closure approved');
      assert.match(await l.locator('main').innerText(), /Closure approved/);

      // The officer reads the advice and the summary and answers the question.
      const o = await signInAs(officer, 'case officer');
      await visit(o, `/requests/${caseId}/feedback`, 'case officer: closure of the request');
      const text = await o.locator('main').innerText();
      assert.match(text, /Use short written questions/);
      assert.match(text, /Advice given on communication/);
      assert.doesNotMatch(await o.content(), /CANARY-HEALTH/);
      await o.getByRole('button', { name: 'Send feedback' }).click();
      await checkPage(o, 'case officer: feedback with errors');
      await o.getByLabel(/4 – Very confident/).check();
      await o.getByLabel('Comment (optional)').fill('Clear and quick.');
      await o.getByRole('button', { name: 'Send feedback' }).click();
      await checkPage(o, 'case officer: feedback sent');
      assert.equal(await savedBanner(o), 'Thank you. Your answer has been sent to the hub.');
      assert.match(await o.locator('main').innerText(), /Your feedback/);
      assert.doesNotMatch(await o.content(), /CANARY-HEALTH/);
    });
  },
);
