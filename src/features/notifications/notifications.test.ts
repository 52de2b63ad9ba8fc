import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { createUser, signInAs, type TestUser } from '../../../test/support/auth.ts';
import { submittedCase } from '../../../test/support/cases.ts';
import { allocate } from '../../../test/support/clinical.ts';
import { startTestSmtp, type ReceivedMail, type TestSmtp } from '../../../test/support/smtp.ts';
import { completeAnswers } from '../../../test/support/requests.ts';
import { recordAccessReason } from '../cases/service.ts';
import { openCase } from '../../access/case-context.ts';
import { NOTIFICATION_KINDS, KINDS } from './kinds.ts';
import { smtpSender } from './mail.ts';
import { recipientsOf } from './notify.ts';
import { writeDailySummaries } from './daily.ts';
import { EMAIL_LEASE_SECONDS, sendDueEmails } from './outbox.ts';
import { savePreferences } from './service.ts';
import type { Principal } from '../auth/principal.ts';

const BASE = 'https://cicero.test.example';
const PERSON = {
  givenName: 'CANARY-Given',
  familyName: 'Quillfeather',
  dateOfBirth: '1988-07-14',
};
const urgent = completeAnswers({
  person: { ...completeAnswers().person, ...PERSON },
  urgency: { personAware: 'yes', urgency: 'urgent', urgencyReason: 'CANARY-urgent-reason' },
});

interface Hub {
  clinicians: TestUser[];
  lead: TestUser;
  otherHubClinician: TestUser;
  policeLead: TestUser;
}

async function hub(t: TestApp): Promise<Hub> {
  const db = t.database.db;
  return {
    clinicians: [
      await createUser(db, { roles: ['clinician'], hubCodes: ['WM'] }),
      await createUser(db, { roles: ['clinician'], hubCodes: ['WM'] }),
    ],
    lead: await createUser(db, { roles: ['hub_lead'], hubCodes: ['WM'] }),
    otherHubClinician: await createUser(db, { roles: ['clinician'], hubCodes: ['NW'] }),
    policeLead: await createUser(db, { roles: ['police_lead'], hubCodes: ['WM'] }),
  };
}

const notifiedUsers = async (t: TestApp, caseId: string, kind: string) =>
  (
    await t.database.db
      .selectFrom('notifications')
      .select('user_id')
      .where('case_id', '=', caseId)
      .where('kind', '=', kind)
      .execute()
  )
    .map((r) => r.user_id)
    .sort();

async function withSmtp(fn: (smtp: TestSmtp, t: TestApp) => Promise<void>) {
  const t = await testApp();
  const smtp = await startTestSmtp();
  try {
    await fn(smtp, t);
  } finally {
    await smtp.close();
    await t.close();
  }
}

const senderFor = (smtp: TestSmtp) =>
  smtpSender({
    host: '127.0.0.1',
    port: smtp.port,
    tls: 'none',
    user: undefined,
    password: undefined,
    from: 'Cicero <no-reply@cicero.test.example>',
    baseUrl: BASE,
  });

/** Nothing of the case in a message: its name, reference, date of birth or any canary. */
function assertNoPersonalData(mail: ReceivedMail, reference: string) {
  for (const forbidden of [
    PERSON.givenName,
    PERSON.familyName,
    PERSON.dateOfBirth,
    '14 July 1988',
    reference,
    'CANARY',
    'PCMT-1',
  ]) {
    assert.ok(!mail.raw.includes(forbidden), `the email holds no ${forbidden}`);
  }
}

test('an urgent request notifies every clinician of the hub and the hub lead at once, by email with no personal data', async () => {
  await withSmtp(async (smtp, t) => {
    const people = await hub(t);
    const { caseId, reference, officerId } = await submittedCase(t.database, t.clock, {
      answers: urgent,
    });
    const expected = [...people.clinicians.map((c) => c.id), people.lead.id].sort();
    assert.deepEqual(await notifiedUsers(t, caseId, 'urgent_request'), expected);
    const sender = senderFor(smtp);
    try {
      assert.deepEqual(
        await sendDueEmails({ database: t.database, clock: t.clock, sender, baseUrl: BASE }),
        {
          sent: 3,
          failed: 0,
        },
      );
    } finally {
      sender.close();
    }
    const emails = await t.database.db.selectFrom('users').select(['id', 'email']).execute();
    const addressOf = new Map(emails.map((u) => [u.id, u.email]));
    assert.deepEqual(
      smtp.received.flatMap((m) => m.to).sort(),
      expected.map((id) => addressOf.get(id)!).sort(),
    );
    for (const mail of smtp.received) {
      assert.match(mail.subject, /An urgent request is waiting for triage/);
      assert.match(mail.text, new RegExp(`${BASE}/notifications/[0-9a-f-]{36}`));
      assertNoPersonalData(mail, reference);
    }
    assert.ok(!expected.includes(officerId));
  });
});

test("who is told is the access core's answer: no police user is told of a health event, nobody outside the hub", async () => {
  const t = await testApp();
  try {
    const people = await hub(t);
    const { caseId, officerId } = await submittedCase(t.database, t.clock, { answers: urgent });
    const [allocated] = people.clinicians;
    await allocate(t.database.db, { caseId, clinicianId: allocated!.id, byId: people.lead.id });
    await t.database.db
      .updateTable('cases')
      .set({ status: 'open' })
      .where('id', '=', caseId)
      .execute();
    const police = new Set([officerId, people.policeLead.id]);
    const healthKinds = NOTIFICATION_KINDS.filter(
      (k) =>
        ![
          'advice_given',
          'closure_summary',
          'item_released',
          'case_reopened',
          'request_reassigned',
          'request_handed_over',
        ].includes(k),
    );
    await t.database.db.transaction().execute(async (trx) => {
      for (const kind of healthKinds) {
        const who = await recipientsOf(trx, { kind, caseId });
        assert.ok(!who.some((id) => police.has(id)), `${kind} reaches no police user`);
        assert.ok(!who.includes(people.otherHubClinician.id), `${kind} stays in the hub`);
      }
      assert.deepEqual(await recipientsOf(trx, { kind: 'advice_given', caseId }), [officerId]);
      assert.deepEqual(
        await recipientsOf(trx, { kind: 'case_opened_with_reason', caseId }),
        [allocated!.id, people.lead.id].sort(),
      );
    });
    for (const kind of NOTIFICATION_KINDS) {
      assert.doesNotMatch(KINDS[kind].text + KINDS[kind].subject, /CANARY|\d/);
    }
  } finally {
    await t.close();
  }
});

test('a clinician outside the allocation who opens the case with a reason: the allocated clinician and the hub lead are told', async () => {
  const t = await testApp();
  try {
    const people = await hub(t);
    const { caseId } = await submittedCase(t.database, t.clock, { answers: urgent });
    const [allocated, outsider] = people.clinicians;
    await allocate(t.database.db, { caseId, clinicianId: allocated!.id, byId: people.lead.id });
    await t.database.db
      .updateTable('cases')
      .set({ status: 'open' })
      .where('id', '=', caseId)
      .execute();
    const principal: Principal = {
      userId: outsider!.id,
      name: outsider!.name,
      email: outsider!.email,
      side: 'health',
      assignments: [
        {
          role: 'clinician',
          hubId: (
            await t.database.db
              .selectFrom('cases')
              .select('hub_id')
              .where('id', '=', caseId)
              .executeTakeFirstOrThrow()
          ).hub_id,
        },
      ],
      roles: ['clinician'],
      hubIds: [],
      profession: null,
      sessionId: '00000000-0000-4000-8000-000000000001',
    };
    const opened = await openCase(t.database.db, principal, caseId);
    assert.ok(opened?.reasonRequired);
    await recordAccessReason(
      t.database.db,
      t.clock,
      { userId: outsider!.id, role: 'clinician', hubId: null, requestId: null },
      { principal, opened: opened, reason: 'Covering a colleague on leave' },
    );
    assert.deepEqual(
      await notifiedUsers(t, caseId, 'case_opened_with_reason'),
      [allocated!.id, people.lead.id].sort(),
    );
  } finally {
    await t.close();
  }
});

test('preferences are respected, urgent requests cannot be turned off, and the daily summary counts what waits', async () => {
  await withSmtp(async (smtp, t) => {
    const people = await hub(t);
    const [first, second] = people.clinicians;
    const actor = (id: string) => ({ userId: id, role: 'clinician', hubId: null, requestId: null });
    await savePreferences(t.database.db, t.clock, actor(first!.id), {
      userId: first!.id,
      choices: {
        urgent_request: 'none',
        new_request: 'immediate',
      },
    });
    await savePreferences(t.database.db, t.clock, actor(second!.id), {
      userId: second!.id,
      choices: {
        new_request: 'none',
      },
    });
    await submittedCase(t.database, t.clock, { answers: urgent });
    const routine = await submittedCase(t.database, t.clock);
    const sender = senderFor(smtp);
    try {
      await sendDueEmails({ database: t.database, clock: t.clock, sender, baseUrl: BASE });
      const to = (user: TestUser) => smtp.received.filter((m) => m.to.includes(user.email));
      // Urgent: all three, whatever the first chose. New request: only the first at once.
      assert.equal(to(first!).length, 2);
      assert.equal(to(second!).length, 1);
      assert.equal(to(people.lead).length, 1);
      // The hub lead's new request waits for the daily summary (the default); the second's none.
      assert.equal(await writeDailySummaries(t.database, t.clock), 1);
      assert.equal(await writeDailySummaries(t.database, t.clock), 0, 'written once');
      await sendDueEmails({ database: t.database, clock: t.clock, sender, baseUrl: BASE });
      const summary = to(people.lead).find((m) => /daily summary/.test(m.subject));
      assert.ok(summary);
      assert.match(summary.text, /1 new request\b/);
      assert.match(summary.text, new RegExp(`${BASE}/notifications\\n`));
      assert.equal(to(second!).length, 1);
      for (const mail of smtp.received) assertNoPersonalData(mail, routine.reference);
    } finally {
      sender.close();
    }
  });
});

test('the mail server down during a burst: mail waits, then every email arrives exactly once', async () => {
  await withSmtp(async (smtp, t) => {
    await hub(t);
    await smtp.stop();
    for (const familyName of ['Quillfeather', 'Ashgrove', 'Brindlecombe', 'Tollemarsh']) {
      const person = { ...urgent.person, familyName };
      await submittedCase(t.database, t.clock, { answers: { ...urgent, person } });
    }
    const sender = senderFor(smtp);
    const run = (using = sender) =>
      sendDueEmails({ database: t.database, clock: t.clock, sender: using, baseUrl: BASE });
    const rows = (op: '=' | '<>', status: 'pending' | 'sent') =>
      t.database.db
        .selectFrom('notification_emails')
        .select(['attempts', 'last_error', 'next_attempt_at'])
        .where('status', op, status)
        .execute();
    try {
      assert.deepEqual(await run(), { sent: 0, failed: 1 }, 'the run stops when unreachable');
      t.clock.advance(30_000);
      assert.equal((await run()).sent, 0);
      const pending = await rows('=', 'pending');
      assert.equal(pending.length, 12, 'none lost');
      assert.ok(pending.some((p) => p.attempts > 0 && /ECONNREFUSED/.test(p.last_error ?? '')));

      await smtp.start();
      // A run that dies mid-send (its claim is never finished) is taken over when its lease ends.
      // Waited for on its first send (its claim committed), not on a timer.
      let claimed!: () => void;
      const sending = new Promise<void>((resolve) => (claimed = resolve));
      const never = () => (claimed(), new Promise<void>(() => {}));
      void run({ send: never, close() {} });
      await sending;
      const lease = t.clock.now().getTime() + EMAIL_LEASE_SECONDS * 1000;
      assert.equal(
        (await rows('=', 'pending')).filter((r) => new Date(r.next_attempt_at).getTime() === lease)
          .length,
        1,
        'the stuck run holds one email on a lease',
      );
      t.clock.advance(3_600_000);
      for (let i = 0; i < 5; i++) await run();
      assert.equal(smtp.received.length, 12);
      const ids = smtp.received.map((m) => /notifications\/([0-9a-f-]{36})/.exec(m.text)?.[1]);
      assert.equal(new Set(ids).size, 12, 'each notification emailed once');
      assert.equal((await rows('<>', 'sent')).length, 0, 'none left unsent');
    } finally {
      sender.close();
    }
  });
});

test('in the service: the list, the header count, opening one marks it read, and mark all as read', async () => {
  const t = await testApp();
  try {
    const people = await hub(t);
    await submittedCase(t.database, t.clock, { answers: urgent });
    await submittedCase(t.database, t.clock, { answers: urgent });
    const signed = await signInAs(t, people.clinicians[0]!);
    const other = await signInAs(t, people.lead);
    const get = (url: string, who = signed) =>
      t.app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });
    const post = (url: string, who = signed, payload: Record<string, string> = {}) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: { cookie: who.cookie },
        payload: { _csrf: who.csrfToken, ...payload },
      });
    const list = await get('/notifications');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Notifications \(2\)/);
    assert.match(list.body, /2 unread notifications/);
    assert.doesNotMatch(list.body, /Quillfeather|CANARY/);
    const ids = [...list.body.matchAll(/action="\/notifications\/([0-9a-f-]{36})\/open"/g)].map(
      (m) => m[1]!,
    );
    assert.equal(ids.length, 2);
    // Someone else's notification is not found, and stays unread.
    assert.equal((await post(`/notifications/${ids[0]}/open`, other)).statusCode, 404);
    assert.equal((await get(`/notifications/${ids[0]}`, other)).statusCode, 404);
    const page = await get(`/notifications/${ids[0]}`);
    assert.equal(page.statusCode, 200);
    const opened = await post(`/notifications/${ids[0]}/open`);
    assert.equal(opened.statusCode, 303);
    assert.match(opened.headers.location as string, /^\/triage\/[0-9a-f-]{36}$/);
    assert.match((await get('/notifications')).body, /Notifications \(1\)/);
    assert.equal((await post('/notifications/read')).statusCode, 303);
    assert.match((await get('/notifications')).body, /Notifications \(0\)/);
    // Without the CSRF token nothing changes.
    const forged = await t.app.inject({
      method: 'POST',
      url: '/notifications/read',
      headers: { cookie: signed.cookie },
      payload: {},
    });
    assert.equal(forged.statusCode, 403);
    // Preferences: urgent shown as fixed; a choice saved.
    const prefs = await get('/account/notifications');
    assert.equal(prefs.statusCode, 200);
    assert.match(prefs.body, /This cannot be turned off/);
    assert.doesNotMatch(prefs.body, /name="urgent_request"/);
    const saved = await post('/account/notifications', signed, {
      new_request: 'none',
      urgent_request: 'none',
    });
    assert.equal(saved.statusCode, 303);
    const rows = await t.database.db
      .selectFrom('notification_preferences')
      .selectAll()
      .where('user_id', '=', signed.userId)
      .execute();
    assert.deepEqual(
      rows.map((r) => [r.kind, r.delivery]),
      [['new_request', 'none']],
    );
  } finally {
    await t.close();
  }
});
