import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { downloadExport } from '../../../test/support/exports.ts';
import { signIn, signInAs, type SignedIn } from '../../../test/support/auth.ts';
import { getPage } from '../../../test/support/journey.ts';
import { syntheticDataset } from '../../../test/support/synthetic.ts';
import { hashPassword, TERMS_VERSION } from '../auth/service.ts';
import { newTotpSecret } from '../auth/totp.ts';

/**
 * The application's own pages open generated cases without error, for each role that works
 * them: what a demo or a load test would show.
 */
let t: TestApp;
let hubLead: SignedIn;
let cases: { id: string; status: string; requested_by: string; triage: string | null }[];

before(async () => {
  t = await testApp();
  await syntheticDataset(t.database.db, {
    requestsPerYear: 150,
    seed: 'pages',
    hubs: ['WM', 'NW'],
    now: t.clock.now(),
  });
  hubLead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'], profession: 'psychiatrist' });
  const { rows } = await sql<(typeof cases)[number]>`
    SELECT c.id, c.status, c.requested_by, t.decision AS triage FROM cases c
    JOIN hubs h ON h.id = c.hub_id LEFT JOIN triage_decisions t ON t.case_id = c.id
    WHERE h.code = 'WM' ORDER BY c.reference`.execute(t.database.db);
  cases = rows;
});
after(() => t.close());

/** A few cases of each status and triage decision (the first ones of each kind). */
const sample = () => {
  const seen = new Map<string, number>();
  return cases.filter((c) => {
    const key = `${c.status}:${c.triage}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
    return seen.get(key)! <= 1;
  });
};

const ok = (status: number, url: string) => assert.ok(status === 200, `${url} answered ${status}`);

test('the hub lead opens every kind of generated case and its pages', async () => {
  assert.ok(sample().length >= 6);
  for (const url of ['/cases', '/triage', '/closures', '/home']) {
    ok((await getPage(t, hubLead, url)).statusCode, url);
  }
  for (const c of sample()) {
    for (const page of ['', '/consent', '/advice', '/police-updates']) {
      const url = `/cases/${c.id}${page}`;
      const response = await getPage(t, hubLead, url);
      ok(response.statusCode, url);
      assert.doesNotMatch(response.body, /undefined|NaN|\[object Object\]/, url);
    }
    if (c.status === 'closure_requested' || c.status === 'advice_closure_requested') {
      ok((await getPage(t, hubLead, `/closures/${c.id}`)).statusCode, `/closures/${c.id}`);
    }
  }
});

test('the police lead sees the requests of their hub', async () => {
  const lead = await signIn(t, { roles: ['police_lead'], hubCodes: ['WM'] });
  ok((await getPage(t, lead, '/supervision')).statusCode, '/supervision');
  for (const c of sample().slice(0, 6)) {
    ok((await getPage(t, lead, `/supervision/${c.id}`)).statusCode, `/supervision/${c.id}`);
  }
});

/** As an admin would: a password and an enrolled authenticator for a synthetic user. */
async function signInSynthetic(userId: string): Promise<SignedIn> {
  const user = await t.database.db
    .selectFrom('users')
    .select(['id', 'email', 'name'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  const password = 'a password an admin set';
  const totpSecret = newTotpSecret();
  // A new time step, so a code is never used twice by one user.
  t.clock.advance(30_000);
  await t.database.db
    .updateTable('users')
    .set({
      password_hash: await hashPassword(password),
      totp_secret: totpSecret,
      totp_enrolled_at: t.clock.now(),
      terms_version: TERMS_VERSION,
      terms_accepted_at: t.clock.now(),
    })
    .where('id', '=', user.id)
    .execute();
  return signInAs(t, { ...user, password, totpSecret });
}

interface Disclosure {
  id: string;
  case_id: string;
  reference: string;
  direction: string;
  status: string;
  created_by: string;
}

test('generated disclosures open in the app: the register, the decision, the approval, the case', async () => {
  const { rows: decisions } = await sql<Disclosure>`
    SELECT d.id, d.case_id, c.reference, d.direction, d.status, d.created_by FROM disclosures d
    JOIN cases c ON c.id = d.case_id JOIN hubs h ON h.id = d.hub_id
    WHERE h.code = 'WM' AND d.status <> 'draft' ORDER BY d.decided_at DESC, d.id`.execute(
    t.database.db,
  );
  assert.ok(decisions.some((d) => d.direction === 'health_to_police'));
  assert.ok(decisions.some((d) => d.direction === 'police_to_health'));
  // The register lists them, newest first, with the total the database holds.
  const register = await getPage(t, hubLead, '/disclosures/register');
  ok(register.statusCode, '/disclosures/register');
  assert.match(register.body, new RegExp(`${decisions.length} disclosures, newest first`));
  // A table row per decision, the newest first, its reference linking to the decision.
  assert.match(
    register.body,
    new RegExp(`href="/disclosures/register/${decisions[0]!.id}">${decisions[0]!.reference}<`),
  );
  const csv = await downloadExport(t, hubLead, '/disclosures/register.csv');
  ok(csv.statusCode, '/disclosures/register.csv');
  assert.equal(csv.body.trim().split('\n').length, decisions.length + 1, 'one line a decision');
  ok((await getPage(t, hubLead, '/disclosures/approvals')).statusCode, '/disclosures/approvals');

  const seen = new Set<string>();
  for (const d of decisions.filter((x) => x.direction === 'health_to_police')) {
    if (seen.has(d.status)) continue;
    seen.add(d.status);
    for (const url of [
      `/cases/${d.case_id}/disclosures/${d.id}`,
      `/disclosures/approvals/${d.id}`,
      `/disclosures/register/${d.id}`,
      `/cases/${d.case_id}`,
    ]) {
      const response = await getPage(t, hubLead, url);
      ok(response.statusCode, url);
      assert.doesNotMatch(response.body, /undefined|NaN|\[object Object\]/, url);
    }
  }
  assert.ok(seen.has('in_effect'));
  const shared = decisions.find(
    (x) => x.direction === 'police_to_health' && x.status === 'in_effect',
  )!;
  const casePage = await getPage(t, hubLead, `/cases/${shared.case_id}/section/disclosures`);
  assert.match(casePage.body, /Shared with the clinical team by police/);
});

test('a named officer reads what was released to them; a sharing officer opens their decision', async () => {
  const { rows } = await sql<{ user_id: string; label: string; case_id: string }>`
    SELECT r.user_id, x.label, d.case_id FROM disclosure_recipients r
    JOIN disclosures d ON d.id = r.disclosure_id JOIN hubs h ON h.id = d.hub_id
    JOIN released_items x ON x.disclosure_id = d.id
    WHERE h.code = 'WM' AND r.kind = 'case_officer' AND d.status = 'in_effect'
    ORDER BY d.decided_at, x.position LIMIT 1`.execute(t.database.db);
  const named = rows[0]!;
  const officer = await signInSynthetic(named.user_id);
  for (const url of ['/disclosures/received', `/requests/${named.case_id}`]) {
    const page = await getPage(t, officer, url);
    ok(page.statusCode, url);
    assert.ok(page.body.includes(named.label), `${url} shows what was released`);
  }
  const { rows: own } = await sql<Disclosure>`
    SELECT d.id, d.case_id FROM disclosures d JOIN cases c ON c.id = d.case_id
    WHERE d.direction = 'police_to_health' AND d.created_by = c.requested_by
      AND d.created_by = ${named.user_id}`.execute(t.database.db);
  for (const d of own) {
    const url = `/requests/${d.case_id}/disclosures/${d.id}`;
    ok((await getPage(t, officer, url)).statusCode, url);
  }
});

test('synthetic staff cannot sign in until an admin gives them a way; then they see their cases', async () => {
  const closed = cases.find((c) => c.status === 'closed' && c.triage === 'accept')!;
  const officer = await t.database.db
    .selectFrom('users')
    .select(['id', 'email', 'name'])
    .where('id', '=', closed.requested_by)
    .executeTakeFirstOrThrow();
  const page = await t.app.inject({ method: 'GET', url: '/sign-in' });
  const cookie = [page.headers['set-cookie']].flat()[0]!.split(';')[0]!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const refused = await t.app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { cookie },
    payload: { _csrf: csrf, email: officer.email, password: '' },
  });
  assert.notEqual(refused.statusCode, 302, 'no password opens a synthetic account');

  const signedIn = await signInSynthetic(officer.id);
  ok((await getPage(t, signedIn, '/requests')).statusCode, '/requests');
  const own = cases.filter((c) => c.requested_by === officer.id);
  assert.ok(own.length > 0);
  for (const c of own.slice(0, 8)) {
    for (const page of c.status === 'closed' ? [''] : ['', '/updates/new']) {
      const url = `/requests/${c.id}${page}`;
      ok((await getPage(t, signedIn, url)).statusCode, url);
    }
  }
  ok(
    (await getPage(t, signedIn, `/requests/${closed.id}/feedback`)).statusCode,
    'feedback page of a closed request',
  );
});
