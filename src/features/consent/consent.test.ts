import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { signIn, type SignedIn } from '../../../test/support/auth.ts';
import { submittedCase } from '../../../test/support/cases.ts';

const post = (t: TestApp, who: SignedIn, url: string, payload: Record<string, unknown>) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: who.cookie },
    payload: { _csrf: who.csrfToken, ...payload },
  });
const get = (t: TestApp, who: SignedIn, url: string) =>
  t.app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });

const consent = (status: 'given' | 'withdrawn', version: string) => ({
  status,
  method: 'verbal',
  'decidedAt-day': '1',
  'decidedAt-month': '6',
  'decidedAt-year': '2026',
  'decidedAt-time': '08:00',
  version,
});

/** The version the consent form shows now. */
const formVersion = async (t: TestApp, who: SignedIn, url: string) =>
  /name="version" value="(\d+)"/.exec((await get(t, who, url)).body)?.[1];

describe('consent carries its own version (issue 12)', () => {
  let t: TestApp;
  let caseId: string;
  let clinician: SignedIn;
  let other: SignedIn;
  let lead: SignedIn;
  beforeEach(async () => {
    t = await testApp();
    ({ caseId } = await submittedCase(t.database, t.clock));
    clinician = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'], name: 'Clin One' });
    other = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'], name: 'Clin Two' });
    lead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'], name: 'Lead One' });
    const triaged = await post(t, clinician, `/triage/${caseId}`, {
      decision: 'accept',
      rationale: 'Assess',
      version: '1',
    });
    assert.equal(triaged.statusCode, 302);
    const allocated = await post(t, lead, `/cases/${caseId}/allocation`, {
      lead: clinician.userId,
      version: '2',
    });
    assert.equal(allocated.statusCode, 302);
  });
  afterEach(async () => {
    await t.close();
  });

  it('a consent save after another save on the case is not a conflict, nor the other way round', async () => {
    const opened = await formVersion(t, clinician, `/cases/${caseId}/consent`);
    assert.equal(opened, '0');
    // Meanwhile the hub lead reallocates (the case's own version moves on).
    const reallocated = await post(t, lead, `/cases/${caseId}/allocation`, {
      lead: clinician.userId,
      others: other.userId,
      version: '3',
    });
    assert.equal(reallocated.statusCode, 302);
    const saved = await post(t, clinician, `/cases/${caseId}/consent`, consent('given', opened));
    assert.equal(saved.statusCode, 302);
    // The allocation form opened before the consent save still saves.
    const again = await post(t, lead, `/cases/${caseId}/allocation`, {
      lead: clinician.userId,
      version: '4',
    });
    assert.equal(again.statusCode, 302);
    assert.equal(await formVersion(t, clinician, `/cases/${caseId}/consent`), '1');
    // The lawful basis too has its own version: the consent save did not make it stale.
    const basis = await post(t, clinician, `/cases/${caseId}/lawful-basis`, {
      codes: ['uk_gdpr_6_1_e', 'uk_gdpr_9_2_h'],
      version: '0',
    });
    assert.equal(basis.statusCode, 302);
  });

  it('two consent saves on the same version: one wins, the other gets the conflict page', async () => {
    const [one, two] = await Promise.all([
      post(t, clinician, `/cases/${caseId}/consent`, consent('given', '0')),
      post(t, lead, `/cases/${caseId}/consent`, consent('withdrawn', '0')),
    ]);
    assert.deepEqual([one.statusCode, two.statusCode].sort(), [302, 409]);
    const loser = one.statusCode === 409 ? one : two;
    assert.match(loser.body, /This case changed since you opened it/);
    const rows = await t.database.db
      .selectFrom('consents')
      .select(['version'])
      .where('case_id', '=', caseId)
      .execute();
    assert.deepEqual(rows, [{ version: 1 }]);
    // A later save on the stale version is still a conflict; on the new one it saves.
    assert.equal(
      (await post(t, lead, `/cases/${caseId}/consent`, consent('given', '0'))).statusCode,
      409,
    );
    assert.equal(
      (await post(t, lead, `/cases/${caseId}/consent`, consent('given', '1'))).statusCode,
      302,
    );
  });

  it('an entry written without a version (fixtures, the generator) takes the next one', async () => {
    for (const status of ['not_yet_sought', 'given'] as const) {
      await t.database.db
        .insertInto('consents')
        .values({
          case_id: caseId,
          status,
          method: status === 'given' ? 'verbal' : null,
          decided_at: status === 'given' ? t.clock.now() : null,
          best_interests_by: null,
          note: null,
          recorded_by: clinician.userId,
          recorded_at: t.clock.now(),
        })
        .execute();
    }
    assert.equal(await formVersion(t, clinician, `/cases/${caseId}/consent`), '2');
  });
});
