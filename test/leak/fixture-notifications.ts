import assert from 'node:assert/strict';
import { sessionStore } from '../../src/features/auth/sessions.ts';
import { writeDailySummaries } from '../../src/features/notifications/daily.ts';
import {
  NOTIFICATION_KINDS,
  type NotificationKind,
} from '../../src/features/notifications/kinds.ts';
import { smtpSender } from '../../src/features/notifications/mail.ts';
import { notify } from '../../src/features/notifications/notify.ts';
import { sendDueEmails } from '../../src/features/notifications/outbox.ts';
import { SIDE_OF, type Role } from '../../src/domain/roles.ts';
import type { TestApp } from '../support/app.ts';
import { startTestSmtp, type ReceivedMail } from '../support/smtp.ts';
import { describeLeaks, inspect, type Leak } from './crawl.ts';
import type { Fixture } from './fixture.ts';

/** What a police user may be told of: the shared side of their requests, never a health event. */
export const POLICE_KINDS: readonly NotificationKind[] = [
  'advice_given',
  'item_released',
  'closure_summary',
  'case_reopened',
  'request_reassigned',
  'request_handed_over',
];

const pathOf = (kind: NotificationKind, caseId: string) =>
  kind === 'item_released'
    ? '/disclosures/received'
    : POLICE_KINDS.includes(kind)
      ? `/requests/${caseId}`
      : kind === 'urgent_request' || kind === 'new_request'
        ? `/triage/${caseId}`
        : `/cases/${caseId}`;

const allCases = (fixture: Fixture) => [
  ...new Set([...Object.values(fixture.cases), ...fixture.otherHubCaseIds]),
];

/**
 * Every kind of event on every fixture case, told through the product's own `notify()` (the
 * access core picks who hears of it), once the crawl's viewers exist: each of them is then a
 * candidate, and their notification lists are crawled with everything else.
 */
export async function notifyEveryKind(t: TestApp, fixture: Fixture): Promise<void> {
  await t.database.db.transaction().execute(async (trx) => {
    for (const caseId of allCases(fixture)) {
      for (const kind of NOTIFICATION_KINDS) {
        await notify(trx, t.clock, { kind, caseId, path: pathOf(kind, caseId) });
      }
    }
  });
}

/** Words of the fixture's cases that must never be in an email: names, dates of birth, references. */
async function caseWords(t: TestApp, fixture: Fixture): Promise<string[]> {
  const rows = await t.database.db
    .selectFrom('cases')
    .innerJoin('people', 'people.id', 'cases.person_id')
    .select(['cases.reference', 'people.given_name', 'people.family_name', 'people.date_of_birth'])
    .where('cases.id', 'in', allCases(fixture))
    .execute();
  const words = rows.flatMap((r) => [r.reference, r.given_name, r.family_name, r.date_of_birth]);
  return [...new Set(words)].filter((w) => w.length >= 4);
}

/**
 * The notifications and emails side of the boundary: every police user's notifications are of
 * the shared kinds only; their list, each notification and the page it opens hold no canary;
 * and every email the outbox sends (sent through a real SMTP server) holds no canary, name,
 * date of birth or reference. Returns figures for the test's diagnostics.
 */
export async function checkNotificationsAndEmails(
  t: TestApp,
  fixture: Fixture,
): Promise<{ police: number; told: number; opened: number; pages: number; emails: number }> {
  const { db } = t.database;
  const assignments = await db.selectFrom('role_assignments').select(['user_id', 'role']).execute();
  const policeUsers = [
    ...new Set(
      assignments.filter((a) => SIDE_OF[a.role as Role] === 'police').map((a) => a.user_id),
    ),
  ];
  assert.ok(policeUsers.length >= 4, 'the fixture and the crawl have police users');
  const notes = await db
    .selectFrom('notifications')
    .select(['id', 'user_id', 'kind'])
    .where('user_id', 'in', policeUsers)
    .orderBy('created_at')
    .execute();
  const health = notes.filter((n) => !POLICE_KINDS.includes(n.kind as NotificationKind));
  assert.deepEqual(health, [], 'no police user is told of a health event');
  assert.ok(notes.length > 0, 'police users are told of advice, releases and closures');

  const sessions = sessionStore(db, t.clock, {
    idleMinutes: t.config.sessionIdleMinutes,
    absoluteHours: t.config.sessionAbsoluteHours,
  });
  const leaks: Leak[] = [];
  let pages = 0;
  let signedIn = 0;
  let opened = 0;
  for (const userId of policeUsers) {
    const { cookieToken, session } = await sessions.create({ userId, stage: 'active' });
    const cookie = `cicero_session=${cookieToken}`;
    const look = async (method: 'GET' | 'POST', url: string) => {
      const response = await t.app.inject({
        method,
        url,
        headers: { cookie },
        ...(method === 'POST' ? { payload: { _csrf: session.csrfToken } } : {}),
      });
      pages += 1;
      assert.ok(response.statusCode < 500, `${method} ${url}: ${response.statusCode}`);
      leaks.push(...(await inspect(`police user ${userId}`, `${method} ${url}`, response)).leaks);
      return response;
    };
    // Officers made directly (no terms accepted, no sign-in) are sent on to finish signing up.
    if ((await look('GET', '/notifications')).statusCode !== 200) continue;
    signedIn += 1;
    for (const note of notes.filter((n) => n.user_id === userId)) {
      assert.equal((await look('GET', `/notifications/${note.id}`)).statusCode, 200);
      const open = await look('POST', `/notifications/${note.id}/open`);
      assert.equal(open.statusCode, 303);
      opened += 1;
      const to = String(open.headers.location);
      assert.match(
        to,
        /^\/(requests\/|disclosures\/received$)/,
        'led to the request, not the case',
      );
      await look('GET', to);
    }
  }
  assert.ok(signedIn >= 4, "the crawl's police viewers read their notifications");
  assert.ok(opened > 0, 'a signed-in police user was told of something and opened it');
  assert.equal(
    leaks.length,
    0,
    `health information in notifications:\n${describeLeaks(leaks, String)}`,
  );

  // Every email waiting (at once and the daily summaries), through a real SMTP server.
  const baseUrl = 'https://cicero.test.example';
  const smtp = await startTestSmtp();
  const sender = smtpSender({
    host: '127.0.0.1',
    port: smtp.port,
    tls: 'none',
    user: undefined,
    password: undefined,
    from: 'Cicero <no-reply@cicero.test.example>',
    baseUrl,
  });
  try {
    await writeDailySummaries(t.database, t.clock);
    const deps = { database: t.database, clock: t.clock, sender, baseUrl };
    for (let sent = -1; sent !== 0;) sent = (await sendDueEmails(deps)).sent;
  } finally {
    sender.close();
    await smtp.close();
  }
  assert.ok(smtp.received.length > 0, 'emails were sent');
  const forbidden = await caseWords(t, fixture);
  const bad = (mail: ReceivedMail) => [
    ...(mail.raw.match(/CANARY-[A-Za-z0-9_.-]+/g) ?? []),
    ...forbidden.filter((w) => mail.raw.includes(w)),
  ];
  assert.deepEqual(
    smtp.received.flatMap((m) => bad(m).map((w) => `${m.subject}: ${w}`)),
    [],
    'an email holds something of a case',
  );
  return { police: signedIn, told: notes.length, opened, pages, emails: smtp.received.length };
}
