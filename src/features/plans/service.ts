import { sql, type Kysely, type Transaction } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { DB } from '../../db/schema.ts';
import { done, notFound, refused, stale, type Change } from '../../domain/result.ts';
import type { Clock } from '../../domain/clock.ts';
import type { PlanNeedCategory } from '../../domain/reference/plans.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import type { CaseHeader } from '../../access/case-context.ts';
import { advanceCase } from '../../access/case-version.ts';
import { auditActor, planWorkCheck, versionRow } from './read.ts';

/**
 * Changing plans: start, needs, reviews; each in one audited transaction against the case's
 * version. Actions, which carry their own version, are in actions.ts.
 */

/**
 * Locks the case and checks, against the version the form was opened on, that plan work may
 * be recorded now; moves the case on one version. Returns the refusal, or null to go on.
 */
export async function checkAndAdvance(
  trx: Transaction<DB>,
  header: CaseHeader,
  version: number,
): Promise<Change<never> | null> {
  const current = await trx
    .selectFrom('cases')
    .select(['status', 'version'])
    .where('id', '=', header.id)
    .forUpdate()
    .executeTakeFirstOrThrow();
  if (current.version !== version) return stale;
  const work = await planWorkCheck(trx, header.id, current.status);
  if (!work.allowed) return refused(work.message);
  await advanceCase(trx, { caseId: header.id, expectedVersion: version });
  return null;
}

/** Starts a case's plan: version 1, with the date it is to be reviewed. */
export async function startPlan(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: { header: CaseHeader; version: number; userId: string; reviewDate: string },
): Promise<Change<{ planId: string }>> {
  return db.transaction().execute(async (trx) => {
    const blocked = await checkAndAdvance(trx, input.header, input.version);
    if (blocked) return blocked;
    if (await versionRow(trx, input.header.id)) {
      return refused('This case already has an intervention plan.');
    }
    const plan = await trx
      .insertInto('plans')
      .values({
        case_id: input.header.id,
        version_number: 1,
        review_date: input.reviewDate,
        created_by: input.userId,
        created_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, clock, auditActor(actor, input.header), {
      action: 'collection',
      subjectType: 'plan',
      subjectId: plan.id,
      personId: input.header.personId,
      detail: { caseId: input.header.id, version: 1 },
    });
    return done({ planId: plan.id });
  });
}

export interface NeedInput {
  category: PlanNeedCategory;
  description: string;
}

export async function insertNeed(trx: Transaction<DB>, planId: string, need: NeedInput) {
  const last = await trx
    .selectFrom('plan_needs')
    .select((eb) => eb.fn.max('position').as('position'))
    .where('plan_id', '=', planId)
    .executeTakeFirst();
  return trx
    .insertInto('plan_needs')
    .values({
      plan_id: planId,
      lineage_id: randomUUID(),
      position: Number(last?.position ?? 0) + 1,
      category: need.category,
      description: need.description,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Adds a need to the current version of the plan. */
export async function addNeed(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: { header: CaseHeader; version: number; need: NeedInput },
): Promise<Change<{ needId: string }>> {
  return db.transaction().execute(async (trx) => {
    const plan = await versionRow(trx, input.header.id);
    if (!plan) return notFound;
    const blocked = await checkAndAdvance(trx, input.header, input.version);
    if (blocked) return blocked;
    const need = await insertNeed(trx, plan.id, input.need);
    await recordAudit(trx, clock, auditActor(actor, input.header), {
      action: 'collection',
      subjectType: 'plan_need',
      subjectId: need.id,
      personId: input.header.personId,
      detail: { caseId: input.header.id, category: input.need.category },
    });
    return done({ needId: need.id });
  });
}

export interface ReviewInput {
  progress: string;
  changes: string;
  nextReviewDate: string;
}

/**
 * A plan review: records progress and what changed, freezes the current version and starts
 * the next one with a copy of its needs and actions, to be reviewed on the next review date.
 */
export async function reviewPlan(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: { header: CaseHeader; version: number; userId: string; review: ReviewInput },
): Promise<Change<{ versionNumber: number }>> {
  return db.transaction().execute(async (trx) => {
    const plan = await versionRow(trx, input.header.id);
    if (!plan) return notFound;
    const blocked = await checkAndAdvance(trx, input.header, input.version);
    if (blocked) return blocked;
    const next = await nextPlanVersion(trx, {
      caseId: input.header.id,
      plan,
      userId: input.userId,
      now: clock.now(),
      reviewDate: input.review.nextReviewDate,
      progress: input.review.progress,
      changes: input.review.changes,
    });
    await recordAudit(trx, clock, auditActor(actor, input.header), {
      action: 'collection',
      subjectType: 'plan_review',
      subjectId: next.id,
      personId: input.header.personId,
      detail: {
        caseId: input.header.id,
        reviewed: plan.version_number,
        version: plan.version_number + 1,
      },
    });
    return done({ versionNumber: plan.version_number + 1 });
  });
}

/**
 * Freezes the current version and starts the next one with a copy of its needs and actions
 * (their lineage kept), with the review that says why: a plan review, or a correction at the
 * person's request (rectification).
 */
export async function nextPlanVersion(
  trx: Transaction<DB>,
  input: {
    caseId: string;
    plan: { id: string; version_number: number };
    userId: string;
    now: Date;
    reviewDate: string;
    progress: string;
    changes: string;
  },
): Promise<{ id: string }> {
  const { plan, now } = input;
  await trx.updateTable('plans').set({ superseded_at: now }).where('id', '=', plan.id).execute();
  const next = await trx
    .insertInto('plans')
    .values({
      case_id: input.caseId,
      version_number: plan.version_number + 1,
      previous_id: plan.id,
      review_date: input.reviewDate,
      created_by: input.userId,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // The same needs and actions, with their lineage, in the new version.
  await sql`
      INSERT INTO plan_needs (plan_id, lineage_id, position, category, description)
      SELECT ${next.id}, lineage_id, position, category, description
      FROM plan_needs WHERE plan_id = ${plan.id}
    `.execute(trx);
  await sql`
      INSERT INTO plan_actions (plan_id, need_id, lineage_id, position, description, service_type,
        agency, owner, due_date, status, not_achieved_reason, source, created_by, created_at,
        updated_by, updated_at)
      SELECT ${next.id}, new_need.id, a.lineage_id, a.position, a.description, a.service_type,
        a.agency, a.owner, a.due_date, a.status, a.not_achieved_reason, a.source, a.created_by,
        a.created_at, a.updated_by, a.updated_at
      FROM plan_actions a
      JOIN plan_needs old_need ON old_need.id = a.need_id
      JOIN plan_needs new_need ON new_need.plan_id = ${next.id}
        AND new_need.lineage_id = old_need.lineage_id
      WHERE a.plan_id = ${plan.id}
    `.execute(trx);
  await trx
    .insertInto('plan_reviews')
    .values({
      plan_id: plan.id,
      next_plan_id: next.id,
      progress: input.progress,
      changes: input.changes,
      reviewed_by: input.userId,
      reviewed_at: now,
    })
    .execute();
  return next;
}
