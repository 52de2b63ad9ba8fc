import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { testDatabase } from '../../../test/support/database.ts';
import type { Database } from '../../db/database.ts';
import { parseCaseReference } from '../../domain/case-reference.ts';
import { STATES, transition, type CaseAction, type CaseState } from '../../domain/case-state.ts';
import { engagementAllowed, type ConsentStatus } from '../../domain/consent.ts';
import { isSyntheticNhsNumber } from '../../domain/nhs-number.ts';
import {
  isLegalBasisFor,
  needsApproval,
  type ConsentAnswer,
  type DisclosureDirection,
} from '../../domain/disclosures.ts';
import { TRIAGE_DECISIONS } from '../../domain/reference/case-outcomes.ts';
import { sealAudit } from '../audit/seal.ts';
import { testAnchors } from '../audit/testing.ts';
import { verifyAudit } from '../audit/verify.ts';
import { STEP_UP_MINUTES } from '../auth/step-up.ts';
import { releasableItems } from '../disclosures/sources/index.ts';
import { contentHash, GENERATED_TABLES } from './content-hash.ts';
import { alreadyGenerated, generateInto, GeneratorError } from './generate.ts';
import { SYNTHETIC_EMAIL_DOMAIN } from './staff.ts';

/**
 * A small dataset, checked with SQL for what the application guarantees: every record one the
 * services themselves could have written. (generate.pages.test.ts opens the cases in the app;
 * generate.distributions.test.ts checks the shares.)
 */
const NOW = new Date('2026-06-01T09:00:00Z');
let database: Database;
let counts: Awaited<ReturnType<typeof generateInto>>;

before(async () => {
  database = await testDatabase();
  counts = await generateInto(database.db, {
    years: 3,
    requestsPerYear: 150,
    seed: 'invariants',
    now: NOW,
  });
});
after(() => database.close());

const rows = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(database.db)).rows;

test('it returns counts per table and writes what it counts', async () => {
  assert.equal(counts.cases, 450);
  assert.equal(counts.support_requests, 450);
  assert.ok(counts.staff > 0);
  for (const table of [
    'people',
    'cases',
    'triage_decisions',
    'audit_events',
    'formulations',
    'disclosures',
    'released_items',
  ]) {
    const [row] = await rows(sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}
      ${table === 'audit_events' ? sql`WHERE request_id = 'synthetic:invariants'` : sql``}`);
    assert.equal(row!.n, counts[table], table);
  }
  // Every state of a case appears, so every page has something to show.
  const states = await rows(sql<{ status: string }>`SELECT DISTINCT status FROM cases`);
  for (const state of ['open', 'advice_only', 'closed']) {
    assert.ok(
      states.some((s) => s.status === state),
      state,
    );
  }
  assert.ok(
    states.some((s) => s.status === 'awaiting_triage' || s.status === 'awaiting_allocation'),
  );
});

test('staff are synthetic and cannot sign in: no password, no security code, no SSO', async () => {
  const staff = await rows(sql<{
    email: string;
    password_hash: string | null;
    totp: string | null;
  }>`
    SELECT email, password_hash, totp_secret AS totp FROM users`);
  assert.ok(staff.length >= 4 * 3);
  for (const user of staff) {
    assert.ok(user.email.endsWith(`@${SYNTHETIC_EMAIL_DOMAIN}`), user.email);
    assert.equal(user.password_hash, null);
    assert.equal(user.totp, null);
  }
  const [sso] = await rows(sql<{ n: number }>`SELECT count(*)::int AS n FROM oidc_identities`);
  assert.equal(sso!.n, 0);
  // Everyone who acted on a case holds the role for it in the case's hub.
  const wrong = await rows(sql<{ what: string }>`
    SELECT 'requester' AS what FROM cases c WHERE NOT EXISTS (SELECT 1 FROM role_assignments r WHERE r.user_id = c.requested_by
      AND r.role = 'case_officer' AND r.hub_id = c.hub_id)
    UNION ALL
    SELECT 'allocator' FROM allocations a JOIN cases c ON c.id = a.case_id WHERE NOT EXISTS (
      SELECT 1 FROM role_assignments r
      WHERE r.user_id = a.allocated_by AND r.role = 'hub_lead' AND r.hub_id = c.hub_id)
    UNION ALL
    SELECT 'allocated' FROM allocations a JOIN cases c ON c.id = a.case_id WHERE NOT EXISTS (
      SELECT 1 FROM role_assignments r
      WHERE r.user_id = a.clinician_id AND r.role = 'clinician' AND r.hub_id = c.hub_id)
    UNION ALL
    SELECT 'triage' FROM triage_decisions t JOIN cases c ON c.id = t.case_id WHERE NOT EXISTS (
      SELECT 1 FROM role_assignments r
      WHERE r.user_id = t.decided_by AND r.role IN ('clinician', 'hub_lead') AND r.hub_id = c.hub_id)`);
  assert.deepEqual(wrong, []);
});

test('people have synthetic NHS numbers; references follow the counters of hub and year', async () => {
  const people = await rows(sql<{ nhs_number: string | null }>`SELECT nhs_number FROM people`);
  assert.ok(people.filter((p) => p.nhs_number !== null).length > people.length * 0.7);
  for (const p of people) if (p.nhs_number) assert.ok(isSyntheticNhsNumber(p.nhs_number));

  const cases = await rows(sql<{ reference: string; code: string; requested_at: Date }>`
    SELECT c.reference, h.code, c.requested_at FROM cases c JOIN hubs h ON h.id = c.hub_id
    ORDER BY c.requested_at`);
  const sequences = new Map<string, number[]>();
  for (const c of cases) {
    const parsed = parseCaseReference(c.reference)!;
    assert.equal(parsed.hub, c.code);
    assert.equal(parsed.year, c.requested_at.getUTCFullYear());
    const key = `${parsed.hub}:${parsed.year}`;
    sequences.set(key, [...(sequences.get(key) ?? []), parsed.sequence]);
  }
  const counters = await rows(sql<{ code: string; year: number; last_value: number }>`
    SELECT h.code, k.year, k.last_value FROM case_reference_counters k JOIN hubs h ON h.id = k.hub_id`);
  assert.equal(counters.length, sequences.size);
  for (const k of counters) {
    const seq = sequences.get(`${k.code}:${k.year}`)!;
    // Numbered 1, 2, 3, ... in the order the requests were made, up to the counter.
    assert.deepEqual(
      seq,
      seq.map((_, i) => i + 1),
    );
    assert.equal(k.last_value, seq.length);
  }
});

test('re-referrals link the previous episode of the same person, closed before', async () => {
  const linked = await rows(sql<{ ok: boolean }>`
    SELECT (p.person_id = c.person_id AND p.status = 'closed' AND p.closed_at < c.requested_at
      AND NOT EXISTS (SELECT 1 FROM cases o WHERE o.person_id = c.person_id
        AND o.requested_at > p.requested_at AND o.requested_at < c.requested_at)) AS ok
    FROM cases c JOIN cases p ON p.id = c.previous_case_id`);
  assert.ok(linked.length > 0, 'some requests are re-referrals');
  assert.ok(linked.every((l) => l.ok));
  const unlinked = await rows(sql<{ n: number }>`
    SELECT count(*)::int AS n FROM cases c WHERE c.previous_case_id IS NULL AND EXISTS (
      SELECT 1 FROM cases o WHERE o.person_id = c.person_id AND o.requested_at < c.requested_at)`);
  assert.equal(unlinked[0]!.n, 0);
});

interface Event {
  at: number;
  action: CaseAction;
}

test('each case replays through the state machine to its status and version', async () => {
  const cases = await rows(
    sql<{
      id: string;
      status: CaseState;
      version: number;
      requested_at: Date;
      closed_at: Date | null;
    }>`SELECT id, status, version, requested_at, closed_at FROM cases`,
  );
  const events = new Map<string, Event[]>(cases.map((c) => [c.id, []]));
  const push = (caseId: string, at: Date, action: CaseAction) =>
    events.get(caseId)!.push({ at: at.getTime(), action });
  for (const t of await rows(sql<{ case_id: string; decision: string; decided_at: Date }>`
    SELECT case_id, decision, decided_at FROM triage_decisions`)) {
    push(t.case_id, t.decided_at, TRIAGE_DECISIONS.find((d) => d.code === t.decision)!.action);
  }
  for (const a of await rows(sql<{ case_id: string; at: Date; n: number }>`
    SELECT case_id, allocated_from AS at, dense_rank() OVER (PARTITION BY case_id ORDER BY allocated_from)::int AS n
    FROM allocations WHERE role = 'lead'`)) {
    push(a.case_id, a.at, a.n === 1 ? 'allocate' : 'reallocate');
  }
  for (const w of await rows(sql<{ case_id: string; at: Date; kind: string }>`
    SELECT case_id, recorded_at AS at, 'record_work' AS kind FROM consents
    UNION ALL SELECT case_id, recorded_at, 'record_work' FROM lawful_bases
    UNION ALL SELECT case_id, recorded_at, 'record_work' FROM liaison_contacts
    UNION ALL SELECT case_id, recorded_at, 'record_work' FROM meetings
    UNION ALL SELECT case_id, recorded_at, 'record_work' FROM contacts c
      WHERE NOT EXISTS (SELECT 1 FROM contacts o WHERE o.rescheduled_to = c.id)
    UNION ALL SELECT case_id, created_at, 'record_work' FROM case_notes
    UNION ALL SELECT case_id, created_at, 'give_advice' FROM advice
    UNION ALL SELECT case_id, created_at, 'add_police_update' FROM police_updates
    UNION ALL SELECT case_id, requested_at, 'request_closure' FROM closure_requests
    UNION ALL SELECT case_id, decided_at, CASE decision WHEN 'approved' THEN 'approve_closure'
      ELSE 'return_closure' END FROM closure_requests WHERE decision <> 'pending'`)) {
    push(w.case_id, w.at, w.kind as CaseAction);
  }
  // Every change to a plan is one call of the plans service, which moves the case on one
  // version (record_work) and writes one audit row: the audit rows tell those steps.
  for (const p of await rows(sql<{ case_id: string; at: Date }>`
    SELECT (detail->>'caseId')::uuid AS case_id, occurred_at AS at FROM audit_events
    WHERE subject_type IN ('plan', 'plan_need', 'plan_action', 'plan_review')`)) {
    push(p.case_id, p.at, 'record_work');
  }
  for (const c of cases) {
    assert.ok((STATES as readonly string[]).includes(c.status));
    const story = events.get(c.id)!.sort((a, b) => a.at - b.at);
    let state: CaseState = 'awaiting_triage';
    let last = c.requested_at.getTime();
    for (const e of story) {
      assert.ok(e.at > last, `events of a case happen one after another (${c.id})`);
      assert.ok(e.at <= NOW.getTime(), 'nothing happens after now');
      last = e.at;
      const result = transition(state, e.action);
      assert.ok(result.ok, `${e.action} from ${state}`);
      state = result.next;
      if (state === 'closed') assert.equal(c.closed_at?.getTime(), e.at, 'closed_at');
    }
    assert.equal(state, c.status);
    assert.equal(c.version, 1 + story.length, 'one version per step, as the services count');
    if (c.status !== 'closed') assert.equal(c.closed_at, null);
  }
});

test('triage: seconds_to_triage agrees; decline and diversion close with their details', async () => {
  const bad = await rows(sql<{ id: string }>`
    SELECT t.case_id AS id FROM triage_decisions t JOIN cases c ON c.id = t.case_id
    WHERE t.seconds_to_triage <> floor(extract(epoch FROM t.decided_at - c.requested_at))
       OR (t.decision IN ('decline', 'urgent')) <> (c.status = 'closed' AND c.closed_at = t.decided_at
           AND NOT EXISTS (SELECT 1 FROM closure_requests r WHERE r.case_id = c.id))
          AND t.decision IN ('decline', 'urgent')
       OR (t.decision = 'urgent' AND (t.diverted_at < c.requested_at OR t.diverted_at > t.decided_at))
       OR (t.decision <> 'accept' AND EXISTS (SELECT 1 FROM allocations a WHERE a.case_id = c.id))`);
  assert.deepEqual(bad, []);
  const [waiting] = await rows(sql<{ n: number }>`
    SELECT count(*)::int AS n FROM cases c WHERE (c.status = 'awaiting_triage')
      = EXISTS (SELECT 1 FROM triage_decisions t WHERE t.case_id = c.id)`);
  assert.equal(waiting!.n, 0);
});

test('allocations: one current lead per allocated case, reallocations end the old rows', async () => {
  const bad = await rows(sql<{ id: string }>`
    SELECT c.id FROM cases c JOIN triage_decisions t ON t.case_id = c.id
    WHERE t.decision = 'accept' AND c.status <> 'awaiting_allocation'
      AND (SELECT count(*) FROM allocations a WHERE a.case_id = c.id AND a.role = 'lead'
           AND a.allocated_to IS NULL) <> 1
    UNION ALL
    SELECT case_id FROM allocations WHERE allocated_to IS NOT NULL AND (ended_by IS NULL
      OR allocated_to < allocated_from)`);
  assert.deepEqual(bad, []);
});

test('consent comes before engagement: formulations only while consent allows it', async () => {
  const consents = await rows(sql<{
    case_id: string;
    status: ConsentStatus;
    method: 'verbal' | 'written' | null;
    recorded_at: Date;
  }>`
    SELECT case_id, status, method, recorded_at FROM consents ORDER BY recorded_at`);
  const formulations = await rows(sql<{ case_id: string; created_at: Date }>`
    SELECT case_id, created_at FROM formulations`);
  assert.ok(formulations.length > 20);
  for (const f of formulations) {
    const history = consents
      .filter((c) => c.case_id === f.case_id && c.recorded_at < f.created_at)
      .map((c) => ({ status: c.status, method: c.method, recordedAt: c.recorded_at }));
    assert.ok(engagementAllowed(history).allowed, `consent before the formulation of ${f.case_id}`);
  }
  const [withdrawnThenWorked] = await rows(sql<{ n: number }>`
    SELECT count(*)::int AS n FROM consents w JOIN formulations f ON f.case_id = w.case_id
    WHERE w.status = 'withdrawn' AND f.created_at > w.recorded_at`);
  assert.equal(withdrawnThenWorked!.n, 0);
});

test('formulations are signed off by a hub lead of the hub who is not the author', async () => {
  const bad = await rows(sql<{ id: string }>`
    SELECT f.id FROM formulations f JOIN cases c ON c.id = f.case_id
    WHERE (f.status = 'signed_off' AND (f.signed_off_by = f.author_id OR NOT EXISTS (
      SELECT 1 FROM role_assignments r
      WHERE r.user_id = f.signed_off_by AND r.role = 'hub_lead' AND r.hub_id = c.hub_id)
      OR f.signed_off_at < f.submitted_at OR f.submitted_at < f.created_at))
      OR f.primary_vulnerability IS NULL OR f.mainstream_relation IS NULL
      OR NOT EXISTS (SELECT 1 FROM allocations a WHERE a.case_id = c.id AND a.clinician_id = f.author_id)`);
  assert.deepEqual(bad, []);
  const statuses = await rows(sql<{ status: string }>`SELECT DISTINCT status FROM formulations`);
  assert.ok(statuses.some((s) => s.status === 'signed_off'));
});

test('formulations: every factor of the template rated, in line with the reporting fields', async () => {
  const template = JSON.parse(
    readFileSync(
      new URL('../../../config/instruments/01-vss-structured-formulation.json', import.meta.url),
      'utf8',
    ),
  ) as { id: string; version: string; domains: { code: string; factors: { code: string }[] }[] };
  const factorCount = template.domains.reduce((n, d) => n + d.factors.length, 0);
  const bad = await rows(sql<{ id: string; what: string }>`
    SELECT f.id::text AS id, 'template' AS what FROM formulations f
      WHERE f.template_id <> ${template.id} OR f.template_version <> ${template.version}
    UNION ALL
    SELECT f.id::text, 'every factor' FROM formulations f
      WHERE (SELECT count(*) FROM formulation_factors r WHERE r.formulation_id = f.id) <> ${factorCount}
    UNION ALL
    SELECT r.factor_code, 'rating complete' FROM formulation_factors r
      WHERE (r.presence = 'omitted') <> (r.relevance IS NULL)
        OR (r.presence IN ('present', 'partial') AND r.evidence IS NULL)
    UNION ALL
    SELECT f.id::text, 'scenarios' FROM formulations f
      WHERE (SELECT count(*) FROM formulation_scenarios s WHERE s.formulation_id = f.id) NOT IN (1, 2)
    UNION ALL
    SELECT f.id::text, 'autism' FROM formulations f JOIN formulation_factors r
      ON r.formulation_id = f.id AND r.factor_code = 'nd_autism'
      WHERE (f.presentations ? 'autism') AND r.presence NOT IN ('present', 'partial')
         OR NOT (f.presentations ? 'autism') AND r.presence = 'present'
    UNION ALL
    SELECT f.id::text, 'convictions' FROM formulations f JOIN formulation_factors r
      ON r.formulation_id = f.id AND r.factor_code = 'oh_previous_offending'
      WHERE (f.convictions IS NULL) <> (r.presence = 'omitted')
    UNION ALL
    SELECT f.id::text, 'review' FROM formulations f JOIN formulations p ON p.id = f.previous_id
      WHERE p.status <> 'signed_off' OR p.case_id <> f.case_id
        OR f.version_number <> p.version_number + 1 OR f.created_at <= p.signed_off_at
        OR (f.status <> 'draft' AND f.review_reason IS NULL)
    UNION ALL
    SELECT f.id::text, 'first' FROM formulations f
      WHERE (f.version_number = 1) <> (f.previous_id IS NULL)`);
  assert.deepEqual(bad, []);
  const [reviewed] = await rows(sql<{ n: number }>`
    SELECT count(*)::int AS n FROM formulations WHERE version_number = 2 AND status = 'signed_off'`);
  assert.ok(reviewed!.n > 0, 'some reviews are signed off');
  const [autism] = await rows(sql<{ n: number }>`
    SELECT count(*)::int AS n FROM formulation_factors WHERE factor_code = 'nd_autism'
      AND presence = 'present'`);
  assert.ok(autism!.n > 0);
  // Each save, submission and decision moved the row's version on, with an audit row each.
  const [versions] = await rows(sql<{ n: number }>`
    SELECT count(*)::int AS n FROM formulations f WHERE f.version <> 1 + (SELECT count(*)
      FROM audit_events e WHERE e.subject_type = 'formulation' AND e.action = 'alteration'
        AND e.subject_id = f.id::text)`);
  assert.equal(versions!.n, 0);
  // The triggers still hold: a signed-off version cannot change.
  const [frozen] = await rows(sql<{ id: string }>`
    SELECT id FROM formulations WHERE status = 'signed_off' LIMIT 1`);
  await assert.rejects(
    sql`UPDATE formulation_factors SET presence = 'absent' WHERE formulation_id = ${frozen!.id}`.execute(
      database.db,
    ),
    /signed off/,
  );
});

test('plans: by the lead clinician while consent allows engagement; versions chain and freeze', async () => {
  const consents = await rows(
    sql<{
      case_id: string;
      status: ConsentStatus;
      method: 'verbal' | 'written' | null;
      recorded_at: Date;
    }>`SELECT case_id, status, method, recorded_at FROM consents ORDER BY recorded_at`,
  );
  const started = await rows(sql<{ case_id: string; created_at: Date }>`
    SELECT case_id, created_at FROM plans WHERE version_number = 1`);
  assert.ok(started.length > 20, 'plans are generated');
  for (const p of started) {
    const history = consents
      .filter((c) => c.case_id === p.case_id && c.recorded_at < p.created_at)
      .map((c) => ({ status: c.status, method: c.method, recordedAt: c.recorded_at }));
    assert.ok(engagementAllowed(history).allowed, `consent before the plan of ${p.case_id}`);
  }
  const bad = await rows(sql<{ id: string; what: string }>`
    SELECT p.id::text AS id, 'author' AS what FROM plans p WHERE NOT EXISTS (SELECT 1 FROM allocations a
      WHERE a.case_id = p.case_id AND a.clinician_id = p.created_by AND a.role = 'lead'
        AND a.allocated_from <= p.created_at AND (a.allocated_to IS NULL OR a.allocated_to > p.created_at))
    UNION ALL
    SELECT p.id::text, 'open case' FROM plans p JOIN triage_decisions t ON t.case_id = p.case_id
      WHERE t.decision <> 'accept'
    UNION ALL
    SELECT c.id::text, 'one current' FROM cases c WHERE EXISTS (SELECT 1 FROM plans p WHERE p.case_id = c.id)
      AND (SELECT count(*) FROM plans p WHERE p.case_id = c.id AND p.superseded_at IS NULL) <> 1
    UNION ALL
    SELECT r.id::text, 'review chain' FROM plan_reviews r JOIN plans o ON o.id = r.plan_id
      JOIN plans n ON n.id = r.next_plan_id
    WHERE n.previous_id <> o.id OR n.version_number <> o.version_number + 1 OR n.case_id <> o.case_id
      OR o.superseded_at <> r.reviewed_at OR n.created_at <> r.reviewed_at OR n.superseded_at IS NOT NULL
        AND n.superseded_at <= n.created_at
    UNION ALL
    SELECT p.id::text, 'unreviewed' FROM plans p WHERE (p.superseded_at IS NOT NULL)
      <> EXISTS (SELECT 1 FROM plan_reviews r WHERE r.plan_id = p.id)
    UNION ALL
    -- Every need and action of a reviewed version goes on, with its lineage, into the next.
    SELECT x.lineage_id::text, 'copied' FROM plan_reviews r JOIN plan_actions x ON x.plan_id = r.plan_id
    WHERE NOT EXISTS (SELECT 1 FROM plan_actions y WHERE y.plan_id = r.next_plan_id
      AND y.lineage_id = x.lineage_id AND y.created_at = x.created_at AND y.description = x.description)
    UNION ALL
    SELECT x.lineage_id::text, 'need copied' FROM plan_reviews r JOIN plan_needs x ON x.plan_id = r.plan_id
    WHERE NOT EXISTS (SELECT 1 FROM plan_needs y WHERE y.plan_id = r.next_plan_id
      AND y.lineage_id = x.lineage_id AND y.category = x.category AND y.position = x.position)
    UNION ALL
    SELECT a.id::text, 'action times' FROM plan_actions a JOIN plans p ON p.id = a.plan_id
      WHERE a.updated_at < a.created_at OR a.due_date < a.created_at::date
        OR (p.superseded_at IS NOT NULL AND a.updated_at > p.superseded_at)
        OR a.updated_by <> p.created_by AND NOT EXISTS (SELECT 1 FROM allocations l
          WHERE l.case_id = p.case_id AND l.clinician_id = a.updated_by)`);
  assert.deepEqual(bad, []);
  const statuses = await rows(sql<{ status: string }>`
    SELECT DISTINCT a.status FROM plan_actions a JOIN plans p ON p.id = a.plan_id
    WHERE p.superseded_at IS NULL`);
  for (const status of ['planned', 'in_progress', 'done', 'not_achieved']) {
    assert.ok(
      statuses.some((s) => s.status === status),
      status,
    );
  }
  const [reviewed] = await rows(sql<{ n: number }>`SELECT count(*)::int AS n FROM plan_reviews`);
  assert.ok(reviewed!.n > 5, 'some plans are reviewed');
  // The triggers still hold: a superseded version cannot change.
  const [old] = await rows(sql<{ id: string }>`
    SELECT a.id FROM plan_actions a JOIN plans p ON p.id = a.plan_id
    WHERE p.superseded_at IS NOT NULL LIMIT 1`);
  await assert.rejects(
    sql`UPDATE plan_actions SET status = 'done' WHERE id = ${old!.id}`.execute(database.db),
    /superseded/,
  );
});

test('liaison: on the person’s behalf only with consent in force; meetings and strategies', async () => {
  const consents = await rows(
    sql<{
      case_id: string;
      status: ConsentStatus;
      method: 'verbal' | 'written' | null;
      recorded_at: Date;
    }>`SELECT case_id, status, method, recorded_at FROM consents ORDER BY recorded_at`,
  );
  const contacts = await rows(
    sql<{
      case_id: string;
      recorded_at: Date;
      on_behalf: boolean;
      consent_covers: boolean;
      purpose: string;
    }>`SELECT case_id, recorded_at, on_behalf, consent_covers, purpose FROM liaison_contacts`,
  );
  assert.ok(contacts.some((c) => c.on_behalf));
  for (const c of contacts) {
    const history = consents
      .filter((k) => k.case_id === c.case_id && k.recorded_at < c.recorded_at)
      .map((k) => ({ status: k.status, method: k.method, recordedAt: k.recorded_at }));
    if (c.on_behalf || c.consent_covers) {
      assert.ok(engagementAllowed(history).allowed, `consent before the contact of ${c.case_id}`);
    }
    assert.notEqual(c.purpose, 'investigation');
  }
  const bad = await rows(sql<{ id: string; what: string }>`
    SELECT l.id::text AS id, 'author' AS what FROM liaison_contacts l WHERE NOT EXISTS (SELECT 1
      FROM allocations a WHERE a.case_id = l.case_id AND a.clinician_id = l.recorded_by)
    UNION ALL
    SELECT m.id::text, 'mappa' FROM meetings m JOIN formulations f ON f.case_id = m.case_id
      WHERE m.meeting_type = 'mappa' AND f.convictions IS NOT TRUE
    UNION ALL
    SELECT m.id::text, 'meeting version' FROM meetings m WHERE m.version <> 1 + (SELECT count(*)
      FROM audit_events e WHERE e.subject_type IN ('meeting_attendee', 'meeting_action')
        AND e.detail->>'meetingId' = m.id::text)
      OR (SELECT count(*) FROM meeting_attendees a WHERE a.meeting_id = m.id)
        + (SELECT count(*) FROM meeting_actions a WHERE a.meeting_id = m.id) <> m.version - 1
    UNION ALL
    SELECT a.id::text, 'strategy' FROM advice a
      WHERE (a.kind = 'communication_strategy') <> (a.avoid IS NOT NULL)`);
  assert.deepEqual(bad, []);
  const kinds = await rows(sql<{ k: string }>`
    SELECT DISTINCT meeting_type AS k FROM meetings UNION SELECT DISTINCT kind FROM advice
    UNION SELECT DISTINCT agency_type FROM liaison_contacts`);
  for (const k of [
    'channel_panel',
    'communication_strategy',
    'gp_primary_care',
    'community_mental_health',
  ]) {
    assert.ok(
      kinds.some((x) => x.k === k),
      k,
    );
  }
});

test('closures: approved by a hub lead who did not ask, summary copied, feedback after', async () => {
  const bad = await rows(sql<{ id: string; what: string }>`
    SELECT r.case_id AS id, 'approval' AS what FROM closure_requests r JOIN cases c ON c.id = r.case_id
    WHERE r.decision <> 'pending' AND (r.decided_by = r.requested_by OR NOT EXISTS (
      SELECT 1 FROM role_assignments u
      WHERE u.user_id = r.decided_by AND u.role = 'hub_lead' AND u.hub_id = c.hub_id))
    UNION ALL
    SELECT r.case_id, 'summary' FROM closure_requests r JOIN cases c ON c.id = r.case_id
      LEFT JOIN closure_summaries s ON s.closure_request_id = r.id
    WHERE (r.decision = 'approved') <> (s.case_id IS NOT NULL)
      OR (s.case_id IS NOT NULL AND (s.outcome <> r.outcome OR s.summary <> r.summary
          OR s.approved_by <> r.decided_by OR s.approved_at <> r.decided_at
          OR c.closed_at <> r.decided_at OR c.status <> 'closed'))
    UNION ALL
    SELECT c.id, 'pending' FROM cases c WHERE (c.status IN ('closure_requested', 'advice_closure_requested'))
      <> EXISTS (SELECT 1 FROM closure_requests r WHERE r.case_id = c.id AND r.decision = 'pending')
    UNION ALL
    SELECT c.id, 'advice first' FROM closure_requests r JOIN cases c ON c.id = r.case_id
      JOIN triage_decisions t ON t.case_id = c.id
    WHERE t.decision = 'advice_only' AND NOT EXISTS (SELECT 1 FROM advice a WHERE a.case_id = c.id
      AND a.created_at < r.requested_at)
    UNION ALL
    SELECT f.case_id, 'feedback' FROM closure_feedback f JOIN cases c ON c.id = f.case_id
    WHERE c.status <> 'closed' OR f.officer_id <> c.requested_by OR f.answered_at < c.closed_at`);
  assert.deepEqual(bad, []);
  // Closures are sometimes sent back; the clinician then asks again later (unless the history
  // ends first, and the case is still being worked).
  const [returned] = await rows(sql<{ n: number }>`
    SELECT count(*)::int AS n FROM closure_requests WHERE decision = 'returned'`);
  assert.ok(returned!.n > 0, 'some closures are sent back');
  const unanswered = await rows(sql<{ id: string }>`
    SELECT r.id FROM closure_requests r JOIN cases c ON c.id = r.case_id
    WHERE r.decision = 'returned' AND NOT (c.status IN ('open', 'advice_only') OR EXISTS (
        SELECT 1 FROM closure_requests n WHERE n.case_id = r.case_id AND n.requested_at > r.decided_at))`);
  assert.deepEqual(unanswered, []);
});

test('disclosures: as the service records them, to named recipients, decided and approved by two people', async () => {
  const decisions = await rows(sql<{
    id: string;
    case_id: string;
    direction: DisclosureDirection;
    status: string;
    consent: string | null;
    legal_basis: string | null;
    needs_approval: boolean | null;
    summary: string | null;
    version: number;
  }>`SELECT id, case_id, direction, status, consent, legal_basis, needs_approval, summary, version
    FROM disclosures`);
  const kinds = new Set(
    decisions.map(
      (d) => `${d.direction}:${d.status}:${d.consent === 'given' ? 'with' : 'without'}`,
    ),
  );
  for (const kind of [
    'health_to_police:in_effect:with',
    'health_to_police:in_effect:without',
    'health_to_police:refused:without',
    'police_to_health:in_effect:with',
    'police_to_health:in_effect:without',
  ]) {
    assert.ok(kinds.has(kind), `some ${kind}`);
  }
  assert.ok(
    decisions.some((d) => d.status === 'withdrawn'),
    'now and then one is withdrawn',
  );
  for (const d of decisions.filter((x) => x.status !== 'draft')) {
    assert.ok(isLegalBasisFor(d.direction, d.legal_basis), `basis for ${d.direction}`);
    assert.ok(
      d.legal_basis !== 'consent' || d.consent === 'given',
      'consent as basis only if given',
    );
    assert.equal(d.needs_approval, needsApproval(d.direction, d.consent as ConsentAnswer));
  }
  const stepUp = `${STEP_UP_MINUTES} minutes`;
  const bad = await rows(sql<{ id: string; what: string }>`
    SELECT d.id::text AS id, 'decider' AS what FROM disclosures d JOIN cases c ON c.id = d.case_id
    WHERE d.hub_id <> c.hub_id OR d.created_by <> coalesce(d.decided_by, d.created_by)
      OR d.direction = 'health_to_police' AND NOT (EXISTS (SELECT 1 FROM role_assignments r WHERE r.user_id = d.created_by
          AND r.role = 'hub_lead' AND r.hub_id = c.hub_id)
        OR EXISTS (SELECT 1 FROM allocations a WHERE a.case_id = c.id AND a.clinician_id = d.created_by
          AND a.allocated_from <= d.created_at AND (a.allocated_to IS NULL OR a.allocated_to > d.created_at)))
      OR d.direction = 'police_to_health' AND d.created_by <> c.requested_by AND NOT EXISTS (
        SELECT 1 FROM role_assignments r
        WHERE r.user_id = d.created_by AND r.role = 'police_lead' AND r.hub_id = c.hub_id)
    UNION ALL
    -- Without consent: approved or refused by a hub lead of the hub who did not decide, both
    -- with a second factor confirmed within the step-up window before acting.
    SELECT d.id::text, 'approver' FROM disclosures d
    WHERE coalesce(d.approved_by, d.refused_by) IS NOT NULL AND (
      coalesce(d.approved_by, d.refused_by) = d.decided_by OR NOT EXISTS (SELECT 1 FROM role_assignments r WHERE r.user_id = coalesce(d.approved_by, d.refused_by)
        AND r.role = 'hub_lead' AND r.hub_id = d.hub_id)
      OR NOT d.needs_approval)
    UNION ALL
    SELECT d.id::text, 'step-up' FROM disclosures d
    WHERE (d.needs_approval AND (d.decider_step_up_at IS NULL OR d.decider_step_up_at > d.decided_at
        OR d.decider_step_up_at < d.decided_at - ${stepUp}::interval
        OR d.decider_step_up_at < d.created_at))
      OR (NOT d.needs_approval AND d.decider_step_up_at IS NOT NULL)
      OR (d.approved_by IS NOT NULL AND (d.approver_step_up_at > d.approved_at
        OR d.approver_step_up_at < d.approved_at - ${stepUp}::interval))
      OR (d.needs_approval AND d.status IN ('in_effect', 'withdrawn') AND d.approved_by IS NULL)
    UNION ALL
    SELECT d.id::text, 'times' FROM disclosures d
    WHERE d.created_at > d.decided_at OR d.decided_at > coalesce(d.approved_at, d.refused_at)
      OR d.effective_at <> coalesce(d.approved_at, d.decided_at) OR d.withdrawn_at <= d.effective_at
      OR d.updated_at <> greatest(d.created_at, d.decided_at, d.approved_at, d.refused_at, d.withdrawn_at)
      OR d.updated_at > ${NOW}::timestamptz
      OR d.version <> 1 + (d.decided_at IS NOT NULL)::int + (coalesce(d.approved_at, d.refused_at) IS NOT NULL)::int
        + (d.withdrawn_at IS NOT NULL)::int
    UNION ALL
    -- Named recipients: health to police, the case's officer or the hub's police (others with
    -- a reason); police to health, the hub's clinical team alone.
    SELECT r.id::text, 'recipient' FROM disclosure_recipients r JOIN disclosures d ON d.id = r.disclosure_id
      JOIN cases c ON c.id = d.case_id
    WHERE (d.direction = 'police_to_health') <> (r.kind = 'hub_clinical_team')
      OR r.kind = 'case_officer' AND r.user_id <> c.requested_by
      OR r.kind IN ('police_lead', 'other') AND NOT EXISTS (SELECT 1 FROM role_assignments u WHERE u.user_id = r.user_id AND u.hub_id = c.hub_id
        AND u.role = CASE r.kind WHEN 'police_lead' THEN 'police_lead' ELSE 'case_officer' END)
      OR r.kind = 'other' AND (r.user_id = c.requested_by OR r.reason IS NULL)
    UNION ALL
    SELECT d.id::text, 'named' FROM disclosures d
    WHERE NOT EXISTS (SELECT 1 FROM disclosure_recipients r WHERE r.disclosure_id = d.id)
      OR d.direction = 'police_to_health' AND (SELECT count(*) FROM disclosure_recipients r
        WHERE r.disclosure_id = d.id) <> 1
      OR NOT EXISTS (SELECT 1 FROM disclosure_items i WHERE i.disclosure_id = d.id) AND d.summary IS NULL
    UNION ALL
    -- Items chosen from what the case held when the draft was saved.
    SELECT i.id::text, 'provenance' FROM disclosure_items i JOIN disclosures d ON d.id = i.disclosure_id
    WHERE NOT CASE i.source_table
      WHEN 'formulations' THEN EXISTS (SELECT 1 FROM formulations f WHERE f.id = i.source_record_id
        AND f.case_id = d.case_id AND f.status = 'signed_off' AND f.signed_off_at < d.created_at
        AND f.version_number = i.source_record_version)
      WHEN 'triage_decisions' THEN EXISTS (SELECT 1 FROM triage_decisions t
        WHERE t.id = i.source_record_id AND t.case_id = d.case_id AND t.decided_at < d.created_at)
      WHEN 'consents' THEN i.source_record_id = (SELECT k.id FROM consents k WHERE k.case_id = d.case_id
        AND k.recorded_at < d.created_at ORDER BY k.recorded_at DESC LIMIT 1)
      WHEN 'police_updates' THEN EXISTS (SELECT 1 FROM police_updates u
        WHERE u.id = i.source_record_id AND u.case_id = d.case_id AND u.created_at < d.created_at)
      ELSE false END
      OR i.source_record_version IS NULL
      OR (i.source_table = 'police_updates') <> (d.direction = 'police_to_health')
    UNION ALL
    -- Released copies exactly when the decision took effect: the summary first, then each
    -- item, frozen with their provenance and the decision's basis, decider and approver.
    SELECT d.id::text, 'released' FROM disclosures d
    WHERE (d.effective_at IS NOT NULL) <> EXISTS (SELECT 1 FROM released_items x WHERE x.disclosure_id = d.id)
      OR (SELECT count(*) FROM released_items x WHERE x.disclosure_id = d.id)
        <> CASE WHEN d.effective_at IS NULL THEN 0 ELSE (d.summary IS NOT NULL)::int
          + (SELECT count(*) FROM disclosure_items i WHERE i.disclosure_id = d.id) END
    UNION ALL
    SELECT x.id::text, 'copy' FROM released_items x JOIN disclosures d ON d.id = x.disclosure_id
      LEFT JOIN disclosure_items i ON i.disclosure_id = d.id
        AND i.position = x.position - (d.summary IS NOT NULL)::int
    WHERE x.case_id <> d.case_id OR x.direction <> d.direction OR x.legal_basis <> d.legal_basis
      OR x.decided_by <> d.decided_by OR x.approved_by IS DISTINCT FROM d.approved_by
      OR x.released_at <> d.effective_at OR x.withdrawn_at IS DISTINCT FROM d.withdrawn_at
      OR CASE WHEN d.summary IS NOT NULL AND x.position = 1
        THEN (x.source, x.source_table, x.source_record_id, x.source_record_version, x.body)
          IS DISTINCT FROM ('summary', 'disclosures', d.id, 2 + (d.approved_by IS NOT NULL)::int, d.summary)
        ELSE (x.source, x.source_table, x.source_record_id, x.source_record_version, x.label, x.body)
          IS DISTINCT FROM (i.source, i.source_table, i.source_record_id, i.source_record_version, i.label, i.body)
        END`);
  assert.deepEqual(bad, []);

  // What was frozen is what the application's own sources give for that record.
  const items = await rows(sql<{
    case_id: string;
    direction: DisclosureDirection;
    source: string;
    source_record_id: string;
    label: string;
    body: string;
  }>`SELECT d.case_id, d.direction, i.source, i.source_record_id, i.label, i.body
    FROM disclosure_items i JOIN disclosures d ON d.id = i.disclosure_id`);
  const offered = new Map<string, Map<string, { label: string; text: string }>>();
  let compared = 0;
  for (const item of items) {
    const key = `${item.case_id}:${item.direction}`;
    if (!offered.has(key)) {
      const groups = await releasableItems(database.db, item.case_id, item.direction);
      offered.set(
        key,
        new Map(groups.flatMap((g) => g.items).map((i) => [`${i.source}:${i.recordId}`, i])),
      );
    }
    // The consent offered is the one in force now, which may be later than the one released.
    const now = offered.get(key)!.get(`${item.source}:${item.source_record_id}`);
    if (!now) continue;
    assert.deepEqual([item.label, item.body], [now.label, now.text], item.source);
    compared += 1;
  }
  assert.ok(compared > items.length * 0.8, `${compared} of ${items.length} items compared`);

  // Audit rows as the service writes them: the draft, the submission, the approval or refusal,
  // the withdrawal; the disclosure itself naming its recipients; each step-up.
  const audited = await rows(sql<{ id: string; what: string }>`
    SELECT d.id::text AS id, 'collection' AS what FROM disclosures d WHERE NOT EXISTS (
      SELECT 1 FROM audit_events e WHERE e.subject_type = 'disclosure' AND e.subject_id = d.id::text
        AND e.action = 'collection' AND e.actor_user_id = d.created_by AND e.occurred_at = d.created_at
        AND e.detail->>'status' = 'draft' AND e.detail->>'direction' = d.direction)
    UNION ALL
    SELECT d.id::text, 'alterations' FROM disclosures d WHERE (SELECT count(*) FROM audit_events e
      WHERE e.subject_type = 'disclosure' AND e.subject_id = d.id::text AND e.action = 'alteration')
      <> d.version - 1
    UNION ALL
    SELECT d.id::text, 'decided' FROM disclosures d WHERE coalesce(d.approved_by, d.refused_by) IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.subject_type = 'disclosure'
        AND e.subject_id = d.id::text AND e.action = 'alteration' AND e.actor_role = 'hub_lead'
        AND e.actor_user_id = coalesce(d.approved_by, d.refused_by)
        AND e.occurred_at = coalesce(d.approved_at, d.refused_at)
        AND e.reason IS NOT DISTINCT FROM d.refusal_reason)
    UNION ALL
    SELECT d.id::text, 'withdrawn' FROM disclosures d WHERE d.withdrawn_at IS NOT NULL AND NOT EXISTS (
      SELECT 1 FROM audit_events e WHERE e.subject_type = 'disclosure' AND e.subject_id = d.id::text
        AND e.action = 'alteration' AND e.actor_user_id = d.withdrawn_by
        AND e.occurred_at = d.withdrawn_at AND e.reason = d.withdrawal_reason)
    UNION ALL
    SELECT d.id::text, 'disclosure' FROM disclosures d
    WHERE (d.effective_at IS NOT NULL) <> EXISTS (SELECT 1 FROM audit_events e
      WHERE e.subject_type = 'disclosure' AND e.subject_id = d.id::text AND e.action = 'disclosure'
        AND e.actor_user_id = coalesce(d.approved_by, d.decided_by) AND e.occurred_at = d.effective_at
        AND e.hub_id = d.hub_id AND e.detail->>'legalBasis' = d.legal_basis
        AND e.detail->>'consent' = d.consent AND e.detail->>'direction' = d.direction
        AND e.detail->'items' = (SELECT jsonb_agg(x.source ORDER BY x.position) FROM released_items x
          WHERE x.disclosure_id = d.id)
        AND (SELECT array_agg(v ORDER BY v) FROM jsonb_array_elements_text(e.detail->'recipients') v)
          = (SELECT array_agg(coalesce(r.user_id::text, 'hub_clinical_team:' || d.hub_id) ORDER BY
            coalesce(r.user_id::text, 'hub_clinical_team:' || d.hub_id))
            FROM disclosure_recipients r WHERE r.disclosure_id = d.id))
    UNION ALL
    SELECT d.id::text, 'step-up' FROM disclosures d, LATERAL (VALUES (d.decided_by, d.decider_step_up_at),
      (d.approved_by, d.approver_step_up_at)) AS s (who, at)
    WHERE s.at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.action = 'sign-in'
      AND e.actor_user_id = s.who AND e.subject_id = s.who::text AND e.occurred_at = s.at
      AND e.detail->>'event' = 'step-up')`);
  assert.deepEqual(audited, []);
  const [disclosed] = await rows(sql<{ audited: number; effective: number }>`
    SELECT (SELECT count(*)::int FROM audit_events WHERE action = 'disclosure') AS audited,
      (SELECT count(*)::int FROM disclosures WHERE effective_at IS NOT NULL) AS effective`);
  assert.equal(disclosed!.audited, disclosed!.effective, 'one disclosure row per release');

  // The trigger still holds: a released copy cannot change.
  const [copy] = await rows(sql<{ id: string }>`SELECT id FROM released_items LIMIT 1`);
  await assert.rejects(
    sql`UPDATE released_items SET body = 'changed' WHERE id = ${copy!.id}`.execute(database.db),
    /frozen copy/,
  );
});

test('audit: a row for each change, by who made it; the sealer chains them and they verify', async () => {
  const pairs: [string, string, string][] = [
    ['support_request', 'collection', 'SELECT count(*) FROM support_requests'],
    ['triage_decision', 'collection', 'SELECT count(*) FROM triage_decisions'],
    ['consent', 'collection', 'SELECT count(*) FROM consents'],
    ['lawful_basis', 'collection', 'SELECT count(*) FROM lawful_bases'],
    ['advice', 'collection', 'SELECT count(*) FROM advice'],
    ['police_update', 'collection', 'SELECT count(*) FROM police_updates'],
    ['closure_request', 'collection', 'SELECT count(*) FROM closure_requests'],
    [
      'closure_request',
      'alteration',
      "SELECT count(*) FROM closure_requests WHERE decision <> 'pending'",
    ],
    ['closure_feedback', 'collection', 'SELECT count(*) FROM closure_feedback'],
    ['formulation', 'collection', 'SELECT count(*) FROM formulations'],
    ['plan', 'collection', 'SELECT count(*) FROM plans WHERE version_number = 1'],
    ['liaison_contact', 'collection', 'SELECT count(*) FROM liaison_contacts'],
    ['meeting', 'collection', 'SELECT count(*) FROM meetings'],
    ['contact', 'collection', 'SELECT count(*) FROM contacts'],
    ['contact', 'alteration', "SELECT count(*) FROM contacts WHERE status <> 'planned'"],
    ['case_note', 'collection', 'SELECT count(*) FROM case_notes'],
    ['case_note', 'alteration', 'SELECT count(*) FROM case_note_versions WHERE version > 1'],
    ['meeting_attendee', 'alteration', 'SELECT count(*) FROM meeting_attendees'],
    ['meeting_action', 'alteration', 'SELECT count(*) FROM meeting_actions'],
    ['plan_review', 'collection', 'SELECT count(*) FROM plan_reviews'],
    ['plan_need', 'collection', 'SELECT count(DISTINCT lineage_id) FROM plan_needs'],
    ['plan_action', 'collection', 'SELECT count(DISTINCT lineage_id) FROM plan_actions'],
  ];
  for (const [subject, action, counting] of pairs) {
    const [row] = await rows(sql<{ audited: number; records: number }>`
      SELECT (SELECT count(*)::int FROM audit_events WHERE subject_type = ${subject}
        AND action = ${action}) AS audited, (${sql.raw(counting)})::int AS records`);
    assert.equal(row!.audited, row!.records, `${action} of ${subject}`);
  }
  // Each change of an action's status is audited against the action as it then stood.
  const [orphan] = await rows(sql<{ n: number }>`
    SELECT count(*)::int AS n FROM audit_events e WHERE e.subject_type = 'plan_action'
      AND e.action = 'alteration' AND NOT EXISTS (SELECT 1 FROM plan_actions a
        WHERE a.id::text = e.subject_id AND a.updated_at >= e.occurred_at)`);
  assert.equal(orphan!.n, 0);
  const [people] = await rows(sql<{ audited: number; records: number }>`
    SELECT (SELECT count(*)::int FROM audit_events WHERE subject_type = 'person' AND action = 'collection') AS audited,
           (SELECT count(*)::int FROM people) AS records`);
  assert.equal(people!.audited, people!.records);
  // Each triage row is audited by the clinician who decided, at the time of the decision.
  const [mismatch] = await rows(sql<{ n: number }>`
    SELECT count(*)::int AS n FROM triage_decisions t WHERE NOT EXISTS (SELECT 1 FROM audit_events e
      WHERE e.subject_type = 'triage_decision' AND e.subject_id = t.case_id::text
      AND e.actor_user_id = t.decided_by AND e.occurred_at = t.decided_at)`);
  assert.equal(mismatch!.n, 0);

  const [sealed] = await rows(sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_seals`);
  assert.equal(sealed!.n, 0, 'rows are written unsealed, as the app writes them');
  const anchors = testAnchors();
  await sealAudit(database.db, { now: () => NOW }, anchors);
  const verified = await verifyAudit(database.db, anchors);
  assert.ok(verified.ok, JSON.stringify(verified));
});

test('the same seed gives the same rows; another seed gives others; a seed runs once', async () => {
  const options = { years: 2, requestsPerYear: 60, now: NOW };
  const [a, b, c] = await Promise.all([testDatabase(), testDatabase(), testDatabase()]);
  try {
    const written = await generateInto(a.db, { ...options, seed: 'same' });
    await generateInto(b.db, { ...options, seed: 'same' });
    await generateInto(c.db, { ...options, seed: 'other' });
    const [ha, hb, hc] = await Promise.all([
      contentHash(a.db),
      contentHash(b.db),
      contentHash(c.db),
    ]);
    assert.equal(ha, hb);
    assert.notEqual(ha, hc);
    // The hash covers every table the generator writes, disclosures too: a change to any of
    // their rows changes it.
    const tables: readonly string[] = GENERATED_TABLES;
    assert.deepEqual(
      Object.keys(written).filter((table) => table !== 'staff' && !tables.includes(table)),
      [],
    );
    let previous = hb;
    for (const [table, change] of [
      [
        'disclosures',
        sql`UPDATE disclosures SET purpose = purpose || ' (changed)'
        WHERE id = (SELECT min(id::text)::uuid FROM disclosures WHERE status <> 'draft')`,
      ],
      [
        'disclosure_recipients',
        sql`UPDATE disclosure_recipients SET reason = 'Changed'
        WHERE id = (SELECT min(id::text)::uuid FROM disclosure_recipients)`,
      ],
      [
        'disclosure_items',
        sql`UPDATE disclosure_items SET label = label || ' (changed)'
        WHERE id = (SELECT min(id::text)::uuid FROM disclosure_items)`,
      ],
      [
        'released_items',
        sql`UPDATE released_items SET withdrawn_at = ${NOW}::timestamptz
        WHERE id = (SELECT min(id::text)::uuid FROM released_items WHERE withdrawn_at IS NULL)`,
      ],
    ] as const) {
      const changed = await change.execute(b.db);
      assert.equal(Number(changed.numAffectedRows), 1, `a row of ${table} to change`);
      const hash = await contentHash(b.db);
      assert.notEqual(hash, previous, `the hash covers ${table}`);
      previous = hash;
    }
    assert.ok(await alreadyGenerated(a.db, 'same'));
    await assert.rejects(generateInto(a.db, { ...options, seed: 'same' }), GeneratorError);
    // Another seed adds to the same database without colliding.
    const more = await generateInto(a.db, { ...options, seed: 'more' });
    assert.equal(more.cases, 120);
    assert.equal(more.staff, 0, 'the synthetic staff are found again, not duplicated');
  } finally {
    await Promise.all([a.close(), b.close(), c.close()]);
  }
});

test('bad options are refused before anything is written', async () => {
  for (const bad of [
    { years: 0, requestsPerYear: 10, seed: 'x' },
    { years: 1, requestsPerYear: 1.5, seed: 'x' },
    { years: 1, requestsPerYear: 10, seed: 'has space' },
    { years: 1, requestsPerYear: 10, seed: 'x', hubs: ['ZZ'] },
  ]) {
    await assert.rejects(generateInto(database.db, bad), GeneratorError);
  }
});
