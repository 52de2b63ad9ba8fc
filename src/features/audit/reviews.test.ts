import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { createUser, hubId, signIn, type SignedIn } from '../../../test/support/auth.ts';
import { downloadExport } from '../../../test/support/exports.ts';
import { getPage, insertCase, postForm } from '../../../test/support/journey.ts';
import { recordAudit } from './record.ts';

/** The IG officer's review queue of access reasons and identifiable downloads (reviews.ts). */
describe('the IG review queue', () => {
  let t: TestApp;
  let ig: SignedIn;
  let wm: string;
  let nw: string;
  let alex: { id: string; name: string };
  let blake: { id: string; name: string };
  let wmReference: string;
  let reasonId: string;

  const reviewAudits = () =>
    t.database.db
      .selectFrom('audit_events')
      .select(['action', 'subject_id', 'detail', 'reason'])
      .where('subject_type', '=', 'ig_review')
      .execute();

  before(async () => {
    t = await testApp();
    const { db } = t.database;
    t.clock.set(new Date('2026-06-10T09:00:00Z'));
    ig = await signIn(t, { roles: ['ig_officer'], name: 'Ira Governance' });
    wm = await hubId(db, 'WM');
    nw = await hubId(db, 'NW');
    alex = await createUser(db, { roles: ['clinician'], hubCodes: ['WM'], name: 'Alex Reviewed' });
    blake = await createUser(db, { roles: ['hub_lead'], hubCodes: ['NW'], name: 'Blake Lead' });
    const wmCase = await insertCase(db, { hubCode: 'WM', requestedBy: alex.id });
    wmReference = wmCase.reference;
    const reason = await db
      .insertInto('case_access_reasons')
      .values({
        case_id: wmCase.caseId,
        user_id: alex.id,
        session_id: 'session-1',
        reason: 'Covering for a colleague on leave',
        recorded_at: new Date('2026-05-14T10:00:00Z'),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    reasonId = reason.id;
    // A register download by the NW hub lead in June (as exportRegister records it).
    await recordAudit(
      db,
      t.clock,
      { userId: blake.id, role: 'hub_lead', hubId: nw, requestId: null },
      {
        action: 'consultation',
        subjectType: 'disclosure_register',
        reason: 'Monthly register check',
        detail: { export: 'csv', identifiableExport: 'register_csv', count: 3 },
      },
    );
  });
  after(async () => {
    await t?.close();
  });

  it('lists both kinds with the reasons given, and counts per person by month', async () => {
    const page = await getPage(t, ig, '/audit/reviews');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Covering for a colleague on leave/);
    assert.match(page.body, /Monthly register check/);
    assert.match(page.body, new RegExp(`Opened case ${wmReference}`));
    assert.match(page.body, /Disclosure register \(CSV\)/);
    assert.match(page.body, /2 items\./);
    const counts = page.body.slice(page.body.indexOf('Counts per person by month'));
    const alexRow = counts.split('<tr class="govuk-table__row">').find((r) => r.includes('Alex'));
    assert.ok(alexRow, 'a count row for Alex');
    assert.match(alexRow, /May 2026/);
    assert.deepEqual(
      [...alexRow.matchAll(/govuk-table__cell--numeric">(\d+)</g)].map((m) => m[1]),
      ['1', '0', '0'],
    );
  });

  it('filters by hub, person and dates', async () => {
    const byHub = await getPage(t, ig, `/audit/reviews?hub=${wm}`);
    assert.match(byHub.body, /Covering for a colleague/);
    assert.doesNotMatch(byHub.body, /Monthly register check/);
    const byUser = await getPage(t, ig, `/audit/reviews?user=${blake.id}`);
    assert.doesNotMatch(byUser.body, /Covering for a colleague/);
    assert.match(byUser.body, /Monthly register check/);
    const june = await getPage(
      t,
      ig,
      '/audit/reviews?from-day=1&from-month=6&from-year=2026&to-day=30&to-month=6&to-year=2026',
    );
    assert.doesNotMatch(june.body, /Covering for a colleague/);
    assert.match(june.body, /Monthly register check/);
    const downloads = await getPage(t, ig, '/audit/reviews?kind=export');
    assert.doesNotMatch(downloads.body, /Covering for a colleague/);
  });

  it('bad dates: the page again with an error summary, 400', async () => {
    const bad = await getPage(
      t,
      ig,
      '/audit/reviews?from-day=31&from-month=2&from-year=2026&to-day=1&to-month=1&to-year=2026',
    );
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /There is a problem/);
    assert.match(bad.body, /href="#from-day">The date from must be a real date/);
    const reversed = await getPage(
      t,
      ig,
      '/audit/reviews?from-day=2&from-month=2&from-year=2026&to-day=1&to-month=1&to-year=2026',
    );
    assert.equal(reversed.statusCode, 400);
    assert.match(reversed.body, /href="#to-day">The date to must be the same as or after/);
    assert.equal((await getPage(t, ig, '/audit/reviews?hub=nonsense')).statusCode, 400);
  });

  it('marks an item reviewed: outcome required, a note for a query; audited without the note', async () => {
    const url = `/audit/reviews/access_reason/${reasonId}`;
    const page = await getPage(t, ig, url);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Covering for a colleague on leave/);
    const none = await postForm(t, ig, url, {});
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /href="#outcome">Select the outcome of your review/);
    const noNote = await postForm(t, ig, url, { outcome: 'query_raised', note: ' ' });
    assert.equal(noNote.statusCode, 400);
    assert.match(noNote.body, /href="#note">Enter a note/);
    assert.equal((await reviewAudits()).length, 0, 'nothing saved');

    const saved = await postForm(t, ig, url, {
      outcome: 'query_raised',
      note: 'Asked whether the colleague was on leave',
    });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, '/audit/reviews?reviewed=1');
    const rows = await t.database.db.selectFrom('ig_reviews').selectAll().execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.outcome, 'query_raised');
    assert.equal(rows[0]!.reviewed_by, ig.userId);
    const [audit, ...more] = await reviewAudits();
    assert.equal(more.length, 0);
    assert.equal(audit!.action, 'collection');
    assert.equal(audit!.subject_id, rows[0]!.id);
    assert.deepEqual(audit!.detail, {
      itemKind: 'access_reason',
      itemId: reasonId,
      outcome: 'query_raised',
    });
    assert.doesNotMatch(JSON.stringify(audit), /colleague was on leave/);

    const queue = await getPage(t, ig, '/audit/reviews');
    assert.doesNotMatch(queue.body, /Covering for a colleague/, 'no longer waiting');
    const reviewed = await getPage(t, ig, '/audit/reviews?status=reviewed');
    assert.match(reviewed.body, /Covering for a colleague/);
    assert.match(reviewed.body, /Query raised with the user/);
    const again = await getPage(t, ig, url);
    assert.match(again.body, /Earlier reviews/);
    assert.match(again.body, /Asked whether the colleague was on leave/);
    const counts = await getPage(t, ig, '/audit/reviews?status=all');
    const alexRow = counts.body
      .slice(counts.body.indexOf('Counts per person by month'))
      .split('<tr class="govuk-table__row">')
      .find((r) => r.includes('Alex'));
    assert.deepEqual(
      [...(alexRow ?? '').matchAll(/govuk-table__cell--numeric">(\d+)</g)].map((m) => m[1]),
      ['1', '0', '1'],
      'one queried',
    );
  });

  it('an export made through the reason step is in the queue with its reason', async () => {
    const csv = await downloadExport(t, ig, '/audit/export.csv?action=disclosure', 'SAR search');
    assert.equal(csv.statusCode, 200);
    const page = await getPage(t, ig, `/audit/reviews?user=${ig.userId}`);
    assert.match(page.body, /Audit log \(CSV\)/);
    assert.match(page.body, /SAR search/);
  });

  it('an unknown item is not found; others may not see the queue', async () => {
    const missing = await getPage(
      t,
      ig,
      '/audit/reviews/export/00000000-0000-4000-8000-000000000000',
    );
    assert.equal(missing.statusCode, 404);
    const clinician = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    assert.equal((await getPage(t, clinician, '/audit/reviews')).statusCode, 403);
  });
});
