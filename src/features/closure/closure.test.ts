import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { signIn, type SignedIn } from '../../../test/support/auth.ts';
import { getPage, insertCase, postForm } from '../../../test/support/journey.ts';

const CLOSING_NOTES = 'CANARY-HEALTH: depressive episode, sertraline 50mg';
const SUMMARY = 'The person now sees their GP and a community team.';

const closureForm = (version: string, overrides: Record<string, string> = {}) => ({
  version,
  outcome: 'diverted_mainstream_mental_health',
  summary: SUMMARY,
  closingNotes: CLOSING_NOTES,
  confirm: 'yes',
  ...overrides,
});

describe('closure with hub lead approval, and feedback', () => {
  let t: TestApp;
  let officer: SignedIn;
  let otherOfficer: SignedIn;
  let leadA: SignedIn;
  let leadB: SignedIn;
  let clinician: SignedIn;
  let otherHubLead: SignedIn;

  before(async () => {
    t = await testApp();
    officer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
    otherOfficer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
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
  const requests = (caseId: string) =>
    db().selectFrom('closure_requests').selectAll().where('case_id', '=', caseId).execute();

  async function requested(status: 'open' | 'advice_only' = 'open') {
    const { caseId, reference } = await insertCase(db(), {
      hubCode: 'WM',
      requestedBy: officer.userId,
      status,
    });
    const response = await postForm(t, leadA, `/cases/${caseId}/closure`, closureForm('1'));
    return { caseId, reference, response };
  }

  it('a hub lead requests closure; they cannot approve their own; another hub lead approves', async () => {
    const { caseId, reference, response } = await requested();
    assert.equal(response.statusCode, 303);
    assert.equal((await caseRow(caseId)).status, 'closure_requested');
    assert.equal((await requests(caseId))[0]!.decision, 'pending');

    const queueA = await getPage(t, leadA, '/closures');
    assert.match(queueA.body, new RegExp(reference));
    const ownReview = await getPage(t, leadA, `/closures/${caseId}`);
    assert.equal(ownReview.statusCode, 200);
    assert.match(ownReview.body, /another hub lead must approve it/);
    assert.doesNotMatch(ownReview.body, /Approve closure<\/button>|>\s*Approve closure\s*</);

    const own = await postForm(t, leadA, `/closures/${caseId}/approve`, { version: '2' });
    assert.equal(own.statusCode, 409);
    assert.match(own.body, /You requested this closure, so another hub lead must approve it/);
    assert.equal((await caseRow(caseId)).status, 'closure_requested');

    const review = await getPage(t, leadB, `/closures/${caseId}`);
    assert.match(review.body, /CANARY-HEALTH/);
    const approved = await postForm(t, leadB, `/closures/${caseId}/approve`, { version: '2' });
    assert.equal(approved.statusCode, 303);
    const closed = await caseRow(caseId);
    assert.equal(closed.status, 'closed');
    assert.deepEqual(closed.closed_at, t.clock.now());
    assert.equal(closed.version, 3);
    const summary = await db()
      .selectFrom('closure_summaries')
      .selectAll()
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    assert.equal(summary.summary, SUMMARY);
    assert.equal(summary.approved_by, leadB.userId);
    const audit = await db()
      .selectFrom('audit_events')
      .select(['action', 'actor_user_id'])
      .where('subject_type', '=', 'closure_request')
      .where('action', '=', 'alteration')
      .where('person_id', 'is not', null)
      .execute();
    assert.ok(audit.some((a) => a.actor_user_id === leadB.userId));
    assert.doesNotMatch((await getPage(t, leadB, '/closures')).body, new RegExp(reference));
  });

  it('a stale approval is refused with 409 and changes nothing', async () => {
    const { caseId } = await requested();
    const stale = await postForm(t, leadB, `/closures/${caseId}/approve`, { version: '1' });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /This case changed since you opened it/);
    assert.equal((await caseRow(caseId)).status, 'closure_requested');
  });

  it('the hub lead sends a closure back with a reason; without one: 400 and nothing changes', async () => {
    const { caseId } = await requested();
    const bad = await postForm(t, leadB, `/closures/${caseId}/return`, {
      version: '2',
      reason: ' ',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /There is a problem/);
    assert.match(bad.body, /href="#reason"/);
    assert.equal((await caseRow(caseId)).status, 'closure_requested');

    const back = await postForm(t, leadB, `/closures/${caseId}/return`, {
      version: '2',
      reason: 'Add the GP details first',
    });
    assert.equal(back.statusCode, 303);
    assert.equal((await caseRow(caseId)).status, 'open');
    const [returned] = await requests(caseId);
    assert.equal(returned!.decision, 'returned');
    assert.equal(returned!.return_reason, 'Add the GP details first');
    // A new request can follow.
    const again = await postForm(t, leadA, `/cases/${caseId}/closure`, closureForm('3'));
    assert.equal(again.statusCode, 303);
    assert.equal((await requests(caseId)).length, 2);
  });

  it('bad closure input: 400 with error summary, input kept, nothing written', async () => {
    const { caseId } = await insertCase(db(), { hubCode: 'WM', requestedBy: officer.userId });
    const response = await postForm(
      t,
      leadA,
      `/cases/${caseId}/closure`,
      closureForm('1', { outcome: 'made_up', confirm: '', closingNotes: '' }),
    );
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /There is a problem/);
    for (const field of ['outcome', 'confirm', 'closingNotes']) {
      assert.match(response.body, new RegExp(`href="#${field}"`));
    }
    assert.match(response.body, /The person now sees their GP/);
    assert.deepEqual(await requests(caseId), []);
    assert.equal((await caseRow(caseId)).status, 'open');
  });

  it('an advice-only consultation cannot close before advice is given', async () => {
    const { caseId } = await insertCase(db(), {
      hubCode: 'WM',
      requestedBy: officer.userId,
      status: 'advice_only',
    });
    const form = await getPage(t, clinician, `/cases/${caseId}/closure/new`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /Give advice to the case officer before closing/);
    const refused = await postForm(
      t,
      clinician,
      `/cases/${caseId}/closure`,
      closureForm('1', { outcome: 'advice_given' }),
    );
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /Give advice to the case officer before closing/);
    assert.deepEqual(await requests(caseId), []);

    const advice = await postForm(t, clinician, `/cases/${caseId}/advice`, {
      version: '1',
      body: 'Speak to the school nurse.',
      'givenAt-day': '1',
      'givenAt-month': '6',
      'givenAt-year': '2026',
      confirm: 'yes',
    });
    assert.equal(advice.statusCode, 303);
    const closing = await postForm(
      t,
      clinician,
      `/cases/${caseId}/closure`,
      closureForm('2', { outcome: 'advice_given' }),
    );
    assert.equal(closing.statusCode, 303);
    assert.equal((await caseRow(caseId)).status, 'advice_closure_requested');
    assert.equal(
      (
        await postForm(t, leadB, `/closures/${caseId}/return`, {
          version: '3',
          reason: 'More advice',
        })
      ).statusCode,
      303,
    );
    assert.equal((await caseRow(caseId)).status, 'advice_only');
  });

  it('other hubs and unallocated clinicians get 404; clinicians cannot approve', async () => {
    const { caseId } = await requested();
    assert.equal((await getPage(t, otherHubLead, `/closures/${caseId}`)).statusCode, 404);
    assert.equal(
      (await postForm(t, otherHubLead, `/closures/${caseId}/approve`, { version: '2' })).statusCode,
      404,
    );
    assert.doesNotMatch((await getPage(t, otherHubLead, '/closures')).body, /CANARY/);
    const open = await insertCase(db(), { hubCode: 'WM', requestedBy: officer.userId });
    assert.equal(
      (await getPage(t, clinician, `/cases/${open.caseId}/closure/new`)).statusCode,
      404,
    );
    assert.equal(
      (await postForm(t, clinician, `/cases/${open.caseId}/closure`, closureForm('1'))).statusCode,
      404,
    );
    assert.equal(
      (await postForm(t, clinician, `/closures/${caseId}/approve`, { version: '2' })).statusCode,
      403,
    );
    assert.equal((await getPage(t, clinician, '/closures')).statusCode, 403);
    assert.equal((await caseRow(caseId)).status, 'closure_requested');
  });

  it('the officer reads the summary (never the closing notes) and answers feedback once', async () => {
    const { caseId } = await requested();
    const officerPages: string[] = [];
    const early = await getPage(t, officer, `/requests/${caseId}/feedback`);
    officerPages.push(early.body);
    assert.equal(early.statusCode, 200);
    assert.doesNotMatch(early.body, /The person now sees their GP/, 'no summary before approval');
    const tooEarly = await postForm(t, officer, `/requests/${caseId}/feedback`, {
      confidence: '4',
    });
    assert.equal(tooEarly.statusCode, 409);
    officerPages.push(tooEarly.body);

    await postForm(t, leadB, `/closures/${caseId}/approve`, { version: '2' });
    const page = await getPage(t, officer, `/requests/${caseId}/feedback`);
    officerPages.push(page.body);
    assert.match(page.body, /The person now sees their GP/);
    assert.match(
      page.body,
      /How confident do you now feel about when and how to seek VSS support\?/,
    );

    const bad = await postForm(t, officer, `/requests/${caseId}/feedback`, {
      comment: 'Kept comment',
    });
    officerPages.push(bad.body);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#confidence"/);
    assert.match(bad.body, /Kept comment/);

    assert.equal(
      (await getPage(t, otherOfficer, `/requests/${caseId}/feedback`)).statusCode,
      404,
      "another officer's request",
    );
    assert.equal(
      (await postForm(t, otherOfficer, `/requests/${caseId}/feedback`, { confidence: '1' }))
        .statusCode,
      404,
    );

    const ok = await postForm(t, officer, `/requests/${caseId}/feedback`, {
      confidence: '4',
      comment: 'Helpful',
    });
    assert.equal(ok.statusCode, 303);
    const twice = await postForm(t, officer, `/requests/${caseId}/feedback`, { confidence: '1' });
    assert.equal(twice.statusCode, 409);
    assert.match(twice.body, /already answered/);
    const stored = await db()
      .selectFrom('closure_feedback')
      .selectAll()
      .where('case_id', '=', caseId)
      .execute();
    assert.equal(stored.length, 1);
    assert.equal(stored[0]!.confidence, 4);
    const answered = await getPage(t, officer, `/requests/${caseId}/feedback`);
    officerPages.push(answered.body);
    assert.match(answered.body, /Very confident/);

    for (const body of officerPages) assert.doesNotMatch(body, /CANARY-HEALTH|sertraline/);
  });

  it('the home page offers "Closures to approve" to hub leads only', async () => {
    assert.match((await getPage(t, leadA, '/home')).body, /Closures to approve/);
    assert.doesNotMatch((await getPage(t, clinician, '/home')).body, /Closures to approve/);
  });
});
