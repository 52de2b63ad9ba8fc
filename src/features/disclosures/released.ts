import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import type { ReleasedItemsAccess } from '../../domain/compartments.ts';
import type { DisclosureDirection } from '../../domain/disclosures.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/**
 * One released copy as a recipient sees it: its label and text only while the decision is in
 * effect (a label can carry content too: a plan action's begins with its description).
 */
export interface ReleasedItem {
  id: string;
  disclosureId: string;
  caseId: string;
  direction: DisclosureDirection;
  /** Null once the decision was withdrawn, like the text. */
  label: string | null;
  /** Null once the decision was withdrawn: recipients see only that, and when. */
  text: string | null;
  releasedAt: Date;
  withdrawnAt: Date | null;
  /** Provenance: the record it was copied from, and who decided and approved. */
  sourceTable: string;
  recordId: string | null;
  recordVersion: number | null;
  decidedByName: string | null;
  approvedByName: string | null;
  legalBasis: string | null;
}

/**
 * The released copies of a case the viewer may see: all of them for the case's clinicians and
 * the hub lead ('all'); otherwise only those addressed to the viewer ('addressed_to_viewer'):
 * by name, or, for a clinician or hub lead of the case's hub, to the hub's clinical team.
 * Reads only the shared tables `released_items` and `disclosure_recipients` (and users' names):
 * never the decision (health) nor a source record. A withdrawn copy's label and text stay in
 * the database (the record of what was released) but are not read out of it.
 */
export async function releasedItemsOf(
  db: Executor,
  which: ReleasedItemsWhich,
): Promise<ReleasedItem[]> {
  if (which.access === 'none') return [];
  return releasedItemsFrom(await releasedItemsQuery(db, which).execute());
}

interface ReleasedItemsWhich {
  caseId: string;
  access: ReleasedItemsAccess;
  viewerId: string;
  /** Only the copies released in this direction (default: both). */
  direction?: DisclosureDirection;
}

/**
 * The released items the viewer may see, newest first (the query, for reading with others;
 * with access 'none' it finds nothing).
 */
export function releasedItemsQuery(
  db: Executor,
  { caseId, access, viewerId, direction }: ReleasedItemsWhich,
) {
  let query = db
    .selectFrom('released_items as ri')
    .leftJoin('users as decider', 'decider.id', 'ri.decided_by')
    .leftJoin('users as approver', 'approver.id', 'ri.approved_by')
    .select([
      'ri.id',
      'ri.disclosure_id',
      'ri.case_id',
      'ri.direction',
      'ri.legal_basis',
      'ri.withdrawn_at',
      'ri.released_at',
      'ri.source_table',
      'ri.source_record_id',
      'ri.source_record_version',
      'decider.name as decider_name',
      'approver.name as approver_name',
    ])
    .select((eb) => [
      eb
        .case()
        .when('ri.withdrawn_at', 'is', null)
        .then(eb.ref('ri.label'))
        .else(null)
        .end()
        .as('label'),
      eb
        .case()
        .when('ri.withdrawn_at', 'is', null)
        .then(eb.ref('ri.body'))
        .else(null)
        .end()
        .as('body'),
    ])
    .where('ri.case_id', '=', caseId);
  if (access === 'none') query = query.where(sql<boolean>`false`);
  if (direction) query = query.where('ri.direction', '=', direction);
  if (access === 'addressed_to_viewer') {
    // Named, or a clinician or hub lead of the case's hub when it went to the clinical team.
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('disclosure_recipients as r')
          .select('r.id')
          .whereRef('r.disclosure_id', '=', 'ri.disclosure_id')
          .where((w) =>
            w.or([
              w('r.user_id', '=', viewerId),
              w.and([
                w('r.kind', '=', 'hub_clinical_team'),
                // A clinical role held in the case's hub (not a role held in another hub).
                w.exists(
                  w
                    .selectFrom('cases as c')
                    .innerJoin('role_assignments as ra', 'ra.hub_id', 'c.hub_id')
                    .select('ra.user_id')
                    .whereRef('c.id', '=', 'ri.case_id')
                    .where('ra.user_id', '=', viewerId)
                    .where('ra.role', 'in', ['clinician', 'hub_lead']),
                ),
              ]),
            ]),
          ),
      ),
    );
  }
  return query.orderBy('ri.released_at', 'desc').orderBy('ri.disclosure_id').orderBy('ri.position');
}

export type ReleasedItemRow = Awaited<
  ReturnType<ReturnType<typeof releasedItemsQuery>['execute']>
>[number];

/** Timestamps of a released item's row, for reading it as JSON (src/db/read-together.ts). */
export const RELEASED_ITEM_TIMESTAMPS = ['released_at', 'withdrawn_at'] as const;

export function releasedItemsFrom(rows: ReleasedItemRow[]): ReleasedItem[] {
  return rows.map((r) => ({
    id: r.id,
    disclosureId: r.disclosure_id,
    caseId: r.case_id,
    direction: r.direction,
    label: r.label,
    text: r.body,
    releasedAt: r.released_at,
    withdrawnAt: r.withdrawn_at,
    sourceTable: r.source_table,
    recordId: r.source_record_id,
    recordVersion: r.source_record_version,
    decidedByName: r.decider_name,
    approvedByName: r.approver_name,
    legalBasis: r.legal_basis,
  }));
}

/** The audit row for a read of released items (a consultation naming the copies read). */
export async function auditReleasedRead(
  { db, clock }: { db: Executor; clock: Clock },
  {
    actor,
    facts,
    items,
  }: {
    actor: AuditActor;
    facts: { caseId: string; hubId: string; personId: string };
    items: ReleasedItem[];
  },
): Promise<void> {
  if (items.length === 0) return;
  await recordAudit(
    db,
    clock,
    { ...actor, hubId: facts.hubId },
    {
      action: 'consultation',
      subjectType: 'released_items',
      subjectId: facts.caseId,
      personId: facts.personId,
      detail: { releasedItemIds: items.map((i) => i.id) },
    },
  );
}

export interface ReceivedCase {
  caseId: string;
  reference: string;
  hubName: string;
  items: ReleasedItem[];
}

/**
 * Everything released to this user by name, across cases, newest first: for recipients with
 * no other view of the case (a colleague named for need to know). Audited.
 */
export async function releasedToMe(
  { db, clock }: { db: Kysely<DB>; clock: Clock },
  { actor, userId }: { actor: AuditActor; userId: string },
): Promise<ReceivedCase[]> {
  return db.transaction().execute(async (trx) => {
    const cases = await trx
      .selectFrom('disclosure_recipients as r')
      .innerJoin('released_items as ri', 'ri.disclosure_id', 'r.disclosure_id')
      .innerJoin('cases', 'cases.id', 'ri.case_id')
      .innerJoin('hubs', 'hubs.id', 'cases.hub_id')
      .select(['cases.id', 'cases.reference', 'hubs.name as hub_name'])
      .select((eb) => eb.fn.max('ri.released_at').as('latest'))
      .where('r.user_id', '=', userId)
      .groupBy(['cases.id', 'cases.reference', 'hubs.name'])
      .orderBy('latest', 'desc')
      .limit(100)
      .execute();
    const result: ReceivedCase[] = [];
    for (const c of cases) {
      result.push({
        caseId: c.id,
        reference: c.reference,
        hubName: c.hub_name,
        items: await releasedItemsOf(trx, {
          caseId: c.id,
          access: 'addressed_to_viewer',
          viewerId: userId,
        }),
      });
    }
    await recordAudit(trx, clock, actor, {
      action: 'consultation',
      subjectType: 'released_items',
      detail: {
        page: 'received',
        releasedItemIds: result.flatMap((c) => c.items.map((i) => i.id)),
      },
    });
    return result;
  });
}
