import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { signIn, type SignedIn } from '../../../test/support/auth.ts';
import { getPage, insertCase, postForm } from '../../../test/support/journey.ts';

const REASON = 'CANARY-REOPEN: the closure was approved on the wrong case';

describe('the hub lead reopens a closed case', () => {
  let t: TestApp;
  let officer: SignedIn;
  let leadA: SignedIn;
  let leadB: SignedIn;
  let clinician: SignedIn;
  let otherHubLead: SignedIn;

  before(async () => {
    t = await testApp();
    officer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
    leadA = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
    leadB = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
    clinician = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    otherHubLead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['NW'] });
  });
  after(async () => {
    await t?.close();
  });

  const db = () => t.database.db;
  const caseRow = (caseId: string) =>
    db().selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();

  /** An open case closed the ordinary way: one hub lead requests, the other approves. */
  async function closedCase(outcome = 'diverted_mainstream_mental_health') {
    const { caseId, reference } = await insertCase(db(), {
      hubCode: 'WM',
      requestedBy: officer.userId,
    });
    const version = String((await caseRow(caseId)).version);
    const asked = await postForm(t, leadA, `/cases/${caseId}/closure`, {
      version,
      outcome,
      summary: 'The person now sees their GP.',
      closingNotes: 'Closing notes of the hub.',
      confirm: 'yes',
    });
    assert.equal(asked.statusCode, 303);
    const approved = await postForm(t, leadB, `/closures/${caseId}/approve`, {
      version: String((await caseRow(caseId)).version),
    });
    assert.equal(approved.statusCode, 303);
    assert.equal((await caseRow(caseId)).status, 'closed');
    return { caseId, reference };
  }

  it('reopens with a reason: reopened, audited, the officer told without the reason, the earlier closure kept', async () => {
    const { caseId, reference } = await closedCase();
    const closed = await caseRow(caseId);
    const panel = await getPage(t, leadA, `/cases/${caseId}`);
    assert.match(panel.body, new RegExp(`href="/cases/${caseId}/reopen"`));

    const form = await getPage(t, leadA, `/cases/${caseId}/reopen`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /Why are you reopening the case\?/);

    const blank = await postForm(t, leadA, `/cases/${caseId}/reopen`, {
      version: String(closed.version),
      reason: '  ',
    });
    assert.equal(blank.statusCode, 400);
    assert.match(blank.body, /There is a problem/);
    assert.match(blank.body, /href="#reason"/);
    assert.equal((await caseRow(caseId)).status, 'closed');

    const stale = await postForm(t, leadA, `/cases/${caseId}/reopen`, {
      version: String(closed.version - 1),
      reason: REASON,
    });
    assert.equal(stale.statusCode, 409);
    assert.equal((await caseRow(caseId)).status, 'closed');

    const done = await postForm(t, leadA, `/cases/${caseId}/reopen`, {
      version: String(closed.version),
      reason: REASON,
    });
    assert.equal(done.statusCode, 303);
    const reopened = await caseRow(caseId);
    assert.equal(reopened.status, 'reopened');
    assert.equal(reopened.closed_at, null);
    assert.equal(reopened.version, closed.version + 1);

    const [row] = await db()
      .selectFrom('case_reopenings')
      .selectAll()
      .where('case_id', '=', caseId)
      .execute();
    assert.equal(row!.reason, REASON);
    assert.deepEqual(row!.closed_at, closed.closed_at);
    assert.equal(row!.closure_outcome, 'diverted_mainstream_mental_health');
    assert.equal(row!.reopened_by, leadA.userId);
    // The earlier closure stays: its approved request and its summary.
    const request = await db()
      .selectFrom('closure_requests')
      .select('decision')
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    assert.equal(request.decision, 'approved');
    assert.ok(
      await db()
        .selectFrom('closure_summaries')
        .select('case_id')
        .where('case_id', '=', caseId)
        .executeTakeFirst(),
    );

    const audit = await db()
      .selectFrom('audit_events')
      .select(['actor_user_id', 'detail'])
      .where('subject_type', '=', 'case_reopening')
      .where('subject_id', '=', row!.id)
      .execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.actor_user_id, leadA.userId);
    assert.doesNotMatch(JSON.stringify(audit[0]!.detail), /CANARY/);

    const told = await db()
      .selectFrom('notifications')
      .select(['user_id', 'path'])
      .where('case_id', '=', caseId)
      .where('kind', '=', 'case_reopened')
      .execute();
    assert.deepEqual(told, [{ user_id: officer.userId, path: `/requests/${caseId}` }]);

    const officerPage = await getPage(t, officer, `/requests/${caseId}`);
    assert.equal(officerPage.statusCode, 200);
    assert.match(officerPage.body, /Reopened/);
    assert.doesNotMatch(officerPage.body, /CANARY/);

    const unallocated = await getPage(t, leadA, '/cases?tab=unallocated');
    assert.match(unallocated.body, new RegExp(reference));
    const casePage = await getPage(t, leadA, `/cases/${caseId}`);
    assert.match(casePage.body, /Reopened on .*The closure below is the earlier one\./);
    assert.doesNotMatch(casePage.body, new RegExp(`href="/cases/${caseId}/reopen"`));

    const timeline = await getPage(t, leadA, `/cases/${caseId}/section/timeline`);
    assert.equal(timeline.statusCode, 200);
    assert.match(timeline.body, /Case reopened/);
    assert.doesNotMatch(timeline.body, /CANARY/);

    // Reopened is not closed: a second reopening is refused, and work waits for allocation.
    const again = await postForm(t, leadA, `/cases/${caseId}/reopen`, {
      version: String(reopened.version),
      reason: REASON,
    });
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /Only a closed case can be reopened/);
    assert.equal((await caseRow(caseId)).status, 'reopened');
  });

  it('only a hub lead of the case hub may reopen: others change nothing', async () => {
    const { caseId } = await closedCase();
    const version = String((await caseRow(caseId)).version);
    for (const who of [clinician, officer, otherHubLead]) {
      const page = await getPage(t, who, `/cases/${caseId}/reopen`);
      assert.ok([403, 404].includes(page.statusCode), `GET ${page.statusCode}`);
      const tried = await postForm(t, who, `/cases/${caseId}/reopen`, { version, reason: REASON });
      assert.ok([403, 404].includes(tried.statusCode), `POST ${tried.statusCode}`);
    }
    assert.equal((await caseRow(caseId)).status, 'closed');
    const none = await db()
      .selectFrom('case_reopenings')
      .select('id')
      .where('case_id', '=', caseId)
      .execute();
    assert.equal(none.length, 0);
  });

  it('a reopened case closes again: the latest summary is read, both closures are on the timeline', async () => {
    const { caseId } = await closedCase();
    const first = await caseRow(caseId);
    await postForm(t, leadA, `/cases/${caseId}/reopen`, {
      version: String(first.version),
      reason: REASON,
    });
    // The hub lead allocates it (reopened -> open, a reallocation), then it closes again.
    t.clock.advance(60_000);
    const allocated = await postForm(t, leadA, `/cases/${caseId}/allocation`, {
      version: String((await caseRow(caseId)).version),
      lead: clinician.userId,
    });
    assert.equal(allocated.statusCode, 302, allocated.body);
    assert.equal((await caseRow(caseId)).status, 'open');
    const version = String((await caseRow(caseId)).version);
    const asked = await postForm(t, leadB, `/cases/${caseId}/closure`, {
      version,
      outcome: 'supported_then_discharged',
      summary: 'Second summary.',
      closingNotes: 'Second closing notes.',
      confirm: 'yes',
    });
    assert.equal(asked.statusCode, 303, asked.body);
    const approved = await postForm(t, leadA, `/closures/${caseId}/approve`, {
      version: String((await caseRow(caseId)).version),
    });
    assert.equal(approved.statusCode, 303, approved.body);
    assert.equal((await caseRow(caseId)).status, 'closed');
    const summary = await db()
      .selectFrom('closure_summaries')
      .selectAll()
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    assert.equal(summary.summary, 'Second summary.');
    const decisions = await db()
      .selectFrom('closure_requests')
      .select('decision')
      .where('case_id', '=', caseId)
      .execute();
    assert.deepEqual(
      decisions.map((d) => d.decision),
      ['approved', 'approved'],
    );
    const timeline = await getPage(t, leadA, `/cases/${caseId}/section/timeline`);
    assert.equal(timeline.body.match(/Case closed/g)?.length, 2);
    assert.equal(timeline.body.match(/Case reopened/g)?.length, 1);
  });
});
