import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { AWAITING_CLOSURE_APPROVAL } from '../../domain/case-state.ts';
import { can, hubsGranting } from '../../domain/permissions.ts';
import type { Principal } from '../auth/principal.ts';
import { dueHubsOf, dueItems } from '../plans/due.ts';

/**
 * What waits for the user, counted for the home page: one SQL statement, one scalar subquery
 * per count. Each count is limited to the hubs where a role the user holds there grants the
 * permission of its list (hubsGranting, the access core's rule), exactly as that list's own
 * query is, so the number is what the list shows; a count the user has no hub for is left out.
 */
export type CountKey =
  | 'urgentRequests'
  | 'requestsToTriage'
  | 'casesToAllocate'
  | 'approvalsWaiting'
  | 'overdue'
  | 'newAdvice'
  | 'feedbackToGive'
  | 'accessReasons';

export type HomeCounts = Partial<Record<CountKey, number>>;

/** How far back the IG officer's count of reasons given for opening cases looks. */
export const ACCESS_REASON_DAYS = 7;

const inList = (ids: readonly string[]) => sql.join(ids.map((id) => sql`${id}`));

/** The count subqueries that apply to this user, by key. */
export function countQueries(
  principal: Principal,
  today: string,
  now: Date,
): Partial<Record<CountKey, RawBuilder<unknown>>> {
  const me = principal.userId;
  const q: Partial<Record<CountKey, RawBuilder<unknown>>> = {};

  const triage = hubsGranting(principal.assignments, 'triage.decide');
  if (triage.length > 0) {
    q.urgentRequests = sql`SELECT count(*) FROM cases
      WHERE status = 'awaiting_triage' AND urgency = 'urgent' AND hub_id IN (${inList(triage)})`;
    q.requestsToTriage = sql`SELECT count(*) FROM cases
      WHERE status = 'awaiting_triage' AND hub_id IN (${inList(triage)})`;
  }

  const allocate = hubsGranting(principal.assignments, 'case.allocate');
  if (allocate.length > 0) {
    q.casesToAllocate = sql`SELECT count(*) FROM cases
      WHERE status = 'awaiting_allocation' AND hub_id IN (${inList(allocate)})`;
  }

  // Approvals: what the three queues list, less the user's own (never approved by them).
  const closures = hubsGranting(principal.assignments, 'closure.approve');
  const signOff = hubsGranting(principal.assignments, 'formulation.sign_off');
  const disclosures = hubsGranting(principal.assignments, 'disclosure.approve');
  const parts: RawBuilder<unknown>[] = [];
  if (closures.length > 0) {
    parts.push(sql`(SELECT count(*) FROM closure_requests r JOIN cases c ON c.id = r.case_id
      WHERE r.decision = 'pending' AND r.requested_by <> ${me}
        AND c.status IN (${inList(AWAITING_CLOSURE_APPROVAL)})
        AND c.hub_id IN (${inList(closures)}))`);
  }
  if (signOff.length > 0) {
    parts.push(sql`(SELECT count(*) FROM formulations f JOIN cases c ON c.id = f.case_id
      WHERE f.status = 'submitted' AND f.author_id <> ${me} AND c.hub_id IN (${inList(signOff)}))`);
  }
  if (disclosures.length > 0) {
    parts.push(sql`(SELECT count(*) FROM disclosures d JOIN cases c ON c.id = d.case_id
      WHERE d.status = 'awaiting_approval' AND d.decided_by <> ${me}
        AND c.hub_id IN (${inList(disclosures)}))`);
  }
  if (parts.length > 0) q.approvalsWaiting = sql`SELECT ${sql.join(parts, sql` + `)}`;

  // The "Due and overdue" list's own query, in the scope the list opens with.
  const due = dueHubsOf(principal);
  if (due.work.length > 0) {
    const items = dueItems(principal, due.led.length > 0 ? 'hub' : 'mine', today);
    q.overdue = sql`${items} SELECT count(*) FROM items WHERE date < ${today}::date`;
  }

  if (can(principal.roles, 'request.follow')) {
    // Advice on their own requests given since they last opened that request (its page or
    // its closure page: the audit log records each time they read it).
    q.newAdvice = sql`SELECT count(*) FROM advice a JOIN cases c ON c.id = a.case_id
      WHERE c.requested_by = ${me}
        AND a.created_at > COALESCE((
          SELECT max(e.occurred_at) FROM audit_events e
          WHERE e.subject_type IN ('support_request', 'closure_summary')
            AND e.subject_id = c.id::text AND e.actor_user_id = ${me}
            AND e.action = 'consultation'), '-infinity'::timestamptz)`;
  }
  if (can(principal.roles, 'closure.feedback')) {
    q.feedbackToGive = sql`SELECT count(*) FROM cases c
      JOIN closure_summaries s ON s.case_id = c.id
      WHERE c.requested_by = ${me} AND c.status = 'closed'
        AND NOT EXISTS (SELECT 1 FROM closure_feedback f WHERE f.case_id = c.id)`;
  }

  // A national permission: held with no hub.
  if (can(principal.roles, 'audit.read')) {
    const since = new Date(now.getTime() - ACCESS_REASON_DAYS * 24 * 60 * 60 * 1000);
    q.accessReasons = sql`SELECT count(*) FROM case_access_reasons WHERE recorded_at >= ${since}`;
  }
  return q;
}

/**
 * The counts for the home page in one statement. Not audited: a count names no case, person or
 * record, and the lists it links to audit what they show (docs/home-and-navigation.md).
 */
export async function homeCounts(
  deps: { db: Kysely<DB>; clock: Clock },
  input: { principal: Principal; today: string },
): Promise<HomeCounts> {
  const queries = countQueries(input.principal, input.today, deps.clock.now());
  const keys = Object.keys(queries) as CountKey[];
  if (keys.length === 0) return {};
  const columns = keys.map((k) => sql`(${queries[k]!})::int AS ${sql.ref(k)}`);
  const result = await sql<Record<CountKey, number>>`SELECT ${sql.join(columns)}`.execute(deps.db);
  const row = result.rows[0]!;
  const counts: HomeCounts = {};
  for (const k of keys) counts[k] = Number(row[k] ?? 0);
  return counts;
}
