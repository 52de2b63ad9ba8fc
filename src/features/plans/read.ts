import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { transition, type CaseState } from '../../domain/case-state.ts';
import type { Clock } from '../../domain/clock.ts';
import type { ActionStatus, PlanNeedCategory, ServiceType } from '../../domain/reference/plans.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import type { CaseHeader } from '../../access/case-context.ts';
import { requireConsentForEngagement } from '../consent/service.ts';

/** Reading plans: versions, reviews, and whether plan work may be recorded now; audited. */

type Executor = Kysely<DB> | Transaction<DB>;

export interface PlanAction {
  id: string;
  lineageId: string;
  needId: string;
  description: string;
  serviceType: ServiceType;
  agency: string;
  owner: string;
  dueDate: string;
  status: ActionStatus;
  notAchievedReason: string | null;
  source: 'plan' | 'meeting';
  /** The action's own version, for its edit form. */
  version: number;
}

export interface PlanNeed {
  id: string;
  category: PlanNeedCategory;
  description: string;
  actions: PlanAction[];
}

/** One version of a case's plan, with the review that superseded it (if any). */
export interface PlanVersion {
  id: string;
  versionNumber: number;
  reviewDate: string;
  createdBy: string;
  createdAt: Date;
  superseded: boolean;
  needs: PlanNeed[];
}

export interface PlanReview {
  /** The version the review closed, and the one it started. */
  versionNumber: number;
  nextVersionNumber: number;
  progress: string;
  changes: string;
  nextReviewDate: string;
  reviewedBy: string;
  reviewedAt: Date;
}

export interface PlanVersionSummary {
  versionNumber: number;
  reviewDate: string;
  createdAt: Date;
  createdBy: string;
  superseded: boolean;
}

/** Whether plan work (engagement) may be recorded in the case now, and if not, why. */
export type PlanWorkCheck = { allowed: true } | { allowed: false; message: string };

/**
 * Plan work is engagement with the person: the case must be open (the `record_work` step of
 * the case state machine) and consent in force must allow it (PRODUCT.md step 4, rule 3).
 */
export async function planWorkCheck(
  db: Executor,
  caseId: string,
  status: CaseState,
): Promise<PlanWorkCheck> {
  const step = transition(status, 'record_work');
  if (!step.ok) return { allowed: false, message: step.reason };
  const consent = await requireConsentForEngagement(db, caseId);
  return consent.allowed ? { allowed: true } : { allowed: false, message: consent.message };
}

export async function versionRow(db: Executor, caseId: string, versionNumber?: number) {
  let query = db
    .selectFrom('plans')
    .innerJoin('users', 'users.id', 'plans.created_by')
    .select([
      'plans.id',
      'plans.version_number',
      'plans.review_date',
      'plans.created_at',
      'plans.superseded_at',
      'users.name as created_by',
    ])
    .where('plans.case_id', '=', caseId);
  query =
    versionNumber === undefined
      ? query.where('plans.superseded_at', 'is', null)
      : query.where('plans.version_number', '=', versionNumber);
  return query.executeTakeFirst();
}

async function loadVersion(
  db: Executor,
  caseId: string,
  versionNumber?: number,
): Promise<PlanVersion | null> {
  const plan = await versionRow(db, caseId, versionNumber);
  if (!plan) return null;
  const needs = await db
    .selectFrom('plan_needs')
    .select(['id', 'category', 'description'])
    .where('plan_id', '=', plan.id)
    .orderBy('position')
    .execute();
  const actions = await db
    .selectFrom('plan_actions')
    .select([
      'id',
      'lineage_id',
      'need_id',
      'description',
      'service_type',
      'agency',
      'owner',
      'due_date',
      'status',
      'not_achieved_reason',
      'source',
      'version',
    ])
    .where('plan_id', '=', plan.id)
    .orderBy('position')
    .execute();
  return {
    id: plan.id,
    versionNumber: plan.version_number,
    reviewDate: plan.review_date,
    createdBy: plan.created_by,
    createdAt: plan.created_at,
    superseded: plan.superseded_at !== null,
    needs: needs.map((n) => ({
      id: n.id,
      category: n.category as PlanNeedCategory,
      description: n.description,
      actions: actions
        .filter((a) => a.need_id === n.id)
        .map((a) => ({
          id: a.id,
          lineageId: a.lineage_id,
          needId: a.need_id,
          description: a.description,
          serviceType: a.service_type as ServiceType,
          agency: a.agency,
          owner: a.owner,
          dueDate: a.due_date,
          status: a.status as ActionStatus,
          notAchievedReason: a.not_achieved_reason,
          source: a.source,
          version: a.version,
        })),
    })),
  };
}

/** The current version of the case's plan, or null when none was started. */
export const currentPlan = (db: Executor, caseId: string) => loadVersion(db, caseId);

async function versionsOf(db: Executor, caseId: string): Promise<PlanVersionSummary[]> {
  const rows = await db
    .selectFrom('plans')
    .innerJoin('users', 'users.id', 'plans.created_by')
    .select([
      'plans.version_number',
      'plans.review_date',
      'plans.created_at',
      'plans.superseded_at',
      'users.name',
    ])
    .where('plans.case_id', '=', caseId)
    .orderBy('plans.version_number', 'desc')
    .execute();
  return rows.map((r) => ({
    versionNumber: r.version_number,
    reviewDate: r.review_date,
    createdAt: r.created_at,
    createdBy: r.name,
    superseded: r.superseded_at !== null,
  }));
}

async function reviewsOf(db: Executor, caseId: string): Promise<PlanReview[]> {
  const rows = await db
    .selectFrom('plan_reviews')
    .innerJoin('plans as reviewed', 'reviewed.id', 'plan_reviews.plan_id')
    .innerJoin('plans as next', 'next.id', 'plan_reviews.next_plan_id')
    .innerJoin('users', 'users.id', 'plan_reviews.reviewed_by')
    .select([
      'reviewed.version_number',
      'next.version_number as next_version_number',
      'next.review_date as next_review_date',
      'plan_reviews.progress',
      'plan_reviews.changes',
      'plan_reviews.reviewed_at',
      'users.name',
    ])
    .where('reviewed.case_id', '=', caseId)
    .orderBy('reviewed.version_number', 'desc')
    .execute();
  return rows.map((r) => ({
    versionNumber: r.version_number,
    nextVersionNumber: r.next_version_number,
    progress: r.progress,
    changes: r.changes,
    nextReviewDate: r.next_review_date,
    reviewedBy: r.name,
    reviewedAt: r.reviewed_at,
  }));
}

export const auditActor = (actor: AuditActor, header: CaseHeader): AuditActor => ({
  ...actor,
  hubId: header.hubId,
});

/** The plan page: the current version, its history, and whether work may be recorded now. */
export async function readPlan(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  header: CaseHeader,
) {
  return db.transaction().execute(async (trx) => {
    const plan = await loadVersion(trx, header.id);
    const versions = await versionsOf(trx, header.id);
    const reviews = await reviewsOf(trx, header.id);
    const work = await planWorkCheck(trx, header.id, header.status);
    await recordAudit(trx, clock, auditActor(actor, header), {
      action: 'consultation',
      subjectType: 'plan',
      subjectId: plan?.id ?? header.id,
      personId: header.personId,
      detail: { caseId: header.id, version: plan?.versionNumber ?? null },
    });
    return { plan, versions, reviews, work };
  });
}

/** An earlier (or the current) version as it stood, with the review that closed it. */
export async function readPlanVersion(
  { db, clock }: { db: Kysely<DB>; clock: Clock },
  {
    actor,
    header,
    versionNumber,
  }: { actor: AuditActor; header: CaseHeader; versionNumber: number },
) {
  return db.transaction().execute(async (trx) => {
    const plan = await loadVersion(trx, header.id, versionNumber);
    if (!plan) return null;
    const review = (await reviewsOf(trx, header.id)).find((r) => r.versionNumber === versionNumber);
    await recordAudit(trx, clock, auditActor(actor, header), {
      action: 'consultation',
      subjectType: 'plan',
      subjectId: plan.id,
      personId: header.personId,
      detail: { caseId: header.id, version: plan.versionNumber },
    });
    return { plan, review: review ?? null };
  });
}

/** A plan form's page: the current plan and whether work may be recorded; audited. */
export async function readPlanForForm(
  { db, clock }: { db: Kysely<DB>; clock: Clock },
  { actor, header, page }: { actor: AuditActor; header: CaseHeader; page: string },
) {
  return db.transaction().execute(async (trx) => {
    const plan = await loadVersion(trx, header.id);
    const work = await planWorkCheck(trx, header.id, header.status);
    await recordAudit(trx, clock, auditActor(actor, header), {
      action: 'consultation',
      subjectType: 'plan',
      subjectId: plan?.id ?? header.id,
      personId: header.personId,
      detail: { caseId: header.id, page },
    });
    return { plan, work };
  });
}

/** One action of the current version, for its form (null: not in the current version). */
export async function actionOfCurrentPlan(
  db: Executor,
  caseId: string,
  actionId: string,
): Promise<{ plan: PlanVersion; need: PlanNeed; action: PlanAction } | null> {
  const plan = await loadVersion(db, caseId);
  for (const need of plan?.needs ?? []) {
    const action = need.actions.find((a) => a.id === actionId);
    if (plan && action) return { plan, need, action };
  }
  return null;
}

/** The plan as the case page shows it: the current version's dates, for its due tags. */
export async function planSummaryOf(db: Executor, caseId: string) {
  const plan = await versionRow(db, caseId);
  if (!plan) return null;
  const actions = await db
    .selectFrom('plan_actions')
    .select(['status', 'due_date'])
    .where('plan_id', '=', plan.id)
    .execute();
  return {
    versionNumber: plan.version_number,
    reviewDate: plan.review_date,
    actions: actions.map((a) => ({ status: a.status, dueDate: a.due_date })),
  };
}

/** The person's name for page captions (the hub's clinicians see the request's police part). */
export async function personNameOf(db: Executor, personId: string): Promise<string> {
  const row = await db
    .selectFrom('people')
    .select(['given_name', 'family_name'])
    .where('id', '=', personId)
    .executeTakeFirstOrThrow();
  return `${row.given_name} ${row.family_name}`;
}
