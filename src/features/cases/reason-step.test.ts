import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { signIn, type SignedIn } from '../../../test/support/auth.ts';
import { submittedCase } from '../../../test/support/cases.ts';

const get = (t: TestApp, who: SignedIn, url: string) =>
  t.app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });
const post = (t: TestApp, who: SignedIn, url: string, payload: Record<string, unknown>) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: who.cookie },
    payload: { _csrf: who.csrfToken, ...payload },
  });

describe('the reason step and malformed case ids (issue 12)', () => {
  let t: TestApp;
  let caseId: string;
  let clinician: SignedIn;
  let other: SignedIn;
  beforeEach(async () => {
    t = await testApp();
    ({ caseId } = await submittedCase(t.database, t.clock));
    clinician = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    other = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    const lead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
    await post(t, clinician, `/triage/${caseId}`, {
      decision: 'accept',
      rationale: 'Assess',
      version: '1',
    });
    const allocated = await post(t, lead, `/cases/${caseId}/allocation`, {
      lead: clinician.userId,
      version: '2',
    });
    assert.equal(allocated.statusCode, 302);
  });
  afterEach(async () => {
    await t.close();
  });

  it('an unallocated clinician of the hub without a reason is sent to the reason page everywhere', async () => {
    for (const url of [
      `/cases/${caseId}`,
      // Every section of the case workspace asks the reason first (issue 13).
      ...['request', 'assessment', 'plan', 'contacts-and-notes', 'liaison-and-meetings']
        .concat(['disclosures', 'documents', 'timeline'])
        .map((s) => `/cases/${caseId}/section/${s}`),
      `/cases/${caseId}/advice`,
      `/cases/${caseId}/police-updates`,
    ]) {
      const response = await get(t, other, url);
      assert.ok([302, 303].includes(response.statusCode), `${url}: ${response.statusCode}`);
      assert.equal(response.headers.location, `/cases/${caseId}/reason`, url);
      assert.ok(!response.body.includes('Testy'), `${url} shows nothing of the person`);
    }
    // The allocated clinician goes straight in; the reason page sends them to the case.
    assert.equal((await get(t, clinician, `/cases/${caseId}`)).statusCode, 200);
    const reason = await get(t, clinician, `/cases/${caseId}/reason`);
    assert.equal(reason.headers.location, `/cases/${caseId}`);
  });

  it('a malformed case id is a 404, never a 500', async () => {
    for (const url of [
      '/cases/not-a-uuid',
      '/cases/%00',
      '/cases/not-a-uuid/reason',
      '/cases/%00/consent',
      '/cases/not-a-uuid/lawful-basis',
      '/triage/%00',
      '/triage/not-a-uuid/decided',
    ]) {
      assert.equal((await get(t, clinician, url)).statusCode, 404, url);
    }
    const lead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
    assert.equal((await get(t, lead, '/cases/%00/allocation')).statusCode, 404);
    assert.equal((await post(t, lead, '/cases/not-a-uuid/allocation', {})).statusCode, 404);
    assert.equal((await post(t, clinician, '/cases/%00/reason', { reason: 'x' })).statusCode, 404);
  });
});
