import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import type { ActionStatus, ServiceType } from '../../domain/reference/plans.ts';
import { done, notFound, refused, stale, type Change } from '../../domain/result.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import type { CaseHeader } from '../../access/case-context.ts';
import { auditActor, planWorkCheck, versionRow } from './read.ts';
import { checkAndAdvance, insertNeed, type NeedInput } from './service.ts';

/**
 * Plan actions: added against the case's version (an action changes the plan's shape), and
 * updated against the action's own version (issue 12), so a save elsewhere on the case does
 * not send an open action form to the conflict page, while two edits of one action conflict.
 */

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
  { trx, clock }: { trx: Transaction<DB>; clock: Clock },
  { actor, caseId, action: input }: { actor: AuditActor; caseId: string; action: PlanActionInput },
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
): Promise<Change<{ actionId: string }>> {
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
    if (!need) return notFound;
    const blocked = await checkAndAdvance(trx, input.header, input.version);
    if (blocked) return blocked;
    const added = await addPlanAction(
      { trx, clock },
      { actor, caseId: input.header.id, action: { ...input.action, need: { id: need.id } } },
    );
    if (!added.ok) throw new Error(`plan action refused after its checks: ${added.reason}`);
    return done({ actionId: added.actionId });
  });
}

export interface ActionUpdate {
  status: ActionStatus;
  notAchievedReason: string | null;
  dueDate: string;
}

/**
 * Changes an action of the current version: its status (with a reason when not achieved),
 * against the action's own version (`version` is the one its form was opened at).
 */
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
): Promise<Change<null>> {
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('cases')
      .select('status')
      .where('id', '=', input.header.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const before = await trx
      .selectFrom('plan_actions')
      .innerJoin('plans', 'plans.id', 'plan_actions.plan_id')
      .select([
        'plan_actions.status',
        'plan_actions.due_date',
        'plan_actions.version',
        'plans.superseded_at',
      ])
      .where('plan_actions.id', '=', input.actionId)
      .where('plans.case_id', '=', input.header.id)
      .forUpdate()
      .executeTakeFirst();
    // An action of a version a review has frozen is no longer there to change.
    if (!before || before.superseded_at !== null) return notFound;
    if (before.version !== input.version) return stale;
    const work = await planWorkCheck(trx, input.header.id, current.status);
    if (!work.allowed) return refused(work.message);
    await trx
      .updateTable('plan_actions')
      .set({
        status: input.update.status,
        not_achieved_reason:
          input.update.status === 'not_achieved' ? input.update.notAchievedReason : null,
        due_date: input.update.dueDate,
        updated_by: input.userId,
        updated_at: clock.now(),
        version: before.version + 1,
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
    return done(null);
  });
}
