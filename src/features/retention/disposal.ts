import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { disposalApproval, isDueForDisposal, type ApprovalRefusal } from '../../domain/disposal.ts';
import { londonDate } from '../../domain/london-day.ts';
import type { RetentionClock } from '../../domain/retention.ts';
import type { Role } from '../../domain/roles.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import { eraseClock } from './erase.ts';

type Deps = { db: Kysely<DB>; clock: Clock };

/**
 * Proposes to dispose of a clock's records of a case whose review is due. Null when it is not
 * due or a proposal already stands (or the clock was disposed of); nothing is written then.
 */
export async function proposeDisposal(
  { db, clock }: Deps,
  actor: AuditActor,
  input: { caseId: string; clock: RetentionClock; userId: string; reason: string },
): Promise<{ disposalId: string } | null> {
  const today = londonDate(clock.now());
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('retention_reviews')
      .innerJoin('cases', 'cases.id', 'retention_reviews.case_id')
      .select(['cases.hub_id', 'cases.person_id', 'retention_reviews.due_on'])
      .where('retention_reviews.case_id', '=', input.caseId)
      .where('retention_reviews.clock', '=', input.clock)
      .forUpdate()
      .executeTakeFirst();
    if (!due || !isDueForDisposal(due.due_on, today)) return null;
    const open = await trx
      .selectFrom('retention_disposals')
      .select('id')
      .where('case_id', '=', input.caseId)
      .where('clock', '=', input.clock)
      .where('status', 'in', ['proposed', 'disposed'])
      .executeTakeFirst();
    if (open) return null;
    const row = await trx
      .insertInto('retention_disposals')
      .values({
        case_id: input.caseId,
        clock: input.clock,
        status: 'proposed',
        reason: input.reason,
        proposed_by: input.userId,
        proposed_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: due.hub_id },
      {
        action: 'collection',
        subjectType: 'retention_disposal',
        subjectId: row.id,
        personId: due.person_id,
        reason: input.reason,
        detail: { caseId: input.caseId, clock: input.clock, decision: 'dispose' },
      },
    );
    return { disposalId: row.id };
  });
}

export interface ProposalRow {
  id: string;
  caseId: string;
  reference: string;
  hubName: string;
  clock: RetentionClock;
  dueOn: string | null;
  reason: string;
  proposedBy: string;
  proposedByName: string;
  proposedAt: Date;
}

const proposals = (db: Kysely<DB>) =>
  db
    .selectFrom('retention_disposals as d')
    .innerJoin('cases', 'cases.id', 'd.case_id')
    .innerJoin('hubs', 'hubs.id', 'cases.hub_id')
    .innerJoin('users', 'users.id', 'd.proposed_by')
    .leftJoin('retention_reviews as r', (j) =>
      j.onRef('r.case_id', '=', 'd.case_id').onRef('r.clock', '=', 'd.clock'),
    )
    .select([
      'd.id',
      'd.case_id as caseId',
      'cases.reference',
      'hubs.name as hubName',
      'd.clock',
      'r.due_on as dueOn',
      'd.reason',
      'd.proposed_by as proposedBy',
      'users.name as proposedByName',
      'd.proposed_at as proposedAt',
    ])
    .where('d.status', '=', 'proposed');

/** The proposals waiting for a second officer's approval, oldest first. */
export async function pendingDisposals(
  { db, clock }: Deps,
  actor: AuditActor,
): Promise<ProposalRow[]> {
  const rows = await proposals(db).orderBy('d.proposed_at').limit(200).execute();
  await recordAudit(db, clock, actor, {
    action: 'consultation',
    subjectType: 'retention_queue',
    detail: { caseIds: [...new Set(rows.map((r) => r.caseId))], list: 'disposal_approvals' },
  });
  return rows;
}

export const pendingDisposal = async ({ db }: Deps, id: string): Promise<ProposalRow | null> =>
  (await proposals(db).where('d.id', '=', id).executeTakeFirst()) ?? null;

export type ApproveResult =
  | { kind: 'done'; caseId: string }
  | { kind: 'not_found' }
  | { kind: 'refused'; reason: ApprovalRefusal };

/**
 * A second IG officer approves a proposed disposal, with a security code confirmed in this
 * session (`stepUpAt`, checked fresh by the route). In one transaction: the clock's content is
 * erased (erase.ts), the proposal becomes the tombstone (reference, hub, dates, outcome code),
 * the clock leaves the review queue, and an `erasure` audit row records counts and ids only.
 */
export async function approveDisposal(
  { db, clock }: Deps,
  actor: AuditActor,
  input: { disposalId: string; userId: string; roles: readonly Role[]; stepUpAt: Date },
): Promise<ApproveResult> {
  const now = clock.now();
  const today = londonDate(now);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('retention_disposals as d')
      .innerJoin('cases', 'cases.id', 'd.case_id')
      .leftJoin('retention_reviews as r', (j) =>
        j.onRef('r.case_id', '=', 'd.case_id').onRef('r.clock', '=', 'd.clock'),
      )
      .leftJoin('closure_summaries as s', 's.case_id', 'd.case_id')
      .select([
        'd.case_id',
        'd.clock',
        'd.status',
        'd.proposed_by',
        'r.due_on',
        'cases.reference',
        'cases.hub_id',
        'cases.person_id',
        'cases.requested_at',
        'cases.closed_at',
        's.outcome',
      ])
      .where('d.id', '=', input.disposalId)
      .forUpdate('d')
      .executeTakeFirst();
    if (!row) return { kind: 'not_found' };
    const rule = disposalApproval({
      approverId: input.userId,
      approverRoles: input.roles,
      proposerId: row.proposed_by,
      status: row.status,
      dueOn: row.due_on,
      today,
    });
    if (!rule.ok) return { kind: 'refused', reason: rule.reason };
    const counts = await eraseClock(trx, row.case_id, row.clock);
    await trx
      .updateTable('retention_disposals')
      .set({
        status: 'disposed',
        approved_by: input.userId,
        approver_step_up_at: input.stepUpAt,
        disposed_at: now,
        reference: row.reference,
        hub_id: row.hub_id,
        requested_on: londonDate(row.requested_at),
        closed_on: row.closed_at ? londonDate(row.closed_at) : null,
        outcome: row.outcome,
      })
      .where('id', '=', input.disposalId)
      .execute();
    await trx
      .deleteFrom('retention_reviews')
      .where('case_id', '=', row.case_id)
      .where('clock', '=', row.clock)
      .execute();
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: row.hub_id },
      {
        action: 'erasure',
        subjectType: 'retention_disposal',
        subjectId: input.disposalId,
        personId: row.person_id,
        detail: {
          caseId: row.case_id,
          clock: row.clock,
          proposedBy: row.proposed_by,
          approvedBy: input.userId,
          tables: Object.keys(counts.rows).sort(),
          rows: Object.values(counts.rows).reduce((a, b) => a + b, 0),
          documents: counts.documents,
          personDetails: counts.personDetails,
        },
      },
    );
    return { kind: 'done', caseId: row.case_id };
  });
}

export interface Tombstone {
  clock: RetentionClock;
  reference: string;
  requestedOn: string | null;
  closedOn: string | null;
  outcome: string | null;
  disposedAt: Date;
  proposedByName: string;
  approvedByName: string;
}

/** The tombstones of a case: which classes were disposed of, when, by whom, on whose approval. */
export async function tombstonesOf({ db }: Deps, caseId: string): Promise<Tombstone[]> {
  return tombstonesFrom(await tombstonesQuery(db, caseId).execute());
}

/** The case's disposals done, oldest first (the query, for reading with others). */
export const tombstonesQuery = (db: Kysely<DB> | Transaction<DB>, caseId: string) =>
  db
    .selectFrom('retention_disposals as d')
    .innerJoin('users as p', 'p.id', 'd.proposed_by')
    .innerJoin('users as a', 'a.id', 'd.approved_by')
    .select([
      'd.clock',
      'd.reference',
      'd.requested_on as requestedOn',
      'd.closed_on as closedOn',
      'd.outcome',
      'd.disposed_at as disposedAt',
      'p.name as proposedByName',
      'a.name as approvedByName',
    ])
    .where('d.case_id', '=', caseId)
    .where('d.status', '=', 'disposed')
    .orderBy('d.disposed_at');

export type TombstoneRow = Awaited<
  ReturnType<ReturnType<typeof tombstonesQuery>['execute']>
>[number];

export const tombstonesFrom = (rows: TombstoneRow[]): Tombstone[] =>
  rows.map((r) => ({ ...r, reference: r.reference!, disposedAt: r.disposedAt! }));
