import { sql, type Kysely, type Transaction } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { DB } from '../../db/schema.ts';
import type { CaseState } from '../../domain/case-state.ts';
import type { Clock } from '../../domain/clock.ts';
import type { PlanNeedCategory, ServiceType, ActionStatus } from '../../domain/reference/plans.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import type { CaseHeader } from '../../access/case-context.ts';
import { advanceCase } from '../cases/version.ts';
import { auditActor, planWorkCheck, versionRow } from './read.ts';

/** Changing plans: start, needs, actions, statuses, reviews; each in one audited transaction. */

/** What a change to the plan came to; routes turn each into a page. */
export type PlanChange<T> =
  | { outcome: 'saved'; value: T }
  | { outcome: 'conflict'; refusal: string | null; status: CaseState }
  | { outcome: 'not_found' };

/**
 * Locks the case and checks, against the version the form was opened on, that plan work may
 * be recorded now; moves the case on one version. Returns the refusal, or null to go on.
 */
async function checkAndAdvance(
  trx: Transaction<DB>,
  header: CaseHeader,
  version: number,
): Promise<PlanChange<never> | null> {
  const current = await trx
    .selectFrom('cases')
    .select(['status', 'version'])
    .where('id', '=', header.id)
    .forUpdate()
    .executeTakeFirstOrThrow();
  if (current.version !== version) {
    return { outcome: 'conflict', refusal: null, status: current.status };
  }
  const work = await planWorkCheck(trx, header.id, current.status);
  if (!work.allowed) return { outcome: 'conflict', refusal: work.message, status: current.status };
  await advanceCase(trx, { caseId: header.id, expectedVersion: version });
  return null;
}

/** Starts a case's plan: version 1, with the date it is to be reviewed. */
export async function startPlan(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: { header: CaseHeader; version: number; userId: string; reviewDate: string },
): Promise<PlanChange<{ planId: string }>> {
  return db.transaction().execute(async (trx) => {
    const refused = await checkAndAdvance(trx, input.header, input.version);
    if (refused) return refused;
    if (await versionRow(trx, input.header.id)) {
      return {
        outcome: 'conflict',
        refusal: 'This case already has an intervention plan.',
        status: input.header.status,
      };
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
    return { outcome: 'saved', value: { planId: plan.id } };
  });
}

export interface NeedInput {
  category: PlanNeedCategory;
  description: string;
}

async function insertNeed(trx: Transaction<DB>, planId: string, need: NeedInput) {
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
): Promise<PlanChange<{ needId: string }>> {
  return db.transaction().execute(async (trx) => {
    const plan = await versionRow(trx, input.header.id);
    if (!plan) return { outcome: 'not_found' };
    const refused = await checkAndAdvance(trx, input.header, input.version);
    if (refused) return refused;
    const need = await insertNeed(trx, plan.id, input.need);
    await recordAudit(trx, clock, auditActor(actor, input.header), {
      action: 'collection',
      subjectType: 'plan_need',
      subjectId: need.id,
      personId: input.header.personId,
      detail: { caseId: input.header.id, category: input.need.category },
    });
    return { outcome: 'saved', value: { needId: need.id } };
  });
}

export interface ActionInput {
  description: string;
  serviceType: ServiceType;
  agency: string;
  owner: string;
  dueDate: string;
}

/** What another capability passes to addPlanAction: the action, and the need it serves. */
export interface PlanActionInput extends ActionInput {
  /** An existing need of the current version, or a new need to add for this action. */
  need: { id: string } | NeedInput;
  /** Where the action was agreed ('meeting' for a multi-agency meeting's agreed action). */
  source?: 'plan' | 'meeting';
}

export type AddPlanActionResult =
  { ok: true; actionId: string; needId: string; planId: string } | { ok: false; reason: string };

/**
 * Adds an action to the current version of a case's plan, inside the caller's transaction.
 * For other capabilities (a multi-agency meeting's agreed action becomes a plan action):
 *
 * - the caller has already decided the user may work this case (allocated clinician or hub
 *   lead of its hub) and has done its own optimistic-concurrency check on the case;
 * - this locks the case row, refuses unless plan work may be recorded now (case open, consent
 *   allows engagement) or when the case has no plan yet or the need is not in its current
 *   version, and writes the action with its audit row (collection, `plan_action`);
 * - it does not move the case version on (the caller's own change does that).
 *
 * A refusal writes nothing: the caller should roll back or show the reason.
 */
export async function addPlanAction(
  trx: Transaction<DB>,
  clock: Clock,
  actor: AuditActor,
  caseId: string,
  input: PlanActionInput,
): Promise<AddPlanActionResult> {
  if (!actor.userId) return { ok: false, reason: 'Only a signed-in user can add a plan action.' };
  const found = await trx
    .selectFrom('cases')
    .select(['id', 'hub_id', 'person_id', 'status'])
    .where('id', '=', caseId)
    .forUpdate()
    .executeTakeFirst();
  if (!found) return { ok: false, reason: 'There is no such case.' };
  const work = await planWorkCheck(trx, caseId, found.status);
  if (!work.allowed) return { ok: false, reason: work.message };
  const plan = await versionRow(trx, caseId);
  if (!plan) {
    return { ok: false, reason: 'This case has no intervention plan yet. Start the plan first.' };
  }
  let needId: string;
  if ('id' in input.need) {
    const need = await trx
      .selectFrom('plan_needs')
      .select('id')
      .where('id', '=', input.need.id)
      .where('plan_id', '=', plan.id)
      .executeTakeFirst();
    if (!need) return { ok: false, reason: 'That need is not in the current plan.' };
    needId = need.id;
  } else {
    needId = (await insertNeed(trx, plan.id, input.need)).id;
  }
  const last = await trx
    .selectFrom('plan_actions')
    .select((eb) => eb.fn.max('position').as('position'))
    .where('need_id', '=', needId)
    .executeTakeFirst();
  const now = clock.now();
  const action = await trx
    .insertInto('plan_actions')
    .values({
      plan_id: plan.id,
      need_id: needId,
      lineage_id: randomUUID(),
      position: Number(last?.position ?? 0) + 1,
      description: input.description,
      service_type: input.serviceType,
      agency: input.agency,
      owner: input.owner,
      due_date: input.dueDate,
      source: input.source ?? 'plan',
      created_by: actor.userId,
      created_at: now,
      updated_by: actor.userId,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(
    trx,
    clock,
    { ...actor, hubId: found.hub_id },
    {
      action: 'collection',
      subjectType: 'plan_action',
      subjectId: action.id,
      personId: found.person_id,
      detail: {
        caseId,
        version: plan.version_number,
        serviceType: input.serviceType,
        source: input.source ?? 'plan',
      },
    },
  );
  return { ok: true, actionId: action.id, needId, planId: plan.id };
}

/** The plan page's own "add an action" to one of its needs, against the form's version. */
export async function addAction(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: { header: CaseHeader; version: number; needId: string; action: ActionInput },
): Promise<PlanChange<{ actionId: string }>> {
  return db.transaction().execute(async (trx) => {
    // Looked up before the version check, so a missing need changes nothing; a review in
    // between moves the case version on and the check below refuses.
    const plan = await versionRow(trx, input.header.id);
    const need =
      plan &&
      (await trx
        .selectFrom('plan_needs')
        .select('id')
        .where('id', '=', input.needId)
        .where('plan_id', '=', plan.id)
        .executeTakeFirst());
    if (!need) return { outcome: 'not_found' };
    const refused = await checkAndAdvance(trx, input.header, input.version);
    if (refused) return refused;
    const added = await addPlanAction(trx, clock, actor, input.header.id, {
      ...input.action,
      need: { id: need.id },
    });
    if (!added.ok) throw new Error(`plan action refused after its checks: ${added.reason}`);
    return { outcome: 'saved', value: { actionId: added.actionId } };
  });
}

export interface ActionUpdate {
  status: ActionStatus;
  notAchievedReason: string | null;
  dueDate: string;
}

/** Changes an action of the current version: its status (with a reason when not achieved). */
export async function updateAction(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: {
    header: CaseHeader;
    version: number;
    userId: string;
    actionId: string;
    update: ActionUpdate;
  },
): Promise<PlanChange<null>> {
  return db.transaction().execute(async (trx) => {
    const plan = await versionRow(trx, input.header.id);
    if (!plan) return { outcome: 'not_found' };
    const refused = await checkAndAdvance(trx, input.header, input.version);
    if (refused) return refused;
    const before = await trx
      .selectFrom('plan_actions')
      .select(['status', 'due_date'])
      .where('id', '=', input.actionId)
      .where('plan_id', '=', plan.id)
      .executeTakeFirst();
    if (!before) return { outcome: 'not_found' };
    await trx
      .updateTable('plan_actions')
      .set({
        status: input.update.status,
        not_achieved_reason:
          input.update.status === 'not_achieved' ? input.update.notAchievedReason : null,
        due_date: input.update.dueDate,
        updated_by: input.userId,
        updated_at: clock.now(),
      })
      .where('id', '=', input.actionId)
      .execute();
    await recordAudit(trx, clock, auditActor(actor, input.header), {
      action: 'alteration',
      subjectType: 'plan_action',
      subjectId: input.actionId,
      personId: input.header.personId,
      detail: {
        caseId: input.header.id,
        from: before.status,
        to: input.update.status,
        dueDateChanged: before.due_date !== input.update.dueDate,
      },
    });
    return { outcome: 'saved', value: null };
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
): Promise<PlanChange<{ versionNumber: number }>> {
  return db.transaction().execute(async (trx) => {
    const plan = await versionRow(trx, input.header.id);
    if (!plan) return { outcome: 'not_found' };
    const refused = await checkAndAdvance(trx, input.header, input.version);
    if (refused) return refused;
    const now = clock.now();
    await trx.updateTable('plans').set({ superseded_at: now }).where('id', '=', plan.id).execute();
    const next = await trx
      .insertInto('plans')
      .values({
        case_id: input.header.id,
        version_number: plan.version_number + 1,
        previous_id: plan.id,
        review_date: input.review.nextReviewDate,
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
        progress: input.review.progress,
        changes: input.review.changes,
        reviewed_by: input.userId,
        reviewed_at: now,
      })
      .execute();
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
    return { outcome: 'saved', value: { versionNumber: plan.version_number + 1 } };
  });
}
