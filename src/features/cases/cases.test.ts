import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { signIn, type SignedIn } from '../../../test/support/auth.ts';
import { submittedCase } from '../../../test/support/cases.ts';

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

const version = async (t: TestApp, caseId: string) =>
  (
    await t.database.db
      .selectFrom('cases')
      .select('version')
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow()
  ).version;

describe('allocation, case page, access reasons, consent', () => {
  let t: TestApp;
  let caseId: string;
  let reference: string;
  let clinician: SignedIn;
  let lead: SignedIn;
  beforeEach(async () => {
    t = await testApp();
    ({ caseId, reference } = await submittedCase(t.database, t.clock));
    clinician = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'], name: 'Clin One' });
    lead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'], name: 'Lead One' });
    const triaged = await post(t, clinician, `/triage/${caseId}`, {
      decision: 'accept',
      rationale: 'Assess',
      version: '1',
    });
    assert.equal(triaged.statusCode, 302);
  });
  afterEach(async () => {
    await t.close();
  });

  it('the hub lead allocates; the clinician sees My cases, the case page and records consent', async () => {
    const form = await get(t, lead, `/cases/${caseId}/allocation`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /Clin One/);
    const bad = await post(t, lead, `/cases/${caseId}/allocation`, { version: '2' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Select the lead practitioner/);
    const ok = await post(t, lead, `/cases/${caseId}/allocation`, {
      lead: clinician.userId,
      version: '2',
    });
    assert.equal(ok.statusCode, 302);
    assert.equal(ok.headers.location, `/cases/${caseId}?done=allocated`);
    assert.equal(await version(t, caseId), 3);
    const saved = await get(t, lead, String(ok.headers.location));
    assert.match(saved.body, /govuk-notification-banner--success[\s\S]*Case allocated/);
    // Only a known notice code shows anything.
    const unknown = await get(t, lead, `/cases/${caseId}?done=%3Cscript%3E`);
    assert.equal(unknown.statusCode, 200);
    assert.doesNotMatch(unknown.body, /govuk-notification-banner--success/);

    const mine = await get(t, clinician, '/cases?tab=mine');
    assert.ok(mine.body.includes(reference));
    // The case is a workspace of sections (issue 13): each shows its own panels.
    const page = await get(t, clinician, `/cases/${caseId}`);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(`href="/cases/${caseId}/closure/new"`), 'Request closure link');
    const timeline = await get(t, clinician, `/cases/${caseId}/section/timeline`);
    assert.equal(timeline.statusCode, 200);
    assert.match(timeline.body, /Request submitted/);
    assert.match(timeline.body, /Triaged: Accept for assessment/);
    assert.match(timeline.body, /Allocated to Clin One/);
    const disclosures = await get(t, clinician, `/cases/${caseId}/section/disclosures`);
    assert.ok(disclosures.body.includes(`href="/cases/${caseId}/advice/new"`), 'Give advice link');
    assert.match(disclosures.body, /No advice given yet\./);
    const request = await get(t, clinician, `/cases/${caseId}/section/request`);
    assert.match(request.body, /No police updates\./);

    const noConsent = await post(t, clinician, `/cases/${caseId}/consent`, {
      status: 'given',
      version: '0',
    });
    assert.equal(noConsent.statusCode, 400);
    assert.match(noConsent.body, /Select how the person gave their decision/);
    assert.match(noConsent.body, /Enter the date of the decision/);
    const consent = await post(t, clinician, `/cases/${caseId}/consent`, {
      status: 'given',
      method: 'verbal',
      'decidedAt-day': '1',
      'decidedAt-month': '6',
      'decidedAt-year': '2026',
      'decidedAt-time': '08:00',
      // Consent carries its own version (0081): none recorded yet.
      version: '0',
    });
    assert.equal(consent.statusCode, 302);
    const stale = await post(t, clinician, `/cases/${caseId}/consent`, {
      status: 'withdrawn',
      method: 'written',
      'decidedAt-day': '1',
      'decidedAt-month': '6',
      'decidedAt-year': '2026',
      'decidedAt-time': '08:30',
      version: '0',
    });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /This case changed since you opened it/);
    assert.match(stale.body, /Withdrawn/);
    assert.equal(
      consent.headers.location,
      `/cases/${caseId}/section/assessment?done=consent#consent`,
    );
    const after = await get(t, clinician, `/cases/${caseId}/section/timeline`);
    assert.match(after.body, /Consent recorded: Given/);

    const basis = await post(t, clinician, `/cases/${caseId}/lawful-basis`, {
      codes: ['uk_gdpr_6_1_e'],
      // The lawful basis carries its own version too: none recorded yet.
      version: '0',
    });
    assert.equal(basis.statusCode, 400);
    assert.match(basis.body, /Article 9/);
    const basisOk = await post(t, clinician, `/cases/${caseId}/lawful-basis`, {
      codes: ['uk_gdpr_6_1_e', 'uk_gdpr_9_2_h'],
      version: '0',
    });
    assert.equal(basisOk.statusCode, 302);
  });

  it('an unallocated clinician gives a reason first; it is stored, audited and listed for IG', async () => {
    const other = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    const first = await get(t, other, `/cases/${caseId}`);
    assert.equal(first.statusCode, 302);
    assert.equal(first.headers.location, `/cases/${caseId}/reason`);
    const empty = await post(t, other, `/cases/${caseId}/reason`, { reason: ' ' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Enter why you need to open this case/);
    const given = await post(t, other, `/cases/${caseId}/reason`, {
      reason: 'Covering for a colleague on leave',
    });
    assert.equal(given.statusCode, 302);
    assert.equal((await get(t, other, `/cases/${caseId}`)).statusCode, 200);
    // Reading is allowed by the reason; recording is for the allocated and the hub lead.
    assert.equal((await get(t, other, `/cases/${caseId}/consent`)).statusCode, 403);
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select(['reason'])
      .where('subject_type', '=', 'case_access_reason')
      .execute();
    assert.deepEqual(audit, [{ reason: 'Covering for a colleague on leave' }]);

    const ig = await signIn(t, { roles: ['ig_officer'] });
    const log = await get(t, ig, '/audit/access-reasons');
    assert.equal(log.statusCode, 200);
    assert.match(log.body, /Covering for a colleague on leave/);
    assert.equal((await get(t, clinician, '/audit/access-reasons')).statusCode, 403);
  });

  it("another hub's clinician or lead gets 404 and a denial row; a case officer gets 403 everywhere", async () => {
    const stranger = await signIn(t, { roles: ['hub_lead'], hubCodes: ['NW'] });
    for (const url of [
      `/cases/${caseId}`,
      `/cases/${caseId}/reason`,
      `/cases/${caseId}/allocation`,
      `/cases/${caseId}/consent`,
      `/cases/${caseId}/lawful-basis`,
    ]) {
      assert.equal((await get(t, stranger, url)).statusCode, 404, url);
    }
    const denials = await t.database.db
      .selectFrom('audit_events')
      .select('id')
      .where('action', '=', 'denial')
      .where('subject_id', '=', caseId)
      .execute();
    assert.equal(denials.length, 5);
    assert.ok(!(await get(t, stranger, '/cases?tab=open')).body.includes(reference));

    const officer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
    for (const url of [
      '/cases',
      `/cases/${caseId}`,
      `/cases/${caseId}/reason`,
      `/cases/${caseId}/allocation`,
      `/cases/${caseId}/consent`,
      `/cases/${caseId}/lawful-basis`,
      '/audit/access-reasons',
    ]) {
      assert.equal((await get(t, officer, url)).statusCode, 403, url);
    }
    for (const url of [
      `/cases/${caseId}/reason`,
      `/cases/${caseId}/allocation`,
      `/cases/${caseId}/consent`,
      `/cases/${caseId}/lawful-basis`,
    ]) {
      assert.equal((await post(t, officer, url, {})).statusCode, 403, url);
    }
    // A clinician may not allocate.
    assert.equal((await get(t, clinician, `/cases/${caseId}/allocation`)).statusCode, 403);
  });

  it('consent cannot be recorded before allocation (state machine refusal)', async () => {
    const refused = await post(t, lead, `/cases/${caseId}/consent`, {
      status: 'not_yet_sought',
      version: '2',
    });
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /Allocate this case first/);
    assert.equal(await version(t, caseId), 2);
  });
});
