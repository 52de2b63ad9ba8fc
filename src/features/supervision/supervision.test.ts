import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { signIn, type SignedIn } from '../../../test/support/auth.ts';
import { getPage, insertCase, postForm } from '../../../test/support/journey.ts';

describe("the police lead's view of the hub's requests", () => {
  let t: TestApp;
  let policeLead: SignedIn;
  let officerA: SignedIn;
  let officerB: SignedIn;
  let leadA: SignedIn;
  let leadB: SignedIn;

  before(async () => {
    t = await testApp();
    policeLead = await signIn(t, { roles: ['police_lead'], hubCodes: ['WM'] });
    officerA = await signIn(t, {
      roles: ['case_officer'],
      hubCodes: ['WM'],
      name: 'Officer Alpha',
    });
    officerB = await signIn(t, {
      roles: ['case_officer'],
      hubCodes: ['WM'],
      name: 'Officer Bravo',
    });
    leadA = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
    leadB = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
  });
  after(async () => {
    await t?.close();
  });

  it('lists, filters and pages the requests; shows police and shared parts, never health', async () => {
    const db = t.database.db;
    const closedCase = await insertCase(db, {
      hubCode: 'WM',
      requestedBy: officerA.userId,
      givenName: 'Closedy',
    });
    await postForm(t, leadA, `/cases/${closedCase.caseId}/advice`, {
      version: '1',
      body: 'Shared advice text',
      'givenAt-day': '1',
      'givenAt-month': '6',
      'givenAt-year': '2026',
      confirm: 'yes',
    });
    await postForm(t, leadA, `/cases/${closedCase.caseId}/closure`, {
      version: '2',
      outcome: 'supported_then_discharged',
      summary: 'Shared closure summary',
      closingNotes: 'CANARY-HEALTH closing notes',
      confirm: 'yes',
    });
    await postForm(t, leadB, `/closures/${closedCase.caseId}/approve`, { version: '3' });
    for (let i = 0; i < 26; i += 1) {
      await insertCase(db, { hubCode: 'WM', requestedBy: officerB.userId, givenName: `Bravo${i}` });
    }
    const otherHubOfficer = await signIn(t, { roles: ['case_officer'], hubCodes: ['NW'] });
    const nw = await insertCase(db, {
      hubCode: 'NW',
      requestedBy: otherHubOfficer.userId,
      givenName: 'Northy',
    });

    const first = await getPage(t, policeLead, '/supervision');
    assert.equal(first.statusCode, 200);
    assert.match(first.body, /Showing 1 to 25 of 27 requests/);
    assert.doesNotMatch(first.body, /Northy/);
    const second = await getPage(t, policeLead, '/supervision?page=2');
    assert.match(second.body, /Showing 26 to 27 of 27 requests/);

    const closedOnly = await getPage(t, policeLead, '/supervision?status=closed');
    assert.match(closedOnly.body, /Showing 1 to 1 of 1 requests/);
    assert.match(closedOnly.body, /Closedy/);
    const byOfficer = await getPage(t, policeLead, `/supervision?officer=${officerA.userId}`);
    assert.match(byOfficer.body, /Showing 1 to 1 of 1 requests/);
    assert.match(byOfficer.body, /Officer Alpha/);
    const nonsense = await getPage(t, policeLead, '/supervision?status=%3Cscript%3E&page=abc');
    assert.equal(nonsense.statusCode, 200);

    const detail = await getPage(t, policeLead, `/supervision/${closedCase.caseId}`);
    assert.equal(detail.statusCode, 200);
    assert.match(detail.body, /PCMT-1/);
    assert.match(detail.body, /Shared advice text/);
    assert.match(detail.body, /Shared closure summary/);
    for (const body of [first.body, second.body, closedOnly.body, detail.body]) {
      assert.doesNotMatch(body, /CANARY-HEALTH/);
    }
    assert.equal((await getPage(t, policeLead, `/supervision/${nw.caseId}`)).statusCode, 404);

    const audit = await db
      .selectFrom('audit_events')
      .select(['subject_type', 'action'])
      .where('actor_user_id', '=', policeLead.userId)
      .execute();
    assert.ok(audit.some((a) => a.subject_type === 'request_list' && a.action === 'consultation'));
    assert.ok(audit.some((a) => a.subject_type === 'case' && a.action === 'consultation'));
    assert.ok(audit.some((a) => a.action === 'denial'));
  });

  it('case officers and clinicians cannot use it; the home page offers it to police leads', async () => {
    assert.equal((await getPage(t, officerA, '/supervision')).statusCode, 403);
    assert.equal((await getPage(t, leadA, '/supervision')).statusCode, 403);
    assert.match((await getPage(t, policeLead, '/home')).body, /Requests in your hub/);
  });
});
