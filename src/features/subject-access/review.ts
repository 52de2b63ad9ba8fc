import { sql } from 'kysely';
import { hubsGranting } from '../../domain/permissions.ts';
import {
  REVIEW_PERMISSION,
  SAR_ITEM_TABLES,
  dueOn,
  type ItemController,
  type ReviewDecision,
  type WithholdGround,
} from '../../domain/subject-access.ts';
import type { Principal } from '../auth/principal.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import { SUBJECT, type Deps } from './service.ts';

/**
 * The reviewers' side of a subject access request: health items are reviewed by a clinician
 * or hub lead of the hub whose case they come from (the serious harm test), police items by
 * the police lead of that hub (DPA 2018 s.45). Which hubs a reviewer reviews is the permission
 * table's answer (REVIEW_PERMISSION, hubsGranting): no role is named here.
 */
const reviewHubs = (principal: Principal, controller: ItemController) =>
  hubsGranting(principal.assignments, REVIEW_PERMISSION[controller]);

export interface ReviewQueueRow {
  requestId: string;
  personName: string;
  due: string;
  waiting: number;
}

/** Requests with items of the reviewer's hubs still to review, due first. Audited. */
export async function reviewQueue(
  { db, clock }: Deps,
  who: { actor: AuditActor; principal: Principal },
  controller: ItemController,
): Promise<ReviewQueueRow[]> {
  const hubs = reviewHubs(who.principal, controller);
  if (hubs.length === 0) return [];
  const rows = await db
    .selectFrom(`${SAR_ITEM_TABLES[controller]} as i`)
    .innerJoin('cases', 'cases.id', 'i.case_id')
    .innerJoin('subject_access_requests as r', 'r.id', 'i.request_id')
    .innerJoin('people', 'people.id', 'r.person_id')
    .select([
      'r.id',
      'r.due_on',
      'r.extended_to',
      'people.given_name',
      'people.family_name',
      sql<number>`count(*)::int`.as('waiting'),
    ])
    .where('cases.hub_id', 'in', hubs)
    .where('i.decision', 'is', null)
    .where('r.disclosed_at', 'is', null)
    .groupBy(['r.id', 'r.due_on', 'r.extended_to', 'people.given_name', 'people.family_name'])
    .execute();
  const queue = rows
    .map((r) => ({
      requestId: r.id,
      personName: `${r.given_name} ${r.family_name}`,
      due: dueOn(r),
      waiting: Number(r.waiting),
    }))
    .sort((a, b) => a.due.localeCompare(b.due) || a.requestId.localeCompare(b.requestId));
  await recordAudit(db, clock, who.actor, {
    action: 'consultation',
    subjectType: 'subject_access_reviews',
    detail: { controller, requestIds: queue.map((q) => q.requestId) },
  });
  return queue;
}

export interface ReviewItem {
  id: string;
  reference: string;
  sourceTable: string;
  recordedAt: Date | null;
  body: string;
  decision: ReviewDecision | null;
  ground: WithholdGround | null;
  reason: string | null;
  releasedText: string | null;
}

async function itemsFor(
  deps: Deps,
  principal: Principal,
  controller: ItemController,
  requestId: string,
) {
  const hubs = reviewHubs(principal, controller);
  if (hubs.length === 0) return [];
  const rows = await deps.db
    .selectFrom(`${SAR_ITEM_TABLES[controller]} as i`)
    .innerJoin('cases', 'cases.id', 'i.case_id')
    .select([
      'i.id',
      'i.source_table',
      'i.recorded_at',
      'i.body',
      'i.decision',
      'i.ground',
      'i.reason',
      'i.released_text',
      'cases.reference',
      'cases.hub_id',
    ])
    .where('i.request_id', '=', requestId)
    .where('cases.hub_id', 'in', hubs)
    .orderBy('i.position')
    .execute();
  return rows;
}

/**
 * The items of a request the reviewer reviews, with their text: null when there are none (or
 * no such request). Audited as a consultation of the person's records for the request.
 */
export async function reviewItems(
  deps: Deps,
  who: { actor: AuditActor; principal: Principal },
  controller: ItemController,
  requestId: string,
) {
  const request = await deps.db
    .selectFrom('subject_access_requests as r')
    .innerJoin('people', 'people.id', 'r.person_id')
    .select(['r.id', 'r.person_id', 'r.due_on', 'r.extended_to', 'r.disclosed_at'])
    .select(['people.given_name', 'people.family_name'])
    .where('r.id', '=', requestId)
    .executeTakeFirst();
  if (!request) return null;
  const rows = await itemsFor(deps, who.principal, controller, requestId);
  if (rows.length === 0) return null;
  await recordAudit(deps.db, deps.clock, who.actor, {
    action: 'consultation',
    subjectType: SUBJECT,
    subjectId: requestId,
    personId: request.person_id,
    reason: 'Subject access review',
    detail: { controller, itemIds: rows.map((r) => r.id) },
  });
  const items: ReviewItem[] = rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    sourceTable: r.source_table,
    recordedAt: r.recorded_at,
    body: r.body,
    decision: r.decision,
    ground: r.ground,
    reason: r.reason,
    releasedText: r.released_text,
  }));
  return {
    requestId,
    personName: `${request.given_name} ${request.family_name}`,
    due: dueOn(request),
    closed: request.disclosed_at !== null,
    items,
  };
}

export type ItemDecision =
  | { decision: 'release' }
  | { decision: 'release_part'; ground: WithholdGround; reason: string; releasedText: string }
  | { decision: 'withhold'; ground: WithholdGround; reason: string };

/**
 * Records the reviewer's decision on one item of their hubs, while the bundle is not produced;
 * a restricted note stays withheld. Audited (the decision and ground, never the text). False
 * when the item is not theirs to decide.
 */
export async function decideItem(
  { db, clock }: Deps,
  who: { actor: AuditActor; principal: Principal },
  input: { controller: ItemController; requestId: string; itemId: string; decision: ItemDecision },
): Promise<boolean> {
  const hubs = reviewHubs(who.principal, input.controller);
  if (hubs.length === 0) return false;
  const table = SAR_ITEM_TABLES[input.controller];
  return db.transaction().execute(async (trx) => {
    const item = await trx
      .selectFrom(`${table} as i`)
      .innerJoin('cases', 'cases.id', 'i.case_id')
      .innerJoin('subject_access_requests as r', 'r.id', 'i.request_id')
      .select(['i.id', 'i.ground', 'cases.hub_id', 'r.person_id', 'r.disclosed_at'])
      .where('i.id', '=', input.itemId)
      .where('i.request_id', '=', input.requestId)
      .where('cases.hub_id', 'in', hubs)
      .executeTakeFirst();
    if (!item || item.disclosed_at !== null || item.ground === 'restricted_note') return false;
    const d = input.decision;
    await trx
      .updateTable(table)
      .set({
        decision: d.decision,
        ground: d.decision === 'release' ? null : d.ground,
        reason: d.decision === 'release' ? null : d.reason,
        released_text: d.decision === 'release_part' ? d.releasedText : null,
        reviewed_by: who.principal.userId,
        reviewed_at: clock.now(),
      })
      .where('id', '=', item.id)
      .execute();
    await recordAudit(
      trx,
      clock,
      { ...who.actor, hubId: item.hub_id },
      {
        action: 'collection',
        subjectType: 'subject_access_item',
        subjectId: item.id,
        personId: item.person_id,
        detail: {
          requestId: input.requestId,
          controller: input.controller,
          decision: d.decision,
          ground: d.decision === 'release' ? null : d.ground,
        },
      },
    );
    return true;
  });
}
