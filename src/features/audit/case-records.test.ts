import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { signIn, type SignedIn } from '../../../test/support/auth.ts';
import { allocate, recordConsentEntry } from '../../../test/support/clinical.ts';
import { getPage, insertCase, postForm } from '../../../test/support/journey.ts';
import { CASE_RECORD_TABLES, NOT_RECORDS } from './case-records.ts';
import { recordAudit } from './record.ts';

/**
 * Issue 18 item 10: a case's access log covers every record of the case (reads and changes,
 * approvals, officer reads filed under other record types), names each in words with the
 * case reference, never by id, and leaves no role or hub cell blank.
 */
let t: TestApp;
let ig: SignedIn;
let officer: SignedIn;
let lead: SignedIn;
let clinician: SignedIn;
let caseId: string;
let reference: string;
let otherCaseId: string;

before(async () => {
  t = await testApp();
  ig = await signIn(t, { roles: ['ig_officer'] });
  officer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
  lead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
  clinician = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
  const made = await insertCase(t.database.db, { hubCode: 'WM', requestedBy: officer.userId });
  ({ caseId, reference } = made);
  otherCaseId = (await insertCase(t.database.db, { hubCode: 'WM', requestedBy: officer.userId }))
    .caseId;
  await allocate(t.database.db, { caseId, clinicianId: clinician.userId, byId: lead.userId });
  await recordConsentEntry(t.database.db, { caseId, byId: clinician.userId, status: 'given' });
});
after(() => t.close());

const logOf = async (id: string) => {
  const page = await getPage(t, ig, `/audit/records/case/${id}`);
  assert.equal(page.statusCode, 200);
  return page.body;
};

/** The visible text of the events table. */
const cellsOf = (html: string) =>
  [...html.matchAll(/<td class="govuk-table__cell">(.*?)<\/td>/gs)].map((m) =>
    m[1]!.replace(/<[^>]+>/g, '').trim(),
  );

test('every table with a case_id is a case record or listed as not one', async () => {
  const { rows } = await sql<{ table_name: string }>`
    SELECT DISTINCT table_name FROM information_schema.columns
    WHERE table_schema = 'public' AND column_name = 'case_id'`.execute(t.database.db);
  const known = new Set<string>([...CASE_RECORD_TABLES, ...NOT_RECORDS]);
  const missing = rows.map((r) => r.table_name).filter((name) => !known.has(name));
  assert.deepEqual(missing, [], 'add these to src/features/audit/case-records.ts');
});

test("a case's access log has the changes and reads of all its records, in words", async () => {
  // Changes through the real pages: a police update (officer), a meeting and its action
  // (clinician), advice (hub lead).
  const version = async () =>
    String(
      (
        await t.database.db
          .selectFrom('cases')
          .select('version')
          .where('id', '=', caseId)
          .executeTakeFirstOrThrow()
      ).version,
    );
  assert.equal(
    (
      await postForm(t, officer, `/requests/${caseId}/updates`, {
        version: await version(),
        body: 'He has moved.',
      })
    ).statusCode,
    303,
  );
  const meeting = await postForm(t, clinician, `/cases/${caseId}/meetings`, {
    version: await version(),
    meetingType: 'mappa',
    mappaCategory: '2',
    mappaLevel: '2',
    'heldOn-day': '29',
    'heldOn-month': '5',
    'heldOn-year': '2026',
    vssContribution: 'Clinical view.',
  });
  assert.equal(meeting.statusCode, 303);
  const meetingPath = String(meeting.headers.location).split('?')[0]!;
  assert.equal((await getPage(t, clinician, meetingPath)).statusCode, 200);
  assert.equal((await getPage(t, clinician, `/cases/${caseId}`)).statusCode, 200);
  // A record named only by its own id (no case in the row): a closure summary read by the
  // officer is filed under the case id; a disclosure approval under the disclosure's id.
  const actor = { userId: officer.userId, role: 'case_officer', hubId: null, requestId: 'r' };
  const { id: meetingId } = await t.database.db
    .selectFrom('meetings')
    .select('id')
    .where('case_id', '=', caseId)
    .executeTakeFirstOrThrow();
  await recordAudit(t.database.db, t.clock, actor, {
    action: 'consultation',
    subjectType: 'closure_summary',
    subjectId: caseId,
  });
  await recordAudit(
    t.database.db,
    t.clock,
    { ...actor, role: null },
    {
      action: 'alteration',
      subjectType: 'meeting',
      subjectId: meetingId,
    },
  );
  // A list that showed the case, and an event of another case (not in this log).
  await recordAudit(t.database.db, t.clock, actor, {
    action: 'consultation',
    subjectType: 'closure_queue',
    detail: { caseIds: [otherCaseId, caseId] },
  });
  await recordAudit(t.database.db, t.clock, actor, {
    action: 'consultation',
    subjectType: 'case',
    subjectId: otherCaseId,
  });

  const html = await logOf(caseId);
  assert.match(html, new RegExp(`<h1 class="govuk-heading-l">Case ${reference}</h1>`));
  const cells = cellsOf(html);
  for (const expected of [
    `Police update, case ${reference}`,
    `Meeting, case ${reference}`,
    `Closure summary, case ${reference}`,
    'Closures waiting for approval',
    `Case ${reference}`,
  ]) {
    assert.ok(cells.includes(expected), `${expected} in ${cells.join(' | ')}`);
  }
  // Nothing of the other case, no uuid and no blank role or hub cell.
  const text = cells.join(' ');
  assert.doesNotMatch(text, /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}/);
  const rows = [...html.matchAll(/<tr class="govuk-table__row">(.*?)<\/tr>/gs)].slice(1);
  for (const row of rows) {
    const [, , role, hub] = cellsOf(row[1]!);
    assert.ok(role && hub, `a blank role or hub cell in ${cellsOf(row[1]!).join(' | ')}`);
  }
  assert.ok(cells.includes('Not recorded'), 'the row without a role says so');
  const other = cellsOf(await logOf(otherCaseId));
  assert.ok(!other.includes(`Police update, case ${reference}`));
});

test('work outside a case names the hub the role is held in', async () => {
  // The triage queue is a list page with no case: the hub lead holds the role in one hub.
  await getPage(t, lead, '/triage');
  const row = await t.database.db
    .selectFrom('audit_events')
    .innerJoin('hubs', 'hubs.id', 'audit_events.hub_id')
    .select('hubs.code')
    .where('actor_user_id', '=', lead.userId)
    .where('subject_type', '=', 'triage_queue')
    .executeTakeFirst();
  assert.equal(row?.code, 'WM');
});
