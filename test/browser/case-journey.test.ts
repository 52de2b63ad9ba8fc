import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { createUser, type TestUser } from '../support/auth.ts';
import {
  browserAvailable,
  checkPage,
  savedBanner,
  startBrowserRun,
  visit,
  type BrowserRun,
  click,
  signInWithPages,
} from './support/browser.ts';

// Health content that must never reach the case officer's pages.
const TRIAGE_RATIONALE = 'CANARY-TRIAGE low mood since bereavement, assess in clinic';
const CONSENT_NOTE = 'CANARY-CONSENT agreed after talking with sister';
const CLOSING_NOTES = 'CANARY-CLOSING notes for the hub only';
const ADVICE = 'Keep meetings short and in the morning.';
const SUMMARY = 'Supported by the hub; no further VSS work.';
const NHS_NUMBER = '9434765919';

describe(
  'the whole case journey, one browser context per user',
  { skip: !browserAvailable() },
  () => {
    let run: BrowserRun;
    before(async () => {
      run = await startBrowserRun();
    });
    after(async () => {
      await run?.close();
    });

    /** Signs in through the real pages in a fresh browser context. */
    const signIn = (user: TestUser, who: string) => signInWithPages(run, user, who);

    /** The person section; a second request for the same person leads to the match question. */
    async function aboutThePerson(o: Page, label: string, next: string) {
      await click(o, 'link', 'About the person', `${label}: about the person`);
      await o.getByLabel('First name').fill('Jorney');
      await o.getByLabel('Last name').fill('Testperson');
      await o.getByLabel('NHS number (optional)').fill(NHS_NUMBER);
      await o.getByLabel('Day').first().fill('14');
      await o.getByLabel('Month').first().fill('3');
      await o.getByLabel('Year').first().fill('1990');
      await o.getByLabel('Male', { exact: true }).check();
      await o.getByLabel('Ethnic group').selectOption('not_stated');
      await o.getByLabel('Postcode district').fill('B15');
      await o.getByLabel('First language').fill('English');
      await click(o, 'button', 'Save and continue', `${label}: ${next}`);
    }

    /** The other four sections, check answers and send; returns the new case's id. */
    async function restOfRequest(o: Page, label: string): Promise<string> {
      await click(o, 'link', 'Prevent references', `${label}: prevent references`);
      await o.getByLabel('PCMT reference').fill('PCMT-J-1');
      await o.getByLabel('Police-led case management').check();
      await o.getByLabel('Day').fill('1');
      await o.getByLabel('Month').fill('5');
      await o.getByLabel('Year').fill('2026');
      await click(o, 'button', 'Save and continue', `${label}: task list (2 of 5)`);
      await click(o, 'link', 'Referral', `${label}: referral`);
      await o.getByLabel('Referral sector').selectOption('education');
      await o.getByLabel('Conflicted').check();
      await click(o, 'button', 'Save and continue', `${label}: task list (3 of 5)`);
      await click(o, 'link', 'Concerns and support', `${label}: concerns`);
      await o
        .getByLabel('What mental health or wellbeing concerns have you seen?')
        .fill('Withdrawn.');
      await o.getByLabel('Why are you requesting VSS support?').fill('Advice on engaging.');
      await click(o, 'button', 'Save and continue', `${label}: task list (4 of 5)`);
      await click(o, 'link', 'Urgency and awareness', `${label}: urgency`);
      await o
        .getByRole('group', { name: 'Does the person know about this request?' })
        .getByLabel('Yes')
        .check();
      await o.getByLabel('Routine', { exact: true }).check();
      await click(o, 'button', 'Save and continue', `${label}: task list (complete)`);
      await click(o, 'button', 'Check your answers', `${label}: check your answers`);
      await click(o, 'button', 'Send request', `${label}: request sent`);
      await click(o, 'link', 'View this request', `${label}: request page`);
      return new URL(o.url()).pathname.split('/')[2]!;
    }

    it('request, triage, allocation, consent, advice, closure, feedback, then a re-referral', async () => {
      const { database, clock } = run.server;
      const db = database.db;
      const officerUser = await createUser(db, { roles: ['case_officer'], hubCodes: ['WM'] });
      const clinicianUser = await createUser(db, {
        roles: ['clinician'],
        hubCodes: ['WM'],
        name: 'Clin Journey',
      });
      const leadUser = await createUser(db, { roles: ['hub_lead'], hubCodes: ['WM'] });
      // Time moves on a little between steps (well within the idle timeout) to order the timeline.
      const step = () => clock.advance(60_000);

      // 1. The case officer requests support for a new person.
      const o = await signIn(officerUser, 'officer');
      await visit(o, '/requests', 'officer: your requests');
      await click(o, 'button', 'Request VSS support', 'officer: task list');
      await aboutThePerson(o, 'first', 'task list (1 of 5)');
      const caseId = await restOfRequest(o, 'first');
      const reference = ((await o.locator('h1').textContent()) ?? '').trim();
      assert.match(reference, /^WM-2026-\d{4}$/);

      // 2. A clinician triages and accepts.
      step();
      const c = await signIn(clinicianUser, 'clinician');
      await click(c, 'link', 'Triage queue', 'clinician: triage queue');
      await click(c, 'link', reference, 'clinician: triage decision');
      await c.getByRole('radio', { name: 'Accept for assessment' }).check();
      await c.getByLabel('Rationale').fill(TRIAGE_RATIONALE);
      await click(c, 'button', 'Record triage decision', 'clinician: triage decided');

      // 3. The hub lead allocates.
      step();
      const l = await signIn(leadUser, 'hub lead');
      await visit(l, '/cases?tab=unallocated', 'hub lead: unallocated');
      await click(l, 'link', reference, 'hub lead: case');
      await l.locator(`a[href="/cases/${caseId}/allocation"]`).click();
      await l.waitForURL(`**/cases/${caseId}/allocation`);
      await checkPage(l, 'hub lead: allocation');
      await l.getByRole('radio', { name: 'Clin Journey' }).check();
      await click(l, 'button', 'Save allocation', 'hub lead: case allocated');

      // 4. The clinician records consent (with a note) and gives advice from the case page.
      step();
      await visit(c, `/cases/${caseId}/section/assessment`, 'clinician: case assessment');
      await click(c, 'button', 'Record consent', 'clinician: consent');
      await c.getByRole('radio', { name: 'Given' }).check();
      // Only the chosen answer's follow-ups are shown (role queries skip hidden copies).
      await c.getByRole('radio', { name: 'Verbal' }).check();
      await c.getByRole('textbox', { name: 'Day' }).fill('1');
      await c.getByRole('textbox', { name: 'Month' }).fill('6');
      await c.getByRole('textbox', { name: 'Year' }).fill('2026');
      await c.getByRole('textbox', { name: 'Time of the decision' }).fill('08:00');
      await c.getByLabel('Note (optional)').fill(CONSENT_NOTE);
      await click(c, 'button', 'Save consent', 'clinician: case after consent');
      step();
      // Advice to the officer is in the Disclosures section (issue 13).
      await visit(c, `/cases/${caseId}/section/disclosures`, 'clinician: case disclosures');
      await click(c, 'button', 'Give advice', 'clinician: give advice');
      await c.getByLabel('Advice', { exact: true }).fill(ADVICE);
      await c.getByLabel(/This advice contains no health information/).check();
      await click(c, 'button', 'Give advice', 'clinician: advice given');
      await visit(c, `/cases/${caseId}/section/disclosures`, 'clinician: case with advice');
      assert.match(await c.locator('main').innerText(), new RegExp(ADVICE));
      await visit(c, `/cases/${caseId}/section/timeline`, 'clinician: timeline with advice');
      const withAdvice = await c.locator('main').innerText();
      assert.match(withAdvice, /Advice given to the case officer/, 'advice on the timeline');

      // 5. The officer sees the advice and none of the triage rationale or consent detail.
      step();
      await visit(o, '/requests', 'officer: your requests after advice');
      await click(o, 'link', reference, 'officer: request with advice');
      assert.match(await o.locator('main').innerText(), new RegExp(ADVICE));
      assert.ok(await o.getByRole('link', { name: 'Add a police update' }).isVisible());
      // A double click sends the form twice: both land where the first did, with its banner,
      // and one update is made (never the "changed since you opened it" page).
      await click(o, 'link', 'Add a police update', 'officer: add a police update');
      await o.getByLabel('Update').fill('He has moved to a new address.');
      const landed = await o.evaluate<string[]>(`(async () => {
        const form = document.querySelector('main form');
        const send = () => fetch(form.action, { method: 'POST', body: new URLSearchParams(new FormData(form)) });
        const answers = await Promise.all([send(), send()]);
        return answers.map((a) => a.status + ' ' + new URL(a.url).pathname + new URL(a.url).search);
      })()`);
      assert.equal(landed[0], landed[1], 'both submissions land in the same place');
      assert.match(landed[0]!, new RegExp(`^200 /requests/${caseId}\\?done=`));
      await visit(o, landed[0]!.slice(4), 'officer: request after a double-sent update');
      assert.equal(await savedBanner(o), 'Update added. The hub’s clinicians can read it now.');
      const updates = await db
        .selectFrom('police_updates')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('case_id', '=', caseId)
        .executeTakeFirstOrThrow();
      assert.equal(Number(updates.n), 1, 'one update made by the two submissions');
      const officerHtml = await o.content();
      for (const secret of [TRIAGE_RATIONALE, CONSENT_NOTE, 'CANARY-']) {
        assert.ok(!officerHtml.includes(secret), `the officer's page leaks ${secret}`);
      }

      // 6. The clinician requests closure from the case page.
      step();
      await visit(c, `/cases/${caseId}`, 'clinician: case before closure');
      await click(c, 'button', 'Request closure', 'clinician: request closure');
      await c.getByLabel('Supported by VSS then discharged').check();
      await c.getByLabel('Summary for the case officer').fill(SUMMARY);
      await c.getByLabel(/This summary contains no health information/).check();
      await c.getByLabel('Closing notes').fill(CLOSING_NOTES);
      await click(c, 'button', 'Request closure', 'clinician: closure requested');
      // The allocated clinician is back on the case, which says so and offers no second request.
      assert.equal(new URL(c.url()).pathname, `/cases/${caseId}`);
      assert.equal(
        await savedBanner(c),
        'Closure requested. The hub lead has been asked to approve it.',
      );
      assert.match(await c.locator('main').innerText(), /waiting for the hub lead's approval/);
      assert.equal(await c.getByRole('button', { name: 'Request closure' }).count(), 0);

      // 7. The hub lead approves.
      step();
      await visit(l, '/home', 'hub lead: home again');
      await click(l, 'link', 'Closures to approve', 'hub lead: closures to approve');
      await click(l, 'link', reference, 'hub lead: review closure');
      await click(l, 'button', 'Approve closure', 'hub lead: closure approved');
      await visit(l, `/cases/${caseId}/section/timeline`, 'hub lead: closed case');
      const closedCase = await l.locator('.moj-timeline').innerText();
      assert.match(closedCase, /Case closed/);
      assert.match(closedCase, /Closure requested/);

      // 8. The officer reads the closure summary and answers the feedback question.
      step();
      await visit(o, `/requests/${caseId}`, 'officer: closed request');
      const closedText = await o.locator('main').innerText();
      assert.match(closedText, new RegExp(SUMMARY));
      assert.match(closedText, /Supported by VSS then discharged/);
      assert.equal(await o.getByRole('link', { name: 'Add a police update' }).count(), 0);
      assert.ok(!(await o.content()).includes('CANARY-'), 'no health content after closure');
      // The call to action is a button (a link styled as one), not a plain link.
      await click(o, 'button', 'Answer the feedback question', 'officer: feedback');
      await o.getByLabel(/4 – Very confident/).check();
      await click(o, 'button', 'Send feedback', 'officer: feedback sent');
      await visit(o, `/requests/${caseId}`, 'officer: request after feedback');
      assert.equal(
        await o.getByRole('button', { name: 'Answer the feedback question' }).count(),
        0,
      );

      // 9. A second request for the same person (same NHS number) is linked as a re-referral.
      step();
      await visit(o, '/requests/new', 'second: start');
      await click(o, 'button', 'Start now', 'second: task list');
      await aboutThePerson(o, 'second', 'possible match');
      await o.getByLabel(`Yes, the person in ${reference}`).check();
      await click(o, 'button', 'Continue', 'second: task list after linking');
      const secondId = await restOfRequest(o, 'second');
      assert.notEqual(secondId, caseId);
      assert.match(await o.locator('main').innerText(), /Yes, the person had an earlier request/);
      const [first, second] = await Promise.all(
        [caseId, secondId].map((id) =>
          db
            .selectFrom('cases')
            .select(['person_id', 'previous_case_id'])
            .where('id', '=', id)
            .executeTakeFirstOrThrow(),
        ),
      );
      assert.equal(second!.previous_case_id, caseId);
      assert.equal(second!.person_id, first!.person_id, 'the same person record');
    });
  },
);
