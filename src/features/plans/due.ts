import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { dueHorizon, OPEN_ACTION_STATUSES } from '../../domain/plan-due.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import { hubsGranting } from '../../domain/permissions.ts';
import type { Principal } from '../auth/principal.ts';

export const DUE_PAGE_SIZE = 25;

/** Whose cases: the clinician's allocated cases, or (for the hub lead) every case of the hub. */
export type DueScope = 'mine' | 'hub';

/** An action or a review on the list; dueState (src/domain/plan-due.ts) says how late. */
export interface DueItem {
  kind: 'action' | 'review';
  itemId: string;
  caseId: string;
  reference: string;
  personName: string;
  date: string;
  description: string | null;
  serviceType: string | null;
  owner: string | null;
  status: string | null;
}

interface DueRow {
  kind: 'action' | 'review';
  item_id: string;
  case_id: string;
  reference: string;
  given_name: string;
  family_name: string;
  date: string;
  description: string | null;
  service_type: string | null;
  owner: string | null;
  status: string | null;
}

/**
 * Where the viewer works health records: the hubs where a role they hold grants case.work, and
 * of those the hubs they lead (a clinician in one hub and hub lead in another leads only that).
 */
export function dueHubsOf(principal: Principal): { work: string[]; led: string[] } {
  const work = hubsGranting(principal.assignments, 'case.work');
  const led = principal.assignments
    .filter((a) => a.role === 'hub_lead' && a.hubId !== null && work.includes(a.hubId))
    .map((a) => a.hubId!);
  return { work, led: [...new Set(led)] };
}

/**
 * The actions still to do and the reviews of current plan versions dated on or before the
 * horizon (today plus DUE_SOON_DAYS), in open cases: for "mine", the viewer's current
 * allocations in hubs where they work health records; for the hub lead's "hub" scope, also
 * every case of the hubs they lead. Oldest first.
 */
export function dueItems(principal: Principal, scope: DueScope, today: string) {
  const horizon = dueHorizon(today);
  const hubs = dueHubsOf(principal);
  const led = scope === 'hub' && hubs.led.length > 0 ? hubs.led : [null];
  const openStatuses = sql.join(OPEN_ACTION_STATUSES.map((s) => sql`${s}`));
  return sql`
    WITH scoped AS MATERIALIZED (
      -- Open cases in scope with their plan in force, found case by case through the one-plan
      -- index (the LATERAL's LIMIT keeps it a lookup per case): ten years of history hold
      -- ~15,000 plans in force, nearly all of closed cases, and hashing them all cost ~20 ms.
      SELECT c.id, c.reference, p.given_name, p.family_name, pl.id AS plan_id, pl.review_date
      FROM cases c
      JOIN people p ON p.id = c.person_id
      CROSS JOIN LATERAL (
        SELECT plans.id, plans.review_date FROM plans
        WHERE plans.case_id = c.id AND plans.superseded_at IS NULL
        LIMIT 1) pl
      WHERE c.status = 'open'
        AND c.hub_id IN (${sql.join(hubs.work)})
        AND (c.hub_id IN (${sql.join(led)}) OR EXISTS (
          SELECT 1 FROM allocations a
          WHERE a.case_id = c.id AND a.clinician_id = ${principal.userId}
            AND a.allocated_to IS NULL))
    ), items AS (
      SELECT 'action' AS kind, pa.id AS item_id, s.id AS case_id, s.reference, s.given_name,
        s.family_name, pa.due_date AS date, pa.description, pa.service_type, pa.owner, pa.status
      FROM scoped s
      -- The same for actions (OFFSET 0 keeps the lookup per plan): the ~25,000 open actions
      -- due by now are nearly all on closed cases' plans.
      CROSS JOIN LATERAL (
        SELECT * FROM plan_actions
        WHERE plan_actions.plan_id = s.plan_id
          AND plan_actions.status IN (${openStatuses})
          AND plan_actions.due_date <= ${horizon}::date
        OFFSET 0) pa
      UNION ALL
      SELECT 'review', s.plan_id, s.id, s.reference, s.given_name, s.family_name, s.review_date,
        NULL, NULL, NULL, NULL
      FROM scoped s
      WHERE s.review_date <= ${horizon}::date
    )`;
}

/** One page of the "Due and overdue" list, with its consultation audit row. */
export async function dueAndOverdue(input: {
  db: Kysely<DB>;
  clock: Clock;
  actor: AuditActor;
  principal: Principal;
  scope: DueScope;
  page: number;
  today: string;
}): Promise<{ total: number; items: DueItem[] }> {
  const { db, clock, actor, principal } = input;
  if (dueHubsOf(principal).work.length === 0) return { total: 0, items: [] };
  return db.transaction().execute(async (trx) => {
    const items = dueItems(principal, input.scope, input.today);
    const offset = (Math.max(1, input.page) - 1) * DUE_PAGE_SIZE;
    // The page and the total in one pass (a window count), so the scoped lookups run once.
    const rows = await sql<DueRow & { total: number }>`
      ${items} SELECT *, count(*) OVER ()::int AS total FROM items
      ORDER BY date, reference, kind DESC, item_id
      LIMIT ${DUE_PAGE_SIZE} OFFSET ${offset}`.execute(trx);
    // Only a page past the last has no row to carry the total: count for it alone.
    const total =
      rows.rows.length > 0
        ? Number(rows.rows[0]!.total)
        : offset === 0
          ? 0
          : Number(
              (
                await sql<{ total: number }>`
                  ${items} SELECT count(*)::int AS total FROM items`.execute(trx)
              ).rows[0]?.total ?? 0,
            );
    await recordAudit(trx, clock, actor, {
      action: 'consultation',
      subjectType: 'plan_due_list',
      detail: {
        scope: input.scope,
        page: input.page,
        count: rows.rows.length,
        caseIds: [...new Set(rows.rows.map((r) => r.case_id))],
      },
    });
    return {
      total,
      items: rows.rows.map((r) => ({
        kind: r.kind,
        itemId: r.item_id,
        caseId: r.case_id,
        reference: r.reference,
        personName: `${r.given_name} ${r.family_name}`,
        date: typeof r.date === 'string' ? r.date : String(r.date),
        description: r.description,
        serviceType: r.service_type,
        owner: r.owner,
        status: r.status,
      })),
    };
  });
}
