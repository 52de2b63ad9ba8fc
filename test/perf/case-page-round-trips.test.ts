import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { testApp, type TestApp } from '../support/app.ts';
import { testDatabase } from '../support/database.ts';
import { signIn, signInAs, type SignedIn } from '../support/auth.ts';
import { getPage } from '../support/journey.ts';
import { releaseItem } from '../support/disclosures.ts';
import { syntheticDataset } from '../support/synthetic.ts';
import { hashPassword, TERMS_VERSION } from '../../src/features/auth/service.ts';
import { newTotpSecret } from '../../src/features/auth/totp.ts';

/**
 * The case page's round trips to the database (issue 20, docs/performance.md): every
 * statement the request sends, BEGIN and COMMIT included, counted by the dialect
 * (src/db/round-trips.ts). A count, not a timing: it cannot pass on a fast machine and fail on
 * a slow one.
 */
const BUDGET = 8;

let t: TestApp;
let statements: string[] = [];
let recording = false;
let caseId: string;
let clinician: SignedIn;
let lead: SignedIn;
let officer: SignedIn;

/** Signs in a generated user as an admin would set them up. */
async function signInSynthetic(userId: string): Promise<SignedIn> {
  const user = await t.database.db
    .selectFrom('users')
    .select(['id', 'email', 'name'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  const password = 'a password an admin set';
  const totpSecret = newTotpSecret();
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

/** The statements one page sends, and the page. */
async function counted(who: SignedIn, url: string) {
  statements = [];
  recording = true;
  const page = await getPage(t, who, url);
  recording = false;
  return { page, statements: [...statements] };
}

before(async () => {
  const database = await testDatabase({
    observe: (statement) => {
      if (recording) statements.push(statement);
    },
  });
  t = await testApp({ database });
  await syntheticDataset(t.database.db, {
    requestsPerYear: 60,
    years: 1,
    seed: 'round-trips',
    hubs: ['WM'],
    now: t.clock.now(),
  });
  // The open case with the most written about it: every panel has rows to read.
  const { rows } = await sql<{ id: string; requested_by: string; clinician_id: string }>`
    SELECT c.id, c.requested_by, a.clinician_id FROM cases c
    JOIN allocations a ON a.case_id = c.id AND a.allocated_to IS NULL AND a.role = 'lead'
    WHERE c.status = 'open'
    ORDER BY (SELECT count(*) FROM contacts x WHERE x.case_id = c.id)
           + (SELECT count(*) FROM police_updates x WHERE x.case_id = c.id)
           + (SELECT count(*) FROM plan_actions x JOIN plans p ON p.id = x.plan_id WHERE p.case_id = c.id) DESC,
             c.reference
    LIMIT 1`.execute(t.database.db);
  caseId = rows[0]!.id;
  officer = await signInSynthetic(rows[0]!.requested_by);
  clinician = await signInSynthetic(rows[0]!.clinician_id);
  lead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
  // An item released to the officer: their page reads it and audits it in a second row.
  const triage = await t.database.db
    .selectFrom('triage_decisions')
    .select('id')
    .where('case_id', '=', caseId)
    .executeTakeFirstOrThrow();
  await releaseItem(
    { database: t.database, clock: t.clock },
    { caseId, source: 'triage_rationale', recordId: triage.id, recipients: [officer.userId] },
  );
});
after(() => t?.close());

describe('the case page stays within its round trips', () => {
  for (const [label, who, path] of [
    ['the allocated clinician', () => clinician, (id: string) => `/cases/${id}`],
    ['the hub lead', () => lead, (id: string) => `/cases/${id}`],
    ['the case officer', () => officer, (id: string) => `/requests/${id}`],
  ] as const) {
    it(`${label}: at most ${BUDGET}`, async () => {
      const url = path(caseId);
      await getPage(t, who(), url); // warm: nothing cached may be what keeps it under
      const { page, statements } = await counted(who(), url);
      assert.equal(page.statusCode, 200);
      // Every read is still audited: the page's consultation row is one of the statements.
      assert.ok(statements.some((s) => /insert into "audit_events"/.test(s)));
      assert.ok(
        statements.length <= BUDGET,
        `${statements.length} round trips:\n${statements.join('\n')}`,
      );
    });
  }
});

describe('the session is touched at most once a minute', () => {
  const lastSeen = async (who: SignedIn) => {
    const { rows } = await sql<{ last_seen_at: Date }>`
      SELECT s.last_seen_at FROM sessions s
      WHERE s.user_id = ${who.userId} AND s.ended_at IS NULL
      ORDER BY s.created_at DESC LIMIT 1`.execute(t.database.db);
    return rows[0]!.last_seen_at.getTime();
  };
  const writesTo = (list: string[]) => list.filter((s) => /update\s+"?sessions"?/i.test(s));

  it('pages within a minute write nothing; the first after it touches the session in the lookup', async () => {
    const who = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
    t.clock.advance(61_000);
    const first = await counted(who, '/home');
    assert.equal(first.page.statusCode, 200);
    // The touch is the lookup itself: one statement reads the session and its principal.
    assert.equal(writesTo(first.statements).length, 1);
    assert.match(first.statements[0]!, /with live as/i);
    assert.match(first.statements[0]!, /role_assignments/);
    const touched = await lastSeen(who);
    assert.equal(touched, t.clock.now().getTime());
    for (const step of [1_000, 20_000, 38_000]) {
      t.clock.advance(step);
      const again = await counted(who, '/home');
      assert.equal(again.page.statusCode, 200);
      assert.equal(await lastSeen(who), touched, 'not touched again within the minute');
    }
    t.clock.advance(2_000); // 61 s after the touch
    await counted(who, '/home');
    assert.equal(await lastSeen(who), t.clock.now().getTime(), 'touched once the minute is over');
  });
});
