import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { signIn, type SignedIn } from '../../../test/support/auth.ts';
import { allocate } from '../../../test/support/clinical.ts';
import { caseVersion, getPage, insertCase, postForm } from '../../../test/support/journey.ts';

const goodAdvice = (version: string) => ({
  version,
  title: 'Communicating with the person',
  body: 'Use short written questions and give time to answer.',
  'givenAt-day': '1',
  'givenAt-month': '6',
  'givenAt-year': '2026',
  confirm: 'yes',
});

describe('advice to the case officer', () => {
  let t: TestApp;
  let officer: SignedIn;
  let lead: SignedIn;
  let clinician: SignedIn;
  let otherHubLead: SignedIn;

  before(async () => {
    t = await testApp();
    officer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
    lead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
    clinician = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    otherHubLead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['NW'] });
  });
  after(async () => {
    await t?.close();
  });

  const adviceRows = (caseId: string) =>
    t.database.db.selectFrom('advice').selectAll().where('case_id', '=', caseId).execute();

  it('the hub lead gives advice in an open case: saved, audited, version moved on', async () => {
    const { caseId } = await insertCase(t.database.db, {
      hubCode: 'WM',
      requestedBy: officer.userId,
    });
    const form = await getPage(t, lead, `/cases/${caseId}/advice/new`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /will be shown to the case officer/);
    assert.match(
      form.body,
      /This advice contains no health information that has not been released by a disclosure decision/,
    );

    const response = await postForm(t, lead, `/cases/${caseId}/advice`, goodAdvice('1'));
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, `/cases/${caseId}/advice?done=advice-given`);
    const rows = await adviceRows(caseId);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.given_at, '2026-06-01');
    assert.equal(rows[0]!.author_id, lead.userId);
    assert.equal(await caseVersion(t.database.db, caseId), '2');
    const audit = await t.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('subject_type', '=', 'advice')
      .where('subject_id', '=', rows[0]!.id)
      .execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.action, 'collection');

    const list = await getPage(t, lead, `/cases/${caseId}/advice`);
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Use short written questions/);
  });

  it('a communication strategy: approach and what to avoid required, stored with its kind', async () => {
    const { caseId } = await insertCase(t.database.db, {
      hubCode: 'WM',
      requestedBy: officer.userId,
    });
    const strategy = {
      ...goodAdvice('1'),
      body: '',
      kind: 'communication_strategy',
      approach: 'Short written questions',
      avoid: '',
      involve: '',
    };
    const missing = await postForm(t, lead, `/cases/${caseId}/advice`, strategy);
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /href="#avoid"/);
    assert.doesNotMatch(missing.body, /href="#body"/);
    assert.match(missing.body, /Short written questions/);
    assert.deepEqual(await adviceRows(caseId), []);

    const saved = await postForm(t, lead, `/cases/${caseId}/advice`, {
      ...strategy,
      avoid: 'Phone calls without warning',
    });
    assert.equal(saved.statusCode, 303);
    const [row] = await adviceRows(caseId);
    assert.equal(row!.kind, 'communication_strategy');
    assert.equal(row!.body, 'Short written questions');
    assert.equal(row!.avoid, 'Phone calls without warning');
    assert.equal(row!.involve, null);

    const unknown = await postForm(t, lead, `/cases/${caseId}/advice`, {
      ...goodAdvice('2'),
      kind: 'instruction',
    });
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /href="#kind"/);

    const list = await getPage(t, lead, `/cases/${caseId}/advice`);
    assert.match(list.body, /Communication strategy: Communicating with the person/);
    assert.match(list.body, /What to avoid/);
  });

  it('bad input: 400, error summary, input kept, nothing written', async () => {
    const { caseId } = await insertCase(t.database.db, {
      hubCode: 'WM',
      requestedBy: officer.userId,
    });
    const response = await postForm(t, lead, `/cases/${caseId}/advice`, {
      ...goodAdvice('1'),
      body: '',
      confirm: '',
      'givenAt-day': '31',
      'givenAt-month': '2',
      title: 'Kept title',
    });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /There is a problem/);
    assert.match(response.body, /<title>Error:/);
    assert.match(response.body, /href="#body"/);
    assert.match(response.body, /href="#confirm"/);
    assert.match(response.body, /href="#givenAt-day"/);
    assert.match(response.body, /value="Kept title"/);
    assert.deepEqual(await adviceRows(caseId), []);
    assert.equal(await caseVersion(t.database.db, caseId), '1');
  });

  it('a stale form is refused with 409 and nothing is written', async () => {
    const { caseId } = await insertCase(t.database.db, {
      hubCode: 'WM',
      requestedBy: officer.userId,
    });
    assert.equal(
      (await postForm(t, lead, `/cases/${caseId}/advice`, goodAdvice('1'))).statusCode,
      303,
    );
    const stale = await postForm(t, lead, `/cases/${caseId}/advice`, goodAdvice('1'));
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /This case changed since you opened it/);
    assert.equal((await adviceRows(caseId)).length, 1);
  });

  it('another hub or an unallocated clinician gets 404 and a denial audit row', async () => {
    const { caseId } = await insertCase(t.database.db, {
      hubCode: 'WM',
      requestedBy: officer.userId,
    });
    for (const who of [otherHubLead, clinician]) {
      assert.equal((await getPage(t, who, `/cases/${caseId}/advice/new`)).statusCode, 404);
      const post = await postForm(t, who, `/cases/${caseId}/advice`, goodAdvice('1'));
      assert.equal(post.statusCode, 404);
    }
    assert.equal((await getPage(t, otherHubLead, `/cases/${caseId}/advice`)).statusCode, 404);
    assert.deepEqual(await adviceRows(caseId), []);
    const denials = await t.database.db
      .selectFrom('audit_events')
      .select('actor_user_id')
      .where('action', '=', 'denial')
      .where('subject_id', '=', caseId)
      .execute();
    assert.ok(denials.some((d) => d.actor_user_id === clinician.userId));
    assert.ok(denials.some((d) => d.actor_user_id === otherHubLead.userId));
  });

  it('an allocated clinician gives advice; allocation ended: 404', async () => {
    const { caseId } = await insertCase(t.database.db, {
      hubCode: 'WM',
      requestedBy: officer.userId,
    });
    const allocation = await t.database.db
      .insertInto('allocations')
      .values({
        case_id: caseId,
        clinician_id: clinician.userId,
        role: 'lead',
        allocated_from: t.clock.now(),
        allocated_by: lead.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    assert.equal(
      (await postForm(t, clinician, `/cases/${caseId}/advice`, goodAdvice('1'))).statusCode,
      303,
    );
    await t.database.db
      .updateTable('allocations')
      .set({ allocated_to: t.clock.now(), ended_by: lead.userId })
      .where('id', '=', allocation.id)
      .execute();
    assert.equal(
      (await postForm(t, clinician, `/cases/${caseId}/advice`, goodAdvice('2'))).statusCode,
      404,
    );
    assert.equal((await adviceRows(caseId)).length, 1);
  });

  it('any clinician of the hub advises in an advice-only consultation', async () => {
    const { caseId } = await insertCase(t.database.db, {
      hubCode: 'WM',
      requestedBy: officer.userId,
      status: 'advice_only',
    });
    const response = await postForm(t, clinician, `/cases/${caseId}/advice`, goodAdvice('1'));
    assert.equal(response.statusCode, 303);
    assert.equal((await adviceRows(caseId)).length, 1);
  });

  it('no advice in a case awaiting triage or closed: refused with the reason', async () => {
    for (const status of ['awaiting_triage', 'closed'] as const) {
      const { caseId } = await insertCase(t.database.db, {
        hubCode: 'WM',
        requestedBy: officer.userId,
        status,
      });
      const response = await postForm(t, lead, `/cases/${caseId}/advice`, goodAdvice('1'));
      assert.equal(response.statusCode, 409);
      assert.match(
        response.body,
        status === 'closed' ? /This case is closed/ : /Triage this request first/,
      );
      assert.deepEqual(await adviceRows(caseId), []);
    }
  });

  it('case officers and police leads cannot use these routes', async () => {
    const { caseId } = await insertCase(t.database.db, {
      hubCode: 'WM',
      requestedBy: officer.userId,
    });
    const policeLead = await signIn(t, { roles: ['police_lead'], hubCodes: ['WM'] });
    for (const who of [officer, policeLead]) {
      assert.equal((await getPage(t, who, `/cases/${caseId}/advice/new`)).statusCode, 403);
      assert.equal(
        (await postForm(t, who, `/cases/${caseId}/advice`, goodAdvice('1'))).statusCode,
        403,
      );
    }
  });

  it('the advice list: the case clinicians and hub lead read it; an unallocated clinician gives a reason first', async () => {
    const { caseId } = await insertCase(t.database.db, {
      hubCode: 'WM',
      requestedBy: officer.userId,
      givenName: 'Adviceperson',
    });
    assert.equal(
      (await postForm(t, lead, `/cases/${caseId}/advice`, goodAdvice('1'))).statusCode,
      303,
    );
    const allocated = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    await allocate(t.database.db, { caseId, clinicianId: allocated.userId, byId: lead.userId });
    for (const who of [lead, allocated]) {
      const list = await getPage(t, who, `/cases/${caseId}/advice`);
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /Adviceperson/);
      assert.match(list.body, /Use short written questions/);
    }
    const unallocated = await getPage(t, clinician, `/cases/${caseId}/advice`);
    assert.ok([302, 303].includes(unallocated.statusCode));
    assert.equal(unallocated.headers.location, `/cases/${caseId}/reason`);
    assert.doesNotMatch(unallocated.body, /Adviceperson|Use short written questions/);
  });

  it('an advice-only consultation: any clinician of the hub reads the list and advises', async () => {
    const { caseId } = await insertCase(t.database.db, {
      hubCode: 'WM',
      requestedBy: officer.userId,
      status: 'advice_only',
    });
    const list = await getPage(t, clinician, `/cases/${caseId}/advice`);
    assert.equal(list.statusCode, 200);
    assert.ok(list.body.includes(`href="/cases/${caseId}/advice/new"`), 'Give advice link');
    assert.equal((await getPage(t, clinician, `/cases/${caseId}/advice/new`)).statusCode, 200);
    const response = await postForm(t, clinician, `/cases/${caseId}/advice`, goodAdvice('1'));
    assert.equal(response.statusCode, 303);
  });
});
