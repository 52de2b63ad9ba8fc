import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { createUser, signIn, signInAs, type SignedIn } from '../../../test/support/auth.ts';
import { getPage, insertCase, postForm } from '../../../test/support/journey.ts';

/**
 * A person's history: every episode the viewer may find, re-referrals both ways, the outcome
 * only where the access core opens the shared part, audited; and the IG officer's audit search
 * by case reference.
 */
let t: TestApp;
let officer: SignedIn;
let otherOfficer: SignedIn;
let hubLead: SignedIn;
let ig: SignedIn;
let analyst: SignedIn;
let first: { caseId: string; personId: string; reference: string };
let second: { caseId: string; reference: string };

before(async () => {
  t = await testApp();
  officer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
  otherOfficer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
  hubLead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
  ig = await signInAs(t, await createUser(t.database.db, { roles: ['ig_officer'] }));
  analyst = await signInAs(t, await createUser(t.database.db, { roles: ['analyst'] }));
  const db = t.database.db;
  first = await insertCase(db, {
    hubCode: 'WM',
    requestedBy: officer.userId,
    status: 'closed',
    givenName: 'Amara',
    familyName: 'Okonkwo',
  });
  await db
    .insertInto('closure_requests')
    .values({
      case_id: first.caseId,
      requested_by: hubLead.userId,
      requested_at: new Date('2026-06-01T10:00:00Z'),
      outcome: 'crisis_care',
      summary: 'Summary',
      closing_notes: 'Notes',
      decision: 'approved',
      decided_at: new Date('2026-06-02T10:00:00Z'),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
    .then((r) =>
      db
        .insertInto('closure_summaries')
        .values({
          case_id: first.caseId,
          closure_request_id: r.id,
          outcome: 'crisis_care',
          summary: 'Summary',
          approved_by: hubLead.userId,
          approved_at: new Date('2026-06-02T10:00:00Z'),
        })
        .execute(),
    );
  const made = await insertCase(db, { hubCode: 'WM', requestedBy: officer.userId });
  await db
    .updateTable('cases')
    .set({ person_id: first.personId, previous_case_id: first.caseId })
    .where('id', '=', made.caseId)
    .execute();
  second = made;
});
after(() => t?.close());

const history = (who: SignedIn) => getPage(t, who, `/people/${first.personId}`);

test('the hub lead sees both episodes, linked both ways, with the outcome', async () => {
  const page = await history(hubLead);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Amara Okonkwo/);
  assert.match(page.body, /2 episodes/);
  assert.match(
    page.body,
    new RegExp(
      `A re-referral of <a class="govuk-link" href="/cases/${first.caseId}">${first.reference}`,
    ),
  );
  assert.match(
    page.body,
    new RegExp(
      `Re-referred as <a class="govuk-link" href="/cases/${second.caseId}">${second.reference}`,
    ),
  );
  assert.match(page.body, /Crisis care/);
});

test('the requesting officer sees their requests and the outcome; another officer finds nothing', async () => {
  const page = await history(officer);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, new RegExp(`href="/requests/${second.caseId}"`));
  assert.match(page.body, /Crisis care/);
  assert.equal((await history(otherOfficer)).statusCode, 404);
  assert.equal((await getPage(t, hubLead, `/people/${crypto.randomUUID()}`)).statusCode, 404);
  assert.equal((await history(analyst)).statusCode, 403);
});

test('the IG officer sees the episodes as access logs, without the person', async () => {
  const page = await history(ig);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, new RegExp(`href="/audit/records/case/${first.caseId}"`));
  assert.doesNotMatch(page.body, /Amara|Okonkwo|Crisis care/);
});

test('each view is audited as a consultation of the person, with the cases shown', async () => {
  const rows = await t.database.db
    .selectFrom('audit_events')
    .select(['action', 'subject_type', 'subject_id', 'detail'])
    .where('actor_user_id', '=', hubLead.userId)
    .where('subject_type', '=', 'person')
    .execute();
  assert.ok(rows.length >= 1);
  assert.equal(rows[0]!.action, 'consultation');
  assert.equal(rows[0]!.subject_id, first.personId);
  assert.equal((rows[0]!.detail as { count: number }).count, 2);
});

test('the case page links to the history and the re-referral', async () => {
  const page = await getPage(t, hubLead, `/cases/${second.caseId}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, new RegExp(`href="/people/${first.personId}"`));
  assert.match(
    page.body,
    new RegExp(`re-referral of <a class="govuk-link" href="/cases/${first.caseId}"`),
  );
});

test("the IG officer's audit search takes a case reference", async () => {
  const events = (body: string) => /Showing 1 to \d+ of (\d+) events/.exec(body)?.[1];
  const byId = await postForm(t, ig, '/audit', { subjectType: 'case', subjectId: second.caseId });
  const byReference = await postForm(t, ig, '/audit', {
    subjectType: '',
    subjectId: ` ${second.reference.toLowerCase()} `,
  });
  assert.equal(byReference.statusCode, 200);
  assert.doesNotMatch(byReference.body, /govuk-error-summary/);
  assert.ok(Number(events(byId.body)) > 0, 'the case has events (its page was read)');
  assert.equal(events(byReference.body), events(byId.body));
  const unknown = await postForm(t, ig, '/audit', {
    subjectType: 'case',
    subjectId: 'WM-1999-9999',
  });
  assert.equal(unknown.statusCode, 200);
  assert.equal(events(unknown.body), undefined);
});
