import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { createDraft, saveSection } from '../../src/features/requests/drafts.ts';
import { smtpSender, type MailSender } from '../../src/features/notifications/mail.ts';
import { emailJob } from '../../src/features/notifications/outbox.ts';
import { runDueJobs, scheduleJobs, type ScheduledJob } from '../../src/jobs/runner.ts';
import { createUser, type TestUser } from '../support/auth.ts';
import { freePort } from '../support/oidc-provider.ts';
import { completeAnswers, hubId } from '../support/requests.ts';
import { startTestSmtp, type ReceivedMail, type TestSmtp } from '../support/smtp.ts';
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

/** A synthetic person whose details must never reach an email. */
const PERSON = { givenName: 'Ottoline', familyName: 'Quillfeather', dateOfBirth: '1987-09-23' };
const URGENT_REASON = 'Synthetic urgent reason: crisis team asked for advice today';
const CONCERNS = 'Synthetic concern: withdrawn and not sleeping';
const STEP = 5 * 60_000; // time moves on between steps, within the session idle timeout

const quiet = { info() {}, warn() {}, error() {} };

/** The header's "Notifications (n)" link (outside main: it is the header's own count). */
const headerCount = async (page: Page) =>
  (await page.locator('.cicero-signed-in a[href="/notifications"]').innerText()).trim();

/** The notification texts listed on /notifications, newest first. */
const listed = async (page: Page) =>
  (await page.locator('main .cicero-notification p.govuk-body').allInnerTexts()).map((s) =>
    s.trim(),
  );

describe(
  'notifications in the service and by email, in a real browser',
  {
    skip: !browserAvailable(),
  },
  () => {
    let run: BrowserRun;
    let smtp: TestSmtp;
    let outbox: ScheduledJob[];
    let sender: MailSender | undefined;
    let publicUrl: string;

    before(async () => {
      smtp = await startTestSmtp();
      const port = await freePort();
      publicUrl = `http://127.0.0.1:${port}`;
      // The app is started with SMTP settings pointing at the test's own mail server.
      run = await startBrowserRun({
        port,
        config: {
          mail: {
            host: '127.0.0.1',
            port: smtp.port,
            tls: 'none',
            user: undefined,
            password: undefined,
            from: 'Cicero <no-reply@cicero.test.example>',
            baseUrl: publicUrl,
          },
        },
      });
      const mail = run.server.config.mail;
      assert.ok(mail);
      sender = smtpSender(mail);
      outbox = [emailJob({ sender, baseUrl: mail.baseUrl })];
      await scheduleJobs(run.server.database, run.server.clock, outbox);
    });
    after(async () => {
      sender?.close();
      await run?.close();
      await smtp?.close();
    });

    /** One run of the email outbox job, as the job runner would start it. */
    async function deliverMail(): Promise<void> {
      const { database, clock } = run.server;
      clock.advance(60_000); // the job's interval (15 seconds) has passed
      assert.deepEqual(await runDueJobs({ database, clock, logger: quiet, jobs: outbox }), [
        'notifications.email',
      ]);
    }

    const mailTo = (user: TestUser) => smtp.received.filter((m) => m.to.includes(user.email));

    /** Nothing of the person, the case or the people in an email: only what kind of thing waits. */
    function assertNoPersonalData(mail: ReceivedMail, reference: string, names: string[]) {
      for (const forbidden of [
        PERSON.givenName,
        PERSON.familyName,
        PERSON.dateOfBirth,
        '23 September 1987',
        '23/09/1987',
        reference,
        'PCMT-1',
        URGENT_REASON,
        CONCERNS,
        ...names,
      ]) {
        assert.ok(!mail.raw.includes(forbidden), `an email holds "${forbidden}"`);
      }
    }

    it('an urgent request reaches the hub by email and in the service; allocation and an opening with a reason are told', async () => {
      const { database, clock } = run.server;
      const db = database.db;
      const officer = await createUser(db, { roles: ['case_officer'], hubCodes: ['WM'] });
      const alder = await createUser(db, {
        roles: ['clinician'],
        hubCodes: ['WM'],
        name: 'Clin Alder',
      });
      const birch = await createUser(db, {
        roles: ['clinician'],
        hubCodes: ['WM'],
        name: 'Clin Birch',
      });
      const lead = await createUser(db, {
        roles: ['hub_lead'],
        hubCodes: ['WM'],
        name: 'Lead Cedar',
      });
      const distant = await createUser(db, {
        roles: ['clinician'],
        hubCodes: ['NW'],
        name: 'Clin Distant',
      });
      const names = [officer, alder, birch, lead, distant].map((u) => u.name);

      // The officer's request is filled in already; the officer checks it and sends it.
      const answers = completeAnswers({
        person: { ...completeAnswers().person, ...PERSON },
        concerns: { ...completeAnswers().concerns, concernsSeen: CONCERNS },
        urgency: { personAware: 'yes', urgency: 'urgent', urgencyReason: URGENT_REASON },
      });
      const asOfficer = { userId: officer.id, hubIds: [await hubId(database, 'WM')] };
      const draftId = await createDraft(db, clock, asOfficer);
      for (const section of ['person', 'prevent', 'referral', 'concerns', 'urgency'] as const) {
        assert.ok(
          await saveSection(
            { db, clock },
            { officer: asOfficer, draftId, section, value: answers[section] },
          ),
        );
      }
      const police = await signInWithPages(run, officer, 'officer');
      await visit(police, `/requests/drafts/${draftId}/check-answers`, 'officer: check answers');
      await click(police, 'button', 'Send request', 'officer: request sent');
      const reference = ((await police.locator('main .govuk-panel').innerText()).match(
        /WM-\d{4}-\d{4}/,
      ) ?? [''])[0];
      assert.ok(reference, 'the panel gives the reference');
      const { id: caseId } = await db
        .selectFrom('cases')
        .select('id')
        .where('reference', '=', reference)
        .executeTakeFirstOrThrow();

      // Email: every clinician of the hub and the hub lead, at once; nobody else.
      await deliverMail();
      assert.deepEqual(
        smtp.received.flatMap((m) => m.to).sort(),
        [alder.email, birch.email, lead.email].sort(),
      );
      for (const mail of smtp.received) {
        assert.equal(mail.subject, 'Cicero: An urgent request is waiting for triage');
        assert.match(mail.text, new RegExp(`${publicUrl}/notifications/[0-9a-f-]{36}\\n`));
        assertNoPersonalData(mail, reference, names);
      }

      // In the service: the count in the header and the list, for each of them.
      clock.advance(STEP);
      const birchPage = await signInWithPages(run, birch, 'clinician outside the allocation');
      assert.equal(await headerCount(birchPage), 'Notifications (1)');
      await birchPage.locator('.cicero-signed-in a[href="/notifications"]').click();
      await birchPage.waitForURL('**/notifications');
      await checkPage(birchPage, 'second clinician: notifications');
      assert.deepEqual(await listed(birchPage), ['An urgent request is waiting for triage']);

      // The first clinician follows the link in the email, opens it and triages the request.
      clock.advance(STEP);
      const alderPage = await signInWithPages(run, alder, 'clinician');
      assert.equal(await headerCount(alderPage), 'Notifications (1)');
      const link = /(http:\S+\/notifications\/[0-9a-f-]{36})/.exec(mailTo(alder)[0]!.text)?.[1];
      assert.ok(link && link.startsWith(publicUrl), 'the email links to the service');
      await visit(alderPage, link, 'clinician: the notification from the email');
      assert.match(
        await alderPage.locator('main').innerText(),
        /An urgent request is waiting for triage/,
      );
      await click(alderPage, 'button', 'Open', 'clinician: triage decision');
      assert.equal(new URL(alderPage.url()).pathname, `/triage/${caseId}`);
      assert.equal(await headerCount(alderPage), 'Notifications (0)', 'opened: read');
      await alderPage.getByRole('radio', { name: 'Accept for assessment' }).check();
      await alderPage.locator('#rationale').fill('Urgent: needs an assessment this week.');
      await click(alderPage, 'button', 'Record triage decision', 'clinician: triage decided');
      assert.equal(new URL(alderPage.url()).pathname, `/triage/${caseId}/decided`);

      // The hub lead: told too; finds the case by the person's misspelt name in the header search.
      clock.advance(STEP);
      const leadPage = await signInWithPages(run, lead, 'hub lead');
      assert.equal(await headerCount(leadPage), 'Notifications (1)');
      await leadPage.locator('#header-search').fill('Otoline Quilfeather');
      await leadPage
        .locator('.cicero-header-search')
        .getByRole('button', { name: 'Search' })
        .click();
      await leadPage.waitForURL('**/search');
      await checkPage(leadPage, 'hub lead: search results');
      assert.ok(!leadPage.url().includes('Quil'), 'the terms are not in the address');
      await click(leadPage, 'link', reference, 'hub lead: case');
      assert.equal(new URL(leadPage.url()).pathname, `/cases/${caseId}`);
      await leadPage.locator(`main a[href="/cases/${caseId}/allocation"]`).first().click();
      await leadPage.waitForURL(`**/cases/${caseId}/allocation`);
      await checkPage(leadPage, 'hub lead: allocation');
      await leadPage.getByRole('radio', { name: 'Clin Alder' }).check();
      await click(leadPage, 'button', 'Save allocation', 'hub lead: case allocated');
      assert.equal(await savedBanner(leadPage), 'Case allocated');

      // The clinician is told of the allocation.
      clock.advance(STEP);
      await visit(alderPage, '/notifications', 'clinician: notifications after allocation');
      assert.equal(await headerCount(alderPage), 'Notifications (1)');
      assert.deepEqual(await listed(alderPage), [
        'A case has been allocated to you',
        'An urgent request is waiting for triage',
      ]);

      // The second clinician, outside the allocation, opens the case with a reason.
      clock.advance(STEP);
      await birchPage.goto(`/cases/${caseId}`);
      await birchPage.waitForURL(`**/cases/${caseId}/reason`);
      await checkPage(birchPage, 'second clinician: reason to open the case');
      await birchPage.locator('#reason').fill('Covering for a colleague on leave this week.');
      await click(birchPage, 'button', 'Open the case', 'second clinician: the case');
      assert.equal(new URL(birchPage.url()).pathname, `/cases/${caseId}`);

      // The allocated clinician (and the hub lead) are told; the second clinician is not.
      clock.advance(STEP);
      await visit(alderPage, '/notifications', 'clinician: told of the opening');
      const told = 'Someone outside the allocation opened one of your cases with a recorded reason';
      assert.equal((await listed(alderPage))[0], told);
      assert.equal(await headerCount(alderPage), 'Notifications (2)');
      // The newest first: its Open button leads to the case.
      await alderPage
        .locator('main .cicero-notification')
        .first()
        .getByRole('button', { name: /^Open/ })
        .click();
      await alderPage.waitForURL(`**/cases/${caseId}**`);
      await checkPage(alderPage, 'clinician: the case, from the notification');
      await visit(leadPage, '/notifications', 'hub lead: told of the opening');
      assert.equal((await listed(leadPage))[0], told);
      await visit(birchPage, '/notifications', 'second clinician: not told of their own opening');
      assert.deepEqual(await listed(birchPage), ['An urgent request is waiting for triage']);

      // And by email: the allocation and the opening, still with nothing of the case.
      await deliverMail();
      assert.deepEqual(
        mailTo(alder).map((m) => m.subject),
        [
          'Cicero: An urgent request is waiting for triage',
          'Cicero: A case has been allocated to you',
          'Cicero: Someone opened one of your cases with a recorded reason',
        ],
      );
      assert.equal(mailTo(lead).length, 2);
      assert.equal(mailTo(birch).length, 1);
      assert.equal(mailTo(distant).length + mailTo(officer).length, 0);
      for (const mail of smtp.received) assertNoPersonalData(mail, reference, names);
    });
  },
);
