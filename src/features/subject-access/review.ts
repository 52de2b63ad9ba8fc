import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { openCase } from '../../access/case-context.ts';
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
 * table's answer (REVIEW_PERMISSION, hubsGranting), and which cases' records they read there
 * the access core's (openCase): no role is named here.
 */
const reviewHubs = (principal: Principal, controller: ItemController) =>
  hubsGranting(principal.assignments, REVIEW_PERMISSION[controller]);

/**
 * Of these cases, those whose records of the controller the reviewer may read, as the access
 * core opens each case for them (openCase): the health record for the NHS trust's items (the
 * allocated clinicians, the hub lead, or another clinician of the hub after giving a reason),
 * the police content for the force's.
 */
async function readableCases(
  db: Kysely<DB> | Transaction<DB>,
  principal: Principal,
  controller: ItemController,
  caseIds: Iterable<string>,
): Promise<Set<string>> {
  const readable = new Set<string>();
  for (const caseId of new Set(caseIds)) {
    const opened = await openCase(db, principal, caseId);
    const sees = controller === 'nhs' ? opened?.visibility.health : opened?.visibility.police;
    if (sees) readable.add(caseId);
  }
  return readable;
}

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
      'i.case_id',
      'r.id',
      'r.due_on',
      'r.extended_to',
      'people.given_name',
      'people.family_name',
    ])
    .where('cases.hub_id', 'in', hubs)
    .where('i.decision', 'is', null)
    .where('r.disclosed_at', 'is', null)
    .execute();
  const readable = await readableCases(
    db,
    who.principal,
    controller,
    rows.map((r) => r.case_id),
  );
  const byRequest = new Map<string, ReviewQueueRow>();
  for (const r of rows.filter((row) => readable.has(row.case_id))) {
    const row = byRequest.get(r.id) ?? {
      requestId: r.id,
      personName: `${r.given_name} ${r.family_name}`,
      due: dueOn(r),
      waiting: 0,
    };
    row.waiting += 1;
    byRequest.set(r.id, row);
  }
  const queue = [...byRequest.values()].sort(
    (a, b) => a.due.localeCompare(b.due) || a.requestId.localeCompare(b.requestId),
  );
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
      'i.case_id',
      'cases.reference',
      'cases.hub_id',
    ])
    .where('i.request_id', '=', requestId)
    .where('cases.hub_id', 'in', hubs)
    .orderBy('i.position')
    .execute();
  const readable = await readableCases(
    deps.db,
    principal,
    controller,
    rows.map((r) => r.case_id),
  );
  return rows.filter((r) => readable.has(r.case_id));
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
      .select(['i.id', 'i.ground', 'i.case_id', 'cases.hub_id', 'r.person_id', 'r.disclosed_at'])
      .where('i.id', '=', input.itemId)
      .where('i.request_id', '=', input.requestId)
      .where('cases.hub_id', 'in', hubs)
      .executeTakeFirst();
    if (!item || item.disclosed_at !== null || item.ground === 'restricted_note') return false;
    const readable = await readableCases(trx, who.principal, input.controller, [item.case_id]);
    if (!readable.has(item.case_id)) return false;
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
