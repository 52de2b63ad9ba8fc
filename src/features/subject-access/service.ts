import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { londonDate } from '../../domain/london-day.ts';
import {
  SAR_ITEM_TABLES,
  controllersOf,
  dueOn,
  sarDeadline,
  type IdentityMethod,
  type ItemController,
  type ReviewDecision,
  type SarController,
  type WithholdGround,
} from '../../domain/subject-access.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import { gatherItems, type Gathered } from './gather.ts';

export type Deps = { db: Kysely<DB>; clock: Clock };

export const SUBJECT = 'subject_access_request';

export interface QueueRow {
  id: string;
  personName: string;
  controller: SarController;
  receivedOn: string;
  due: string;
  gathered: boolean;
}

/**
 * The IG officer's queue: open requests (no bundle yet), due first. Audited as a consultation
 * naming the requests shown.
 */
export async function subjectAccessQueue({ db, clock }: Deps, actor: AuditActor) {
  const rows = await db
    .selectFrom('subject_access_requests as r')
    .innerJoin('people', 'people.id', 'r.person_id')
    .select([
      'r.id',
      'r.controller',
      'r.received_on',
      'r.due_on',
      'r.extended_to',
      'r.gathered_at',
      'people.given_name',
      'people.family_name',
    ])
    .where('r.disclosed_at', 'is', null)
    .execute();
  const queue: QueueRow[] = rows
    .map((r) => ({
      id: r.id,
      personName: `${r.given_name} ${r.family_name}`,
      controller: r.controller,
      receivedOn: r.received_on,
      due: dueOn(r),
      gathered: r.gathered_at !== null,
    }))
    .sort((a, b) => a.due.localeCompare(b.due) || a.id.localeCompare(b.id));
  await recordAudit(db, clock, actor, {
    action: 'consultation',
    subjectType: 'subject_access_queue',
    detail: { count: queue.length, requestIds: queue.map((q) => q.id) },
  });
  return { rows: queue, today: londonDate(clock.now()) };
}

/** A person found for a new request: who they are and their cases' references. */
export interface PersonChoice {
  personId: string;
  name: string;
  dateOfBirth: string;
  references: string[];
}

/** The people of some cases, with the references of all their cases (for the IG officer's choice). */
export async function peopleOf({ db }: Deps, personIds: string[]): Promise<PersonChoice[]> {
  if (personIds.length === 0) return [];
  const rows = await db
    .selectFrom('people')
    .innerJoin('cases', 'cases.person_id', 'people.id')
    .select(['people.id', 'given_name', 'family_name', 'date_of_birth', 'cases.reference'])
    .where('people.id', 'in', personIds)
    .orderBy('cases.requested_at')
    .execute();
  const byId = new Map<string, PersonChoice>();
  for (const r of rows) {
    const person = byId.get(r.id) ?? {
      personId: r.id,
      name: `${r.given_name} ${r.family_name}`,
      dateOfBirth: r.date_of_birth,
      references: [],
    };
    person.references.push(r.reference);
    byId.set(r.id, person);
  }
  return personIds.flatMap((id) => byId.get(id) ?? []);
}

export interface Registration {
  personId: string;
  receivedOn: string;
  identityMethod: IdentityMethod;
  identityCheckedBy: string;
  controller: SarController;
}

/** Registers a request with its deadline (one calendar month); audited as a collection. */
export async function registerRequest(
  { db, clock }: Deps,
  actor: AuditActor,
  input: Registration & { userId: string },
): Promise<string | null> {
  return db.transaction().execute(async (trx) => {
    const person = await trx
      .selectFrom('people')
      .select('id')
      .where('id', '=', input.personId)
      .executeTakeFirst();
    if (!person) return null;
    const { id } = await trx
      .insertInto('subject_access_requests')
      .values({
        person_id: input.personId,
        received_on: input.receivedOn,
        identity_method: input.identityMethod,
        identity_checked_by: input.identityCheckedBy,
        controller: input.controller,
        due_on: sarDeadline(input.receivedOn),
        registered_by: input.userId,
        registered_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, clock, actor, {
      action: 'collection',
      subjectType: SUBJECT,
      subjectId: id,
      personId: input.personId,
      detail: { controller: input.controller, identityMethod: input.identityMethod },
    });
    return id;
  });
}

export interface RequestRecord {
  id: string;
  personId: string;
  personName: string;
  receivedOn: string;
  identityMethod: IdentityMethod;
  identityCheckedBy: string;
  controller: SarController;
  dueOn: string;
  extendedTo: string | null;
  extensionReason: string | null;
  gatheredAt: Date | null;
  disclosedAt: Date | null;
}

/** One request, without any item content (null when there is no such request). */
export async function requestRecord(
  db: Kysely<DB>,
  requestId: string,
): Promise<RequestRecord | null> {
  const r = await db
    .selectFrom('subject_access_requests as r')
    .innerJoin('people', 'people.id', 'r.person_id')
    .selectAll('r')
    .select(['people.given_name', 'people.family_name'])
    .where('r.id', '=', requestId)
    .executeTakeFirst();
  if (!r) return null;
  return {
    id: r.id,
    personId: r.person_id,
    personName: `${r.given_name} ${r.family_name}`,
    receivedOn: r.received_on,
    identityMethod: r.identity_method,
    identityCheckedBy: r.identity_checked_by,
    controller: r.controller,
    dueOn: r.due_on,
    extendedTo: r.extended_to,
    extensionReason: r.extension_reason,
    gatheredAt: r.gathered_at,
    disclosedAt: r.disclosed_at,
  };
}

/** An item as the IG officer sees it: what and where it is and its decision, never its text. */
export interface ItemSummary {
  id: string;
  controller: ItemController;
  reference: string;
  hubName: string;
  sourceTable: string;
  recordedAt: Date | null;
  decision: ReviewDecision | null;
  ground: WithholdGround | null;
}

/** The items of a request, per controller, without their content. */
export async function itemSummaries(db: Kysely<DB>, request: RequestRecord) {
  const out: ItemSummary[] = [];
  for (const controller of controllersOf(request.controller)) {
    const rows = await db
      .selectFrom(`${SAR_ITEM_TABLES[controller]} as i`)
      .innerJoin('cases', 'cases.id', 'i.case_id')
      .innerJoin('hubs', 'hubs.id', 'cases.hub_id')
      .select([
        'i.id',
        'i.source_table',
        'i.recorded_at',
        'i.decision',
        'i.ground',
        'cases.reference',
        'hubs.name as hub_name',
      ])
      .where('i.request_id', '=', request.id)
      .orderBy('i.position')
      .execute();
    out.push(
      ...rows.map((r) => ({
        id: r.id,
        controller,
        reference: r.reference,
        hubName: r.hub_name,
        sourceTable: r.source_table,
        recordedAt: r.recorded_at,
        decision: r.decision,
        ground: r.ground,
      })),
    );
  }
  return out;
}

/** The IG officer's view of a request: its facts and its items' decisions. Audited. */
export async function openRequest({ db, clock }: Deps, actor: AuditActor, requestId: string) {
  const request = await requestRecord(db, requestId);
  if (!request) return null;
  const items = await itemSummaries(db, request);
  await recordAudit(db, clock, actor, {
    action: 'consultation',
    subjectType: SUBJECT,
    subjectId: request.id,
    personId: request.personId,
    detail: { items: items.length },
  });
  return { request, items, today: londonDate(clock.now()) };
}

/** Extends the deadline (the caller checked the new date, extensionRefusal). Audited. */
export async function extendDeadline(
  { db, clock }: Deps,
  actor: AuditActor,
  input: { request: RequestRecord; to: string; reason: string; userId: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('subject_access_requests')
      .set({ extended_to: input.to, extension_reason: input.reason, extended_by: input.userId })
      .where('id', '=', input.request.id)
      .where('disclosed_at', 'is', null)
      .execute();
    await recordAudit(trx, clock, actor, {
      action: 'alteration',
      subjectType: SUBJECT,
      subjectId: input.request.id,
      personId: input.request.personId,
      reason: input.reason,
      detail: { extendedTo: input.to },
    });
  });
}

/**
 * Gathers the person's records for the request, once (src/features/subject-access/gather.ts),
 * in one transaction with its audit row: a combination of the person's records across their
 * cases, with the counts and the cases (never the content). Null when already gathered.
 */
export async function gatherRequest(
  { db, clock }: Deps,
  actor: AuditActor,
  request: RequestRecord,
): Promise<Gathered | null> {
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('subject_access_requests')
      .set({ gathered_at: clock.now() })
      .where('id', '=', request.id)
      .where('gathered_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) return null;
    const gathered = await gatherItems(trx, request);
    await recordAudit(trx, clock, actor, {
      action: 'combination',
      subjectType: SUBJECT,
      subjectId: request.id,
      personId: request.personId,
      detail: {
        nhsItems: gathered.counts.nhs,
        policeItems: gathered.counts.police,
        restrictedNotes: gathered.restricted,
        caseIds: gathered.caseIds,
      },
    });
    return gathered;
  });
}
