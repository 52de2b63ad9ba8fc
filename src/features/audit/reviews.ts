import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { londonDayEnd, londonDayStart } from '../../domain/london-day.ts';
import { recordAudit, type AuditActor } from './record.ts';

/**
 * The IG officer's review queue (docs/audit.md): every reason given to open a case outside
 * one's allocation (case_access_reasons) and every download of identifiable data (an audit row
 * whose detail names `identifiableExport`, export-reason.ts), each marked reviewed with an
 * outcome and a note (ig_reviews, added to only: the latest review of an item stands).
 */
export const REVIEW_ITEM_KINDS = ['access_reason', 'export'] as const;
export type ReviewItemKind = (typeof REVIEW_ITEM_KINDS)[number];
export const REVIEW_OUTCOMES = ['appropriate', 'query_raised', 'escalated'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];
export const REVIEWS_PAGE_SIZE = 50;

export interface ReviewFilters {
  hubId?: string;
  userId?: string;
  /** London days, YYYY-MM-DD, both included. */
  from?: string;
  to?: string;
  kind?: ReviewItemKind;
  status: 'unreviewed' | 'reviewed' | 'all';
}

export interface ReviewItem {
  kind: ReviewItemKind;
  id: string;
  at: Date;
  userId: string | null;
  userName: string | null;
  hubName: string | null;
  reason: string | null;
  caseReference: string | null;
  exportKind: string | null;
  outcome: ReviewOutcome | null;
  reviewedAt: Date | null;
}

/** Both kinds of item, in one shape. */
const items = sql`(
  SELECT 'access_reason'::text AS kind, r.id, r.recorded_at AS at, r.user_id, c.hub_id,
    r.reason, c.reference AS case_reference, c.person_id, NULL::text AS export_kind
  FROM case_access_reasons r JOIN cases c ON c.id = r.case_id
  UNION ALL
  SELECT 'export'::text, e.id, e.occurred_at, e.actor_user_id, e.hub_id, e.reason,
    c.reference, e.person_id, e.detail ->> 'identifiableExport'
  FROM audit_events e
  LEFT JOIN cases c ON e.subject_type = 'case' AND c.id::text = e.subject_id
  WHERE e.detail ? 'identifiableExport' AND e.outcome = 'success'
)`;

/** The latest review of each item. */
const latest = sql`LEFT JOIN LATERAL (
  SELECT g.outcome, g.reviewed_at FROM ig_reviews g
  WHERE g.item_kind = i.kind AND g.item_id = i.id
  ORDER BY g.reviewed_at DESC, g.id DESC LIMIT 1
) rv ON true`;

function where(filters: ReviewFilters): RawBuilder<unknown> {
  const all: RawBuilder<unknown>[] = [sql`true`];
  if (filters.hubId) all.push(sql`i.hub_id = ${filters.hubId}`);
  if (filters.userId) all.push(sql`i.user_id = ${filters.userId}`);
  if (filters.kind) all.push(sql`i.kind = ${filters.kind}`);
  if (filters.from) all.push(sql`i.at >= ${londonDayStart(filters.from)}`);
  if (filters.to) all.push(sql`i.at < ${londonDayEnd(filters.to)}`);
  if (filters.status === 'unreviewed') all.push(sql`rv.outcome IS NULL`);
  if (filters.status === 'reviewed') all.push(sql`rv.outcome IS NOT NULL`);
  return sql.join(all, sql` AND `);
}

interface ItemRow {
  kind: ReviewItemKind;
  id: string;
  at: Date;
  user_id: string | null;
  user_name: string | null;
  hub_name: string | null;
  reason: string | null;
  case_reference: string | null;
  person_id: string | null;
  export_kind: string | null;
  outcome: ReviewOutcome | null;
  reviewed_at: Date | null;
}

const selectItems = sql`SELECT i.kind, i.id, i.at, i.user_id, u.name AS user_name,
    h.name AS hub_name, i.reason, i.case_reference, i.person_id, i.export_kind, rv.outcome,
    rv.reviewed_at
  FROM ${items} i
  LEFT JOIN users u ON u.id = i.user_id
  LEFT JOIN hubs h ON h.id = i.hub_id
  ${latest}`;

const toItem = (r: ItemRow): ReviewItem => ({
  kind: r.kind,
  id: r.id,
  at: new Date(r.at),
  userId: r.user_id,
  userName: r.user_name,
  hubName: r.hub_name,
  reason: r.reason,
  caseReference: r.case_reference,
  exportKind: r.export_kind,
  outcome: r.outcome,
  reviewedAt: r.reviewed_at ? new Date(r.reviewed_at) : null,
});

export interface UserMonthCount {
  userName: string;
  month: string;
  accessReasons: number;
  exports: number;
  concerns: number;
}

/**
 * One page of the queue, newest first, the counts per user and month of everything the filters
 * match (whatever its review status), and the choices of the filter form; audited.
 */
export async function reviewQueue(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  request: { filters: ReviewFilters; page: number },
) {
  const { filters, page } = request;
  return db.transaction().execute(async (trx) => {
    const condition = where(filters);
    const total = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${items} i ${latest}
      WHERE ${condition}`.execute(trx);
    const rows = await sql<ItemRow>`${selectItems} WHERE ${condition}
      ORDER BY i.at DESC, i.id LIMIT ${REVIEWS_PAGE_SIZE}
      OFFSET ${(page - 1) * REVIEWS_PAGE_SIZE}`.execute(trx);
    const everything = where({ ...filters, status: 'all' });
    const counts = await sql<{
      user_name: string | null;
      month: string;
      reasons: number;
      exports: number;
      concerns: number;
    }>`SELECT u.name AS user_name,
        to_char(i.at AT TIME ZONE 'Europe/London', 'YYYY-MM') AS month,
        count(*) FILTER (WHERE i.kind = 'access_reason')::int AS reasons,
        count(*) FILTER (WHERE i.kind = 'export')::int AS exports,
        count(*) FILTER (WHERE rv.outcome IN ('query_raised', 'escalated'))::int AS concerns
      FROM ${items} i LEFT JOIN users u ON u.id = i.user_id ${latest}
      WHERE ${everything}
      GROUP BY u.name, i.user_id, month
      ORDER BY month DESC, u.name, i.user_id`.execute(trx);
    const { users, hubs } = await reviewChoices(trx);
    await recordAudit(trx, clock, actor, {
      action: 'consultation',
      subjectType: 'ig_review_queue',
      detail: {
        hubId: filters.hubId ?? null,
        userId: filters.userId ?? null,
        from: filters.from ?? null,
        to: filters.to ?? null,
        kind: filters.kind ?? null,
        status: filters.status,
        page,
        count: rows.rows.length,
      },
    });
    return {
      total: total.rows[0]?.n ?? 0,
      items: rows.rows.map(toItem),
      counts: counts.rows.map((c) => ({
        userName: c.user_name ?? 'Unknown user',
        month: c.month,
        accessReasons: c.reasons,
        exports: c.exports,
        concerns: c.concerns,
      })),
      users,
      hubs,
    };
  });
}

/** The choices of the filter form: hubs, and the people who have items to review. */
export async function reviewChoices(db: Kysely<DB>) {
  const users = await sql<{ id: string; name: string }>`SELECT DISTINCT u.id, u.name
    FROM ${items} i JOIN users u ON u.id = i.user_id ORDER BY u.name, u.id`.execute(db);
  const hubs = await db.selectFrom('hubs').select(['id', 'name']).orderBy('name').execute();
  return { users: users.rows, hubs };
}

export interface ReviewRecord {
  outcome: ReviewOutcome;
  note: string | null;
  reviewedAt: Date;
  reviewerName: string;
}

async function findItem(db: Kysely<DB>, kind: ReviewItemKind, id: string) {
  const found = await sql<ItemRow>`${selectItems} WHERE i.kind = ${kind} AND i.id = ${id}`.execute(
    db,
  );
  return found.rows[0];
}

/** One item with every review of it, newest first; audited. Null when there is no such item. */
export async function reviewItem(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: { kind: ReviewItemKind; id: string },
): Promise<{ item: ReviewItem; history: ReviewRecord[] } | null> {
  return db.transaction().execute(async (trx) => {
    const row = await findItem(trx, input.kind, input.id);
    if (!row) return null;
    const history = await trx
      .selectFrom('ig_reviews as g')
      .innerJoin('users as u', 'u.id', 'g.reviewed_by')
      .select(['g.outcome', 'g.note', 'g.reviewed_at', 'u.name'])
      .where('g.item_kind', '=', input.kind)
      .where('g.item_id', '=', input.id)
      .orderBy('g.reviewed_at', 'desc')
      .orderBy('g.id', 'desc')
      .execute();
    await recordAudit(trx, clock, actor, {
      action: 'consultation',
      subjectType: 'ig_review_item',
      subjectId: input.id,
      personId: row.person_id,
      detail: { itemKind: input.kind },
    });
    return {
      item: toItem(row),
      history: history.map((h) => ({
        outcome: h.outcome as ReviewOutcome,
        note: h.note,
        reviewedAt: h.reviewed_at,
        reviewerName: h.name,
      })),
    };
  });
}

/** Marks an item reviewed; audited with the outcome (the note stays out of the audit row). */
export async function recordReview(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: {
    kind: ReviewItemKind;
    id: string;
    outcome: ReviewOutcome;
    note: string | null;
    reviewerId: string;
  },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const row = await findItem(trx, input.kind, input.id);
    if (!row) return false;
    const review = await trx
      .insertInto('ig_reviews')
      .values({
        item_kind: input.kind,
        item_id: input.id,
        outcome: input.outcome,
        note: input.note,
        reviewed_by: input.reviewerId,
        reviewed_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, clock, actor, {
      action: 'collection',
      subjectType: 'ig_review',
      subjectId: review.id,
      personId: row.person_id,
      detail: { itemKind: input.kind, itemId: input.id, outcome: input.outcome },
    });
    return true;
  });
}
