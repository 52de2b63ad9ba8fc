import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { signIn, type SignedIn } from '../../../test/support/auth.ts';
import { submittedCase } from '../../../test/support/cases.ts';
import { usingPostgres } from '../../../test/support/database.ts';

const DAY = 24 * 3600 * 1000;

async function post(t: TestApp, who: SignedIn, url: string, payload: Record<string, unknown>) {
  return t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: who.cookie },
    payload: { _csrf: who.csrfToken, ...payload },
  });
}
const get = (t: TestApp, who: SignedIn, url: string) =>
  t.app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });

async function caseRow(t: TestApp, caseId: string) {
  return t.database.db
    .selectFrom('cases')
    .select(['status', 'version'])
    .where('id', '=', caseId)
    .executeTakeFirstOrThrow();
}

describe('triage', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await testApp();
  });
  afterEach(async () => {
    await t.close();
  });

  it('lists the hub queue urgent first then oldest, with waiting time, hub-filtered', async () => {
    const first = await submittedCase(t.database, t.clock);
    t.clock.advance(DAY);
    const urgent = await submittedCase(t.database, t.clock, {
      answers: { urgency: { personAware: 'yes', urgency: 'urgent', urgencyReason: 'Crisis' } },
    });
    const other = await submittedCase(t.database, t.clock, { hubCode: 'NW' });
    t.clock.advance(2 * DAY);
    const clinician = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    const page = await get(t, clinician, '/triage');
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(first.reference));
    assert.ok(!page.body.includes(other.reference), 'another hub is not listed');
    assert.ok(page.body.indexOf(urgent.reference) < page.body.indexOf(first.reference));
    assert.match(page.body, /3 days/);
    assert.match(page.body, /2 days/);
  });

  it('accepts a request: status moves, time to triage stored, audited; second decision refused', async () => {
    const { caseId } = await submittedCase(t.database, t.clock);
    t.clock.advance(3 * DAY);
    const clinician = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    const page = await get(t, clinician, `/triage/${caseId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Testy McTestface/, 'sees the police request');
    assert.match(page.body, /Low mood/);
    const ok = await post(t, clinician, `/triage/${caseId}`, {
      decision: 'accept',
      rationale: 'Needs assessment',
      version: '1',
    });
    assert.equal(ok.statusCode, 302);
    assert.equal(ok.headers.location, `/triage/${caseId}/decided`);
    assert.deepEqual(await caseRow(t, caseId), { status: 'awaiting_allocation', version: 2 });
    const decision = await t.database.db
      .selectFrom('triage_decisions')
      .selectAll()
      .executeTakeFirstOrThrow();
    assert.equal(decision.seconds_to_triage, 3 * 24 * 3600);
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('subject_type', '=', 'triage_decision')
      .execute();
    assert.deepEqual(audit, [{ action: 'collection' }]);

    const again = await post(t, clinician, `/triage/${caseId}`, {
      decision: 'decline',
      rationale: 'x',
      signposting: 'GP',
      version: '1',
    });
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /This case changed since you opened it/);
    assert.match(again.body, /already been triaged/);
    assert.match(again.body, /Decline with signposting/, 'shows what they tried');
    const count = await t.database.db
      .selectFrom('triage_decisions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 1);
  });

  it('bad input: 400 with an error summary, input kept, nothing written', async () => {
    const { caseId } = await submittedCase(t.database, t.clock);
    const clinician = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    for (const [payload, message] of [
      [{ version: '1' }, 'Select a triage decision'],
      [{ decision: 'accept', version: '1' }, 'Enter the rationale for your decision'],
      [
        { decision: 'decline', rationale: 'Kept rationale', version: '1' },
        'Enter where you signposted',
      ],
      [
        { decision: 'urgent', rationale: 'Kept rationale', version: '1' },
        'Enter the service the person was diverted to',
      ],
      [
        {
          decision: 'urgent',
          rationale: 'Kept rationale',
          divertedTo: 'Crisis team',
          'divertedAt-day': '31',
          'divertedAt-month': '2',
          'divertedAt-year': '2026',
          'divertedAt-time': '10:00',
          version: '1',
        },
        'must be a real date',
      ],
    ] as const) {
      const response = await post(t, clinician, `/triage/${caseId}`, payload);
      assert.equal(response.statusCode, 400, message);
      assert.match(response.body, /There is a problem/);
      assert.ok(response.body.includes(message), message);
      assert.match(response.body, /<title>Error:/);
      if ('rationale' in payload) assert.match(response.body, /Kept rationale/);
    }
    assert.deepEqual(await caseRow(t, caseId), { status: 'awaiting_triage', version: 1 });
  });

  it('urgent diversion closes the case with the service and time', async () => {
    const { caseId } = await submittedCase(t.database, t.clock);
    const clinician = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    const response = await post(t, clinician, `/triage/${caseId}`, {
      decision: 'urgent',
      rationale: 'Acute risk',
      divertedTo: 'Crisis resolution team',
      'divertedAt-day': '1',
      'divertedAt-month': '6',
      'divertedAt-year': '2026',
      'divertedAt-time': '09:30',
      version: '1',
    });
    assert.equal(response.statusCode, 302);
    const row = await t.database.db
      .selectFrom('triage_decisions')
      .select(['diverted_to', 'diverted_at'])
      .executeTakeFirstOrThrow();
    assert.equal(row.diverted_to, 'Crisis resolution team');
    // 09:30 in London on 1 June (BST) is 08:30 UTC.
    assert.equal(row.diverted_at!.toISOString(), '2026-06-01T08:30:00.000Z');
    assert.equal((await caseRow(t, caseId)).status, 'closed');
  });

  it("another hub's clinician gets 404 and a denial row; a case officer gets 403", async () => {
    const { caseId } = await submittedCase(t.database, t.clock);
    const stranger = await signIn(t, { roles: ['clinician'], hubCodes: ['NW'] });
    assert.equal((await get(t, stranger, `/triage/${caseId}`)).statusCode, 404);
    const post404 = await post(t, stranger, `/triage/${caseId}`, {
      decision: 'accept',
      rationale: 'x',
      version: '1',
    });
    assert.equal(post404.statusCode, 404);
    const denials = await t.database.db
      .selectFrom('audit_events')
      .select('subject_id')
      .where('action', '=', 'denial')
      .where('subject_type', '=', 'case')
      .execute();
    assert.equal(denials.length, 2);
    assert.equal(denials[0]!.subject_id, caseId);
    assert.equal((await caseRow(t, caseId)).version, 1);

    const officer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
    for (const url of ['/triage', `/triage/${caseId}`, `/triage/${caseId}/decided`]) {
      assert.equal((await get(t, officer, url)).statusCode, 403, url);
    }
    assert.equal(
      (await post(t, officer, `/triage/${caseId}`, { decision: 'accept' })).statusCode,
      403,
    );
  });

  it('two clinicians triaging the same case at once: exactly one wins', async () => {
    const { caseId } = await submittedCase(t.database, t.clock);
    const a = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    const b = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    const [one, two] = await Promise.all([
      post(t, a, `/triage/${caseId}`, { decision: 'accept', rationale: 'A', version: '1' }),
      post(t, b, `/triage/${caseId}`, {
        decision: 'advice_only',
        rationale: 'B',
        version: '1',
      }),
    ]);
    const statuses = [one.statusCode, two.statusCode].sort();
    assert.deepEqual(statuses, [302, 409], usingPostgres() ? 'on PostgreSQL' : 'on PGlite');
    const rows = await t.database.db.selectFrom('triage_decisions').select('decision').execute();
    assert.equal(rows.length, 1);
    assert.equal((await caseRow(t, caseId)).version, 2);
  });
});
