import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { signIn, type SignedIn } from '../../../test/support/auth.ts';
import { allocate } from '../../../test/support/clinical.ts';
import { caseVersion, getPage, insertCase, postForm } from '../../../test/support/journey.ts';

describe('police updates', () => {
  let t: TestApp;
  let officer: SignedIn;
  let otherOfficer: SignedIn;
  let clinician: SignedIn;
  let otherHubClinician: SignedIn;

  before(async () => {
    t = await testApp();
    officer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
    otherOfficer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
    clinician = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    otherHubClinician = await signIn(t, { roles: ['clinician'], hubCodes: ['NW'] });
  });
  after(async () => {
    await t?.close();
  });

  const updates = (caseId: string) =>
    t.database.db.selectFrom('police_updates').selectAll().where('case_id', '=', caseId).execute();

  it('the requesting officer adds an update; the hub clinicians read it', async () => {
    const { caseId } = await insertCase(t.database.db, {
      hubCode: 'WM',
      requestedBy: officer.userId,
    });
    assert.equal((await getPage(t, officer, `/requests/${caseId}/updates/new`)).statusCode, 200);
    const added = await postForm(t, officer, `/requests/${caseId}/updates`, {
      version: '1',
      body: 'Moved to a new address in B16.',
    });
    assert.equal(added.statusCode, 303);
    assert.equal(added.headers.location, `/requests/${caseId}?done=police-update`);
    assert.equal((await updates(caseId)).length, 1);
    assert.equal(await caseVersion(t.database.db, caseId), '2');

    // Police content is for the case's clinicians: this one is allocated (an unallocated one
    // gives a reason first, below).
    await allocate(t.database.db, { caseId, clinicianId: clinician.userId, byId: officer.userId });
    const read = await getPage(t, clinician, `/cases/${caseId}/police-updates`);
    assert.equal(read.statusCode, 200);
    assert.match(read.body, /Moved to a new address in B16\./);
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('subject_type', '=', 'police_updates')
      .where('actor_user_id', '=', clinician.userId)
      .execute();
    assert.deepEqual(audit, [{ action: 'consultation' }]);
    assert.equal(
      (await getPage(t, otherHubClinician, `/cases/${caseId}/police-updates`)).statusCode,
      404,
    );
  });

  it("another officer's request: 404 and nothing written", async () => {
    const { caseId } = await insertCase(t.database.db, {
      hubCode: 'WM',
      requestedBy: officer.userId,
    });
    assert.equal(
      (await getPage(t, otherOfficer, `/requests/${caseId}/updates/new`)).statusCode,
      404,
    );
    const post = await postForm(t, otherOfficer, `/requests/${caseId}/updates`, {
      version: '1',
      body: 'Not mine',
    });
    assert.equal(post.statusCode, 404);
    assert.deepEqual(await updates(caseId), []);
  });

  it('bad input: 400 with error summary and nothing written; stale: 409; closed: refused', async () => {
    const { caseId } = await insertCase(t.database.db, {
      hubCode: 'WM',
      requestedBy: officer.userId,
    });
    const bad = await postForm(t, officer, `/requests/${caseId}/updates`, {
      version: '1',
      body: '  ',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /There is a problem/);
    assert.match(bad.body, /href="#body"/);
    const stale = await postForm(t, officer, `/requests/${caseId}/updates`, {
      version: '7',
      body: 'x',
    });
    assert.equal(stale.statusCode, 409);
    assert.deepEqual(await updates(caseId), []);

    const closed = await insertCase(t.database.db, {
      hubCode: 'WM',
      requestedBy: officer.userId,
      status: 'closed',
    });
    const late = await postForm(t, officer, `/requests/${closed.caseId}/updates`, {
      version: '1',
      body: 'Too late',
    });
    assert.equal(late.statusCode, 409);
    assert.match(late.body, /This case is closed/);
    assert.deepEqual(await updates(closed.caseId), []);
  });

  it('clinicians cannot add police updates', async () => {
    const { caseId } = await insertCase(t.database.db, {
      hubCode: 'WM',
      requestedBy: officer.userId,
    });
    const post = await postForm(t, clinician, `/requests/${caseId}/updates`, {
      version: '1',
      body: 'x',
    });
    assert.equal(post.statusCode, 403);
  });

  it('an unallocated clinician of the hub without a reason is sent to the reason page', async () => {
    const { caseId } = await insertCase(t.database.db, {
      hubCode: 'WM',
      requestedBy: officer.userId,
    });
    await postForm(t, officer, `/requests/${caseId}/updates`, {
      version: '1',
      body: 'CANARY-POLICE: new address',
    });
    const lead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
    const allocated = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    await allocate(t.database.db, { caseId, clinicianId: allocated.userId, byId: lead.userId });
    for (const who of [lead, allocated]) {
      const page = await getPage(t, who, `/cases/${caseId}/police-updates`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /CANARY-POLICE/);
    }
    const unallocated = await getPage(t, clinician, `/cases/${caseId}/police-updates`);
    assert.ok([302, 303].includes(unallocated.statusCode));
    assert.equal(unallocated.headers.location, `/cases/${caseId}/reason`);
    assert.doesNotMatch(unallocated.body, /CANARY-POLICE|Testy/);
  });
});
