import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { CaseState } from '../../domain/case-state.ts';
import type { Clock } from '../../domain/clock.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import { notify } from '../notifications/notify.ts';

/**
 * A police lead hands a departing case officer's open requests to another case officer of the
 * same hub (issue 16, docs/hubs.md). Reads police and shared tables only (cases, people, users,
 * role assignments): never a health table.
 */

export interface ReassignmentDeps {
  db: Kysely<DB>;
  clock: Clock;
}

export interface OfficerWithRequests {
  id: string;
  name: string;
  active: boolean;
  openRequests: number;
}

export interface OpenRequest {
  caseId: string;
  reference: string;
  personName: string;
  status: CaseState;
  requestedAt: Date;
  hubId: string;
}

export interface OfficerRequests {
  officer: { id: string; name: string; active: boolean };
  requests: OpenRequest[];
  /** Active case officers of every hub these requests are in, but this officer. */
  candidates: { id: string; name: string }[];
}

type Executor = Kysely<DB> | Transaction<DB>;

/** The open requests of the lead's hubs (closed ones stay with whoever asked). */
const openCases = (db: Executor, hubIds: readonly string[]) =>
  db
    .selectFrom('cases')
    .where('cases.hub_id', 'in', hubIds.length ? hubIds : ['00000000-0000-0000-0000-000000000000'])
    .where('cases.status', '<>', 'closed');

/** The officers with open requests in these hubs, with how many: who may need reassigning. */
export async function officersWithRequests(
  { db }: ReassignmentDeps,
  hubIds: readonly string[],
): Promise<OfficerWithRequests[]> {
  if (hubIds.length === 0) return [];
  const rows = await openCases(db, hubIds)
    .innerJoin('users', 'users.id', 'cases.requested_by')
    .select((eb) => ['users.id', 'users.name', 'users.status', eb.fn.countAll<number>().as('n')])
    .groupBy(['users.id', 'users.name', 'users.status'])
    .orderBy('users.name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    active: r.status === 'active',
    openRequests: Number(r.n),
  }));
}

async function candidatesFor(
  db: Executor,
  hubIds: readonly string[],
  except: string,
): Promise<{ id: string; name: string }[]> {
  if (hubIds.length === 0) return [];
  return (
    db
      .selectFrom('users')
      .select(['users.id', 'users.name'])
      .where('users.status', '=', 'active')
      .where('users.id', '<>', except)
      // Case officer in every one of the hubs.
      .where(
        sql<number>`(SELECT count(DISTINCT ra.hub_id)::int FROM role_assignments ra WHERE ra.user_id = users.id AND ra.role = 'case_officer' AND ra.hub_id = ANY(${[...hubIds]}::uuid[]))`,
        '=',
        hubIds.length,
      )
      .orderBy('users.name')
      .execute()
  );
}

/** One officer's open requests in the lead's hubs, and who may take them; audited as read. */
export async function officerRequests(
  { db, clock }: ReassignmentDeps,
  actor: AuditActor,
  hubIds: readonly string[],
  officerId: string,
): Promise<OfficerRequests | null> {
  return db.transaction().execute(async (trx) => {
    const rows = await openCases(trx, hubIds)
      .innerJoin('people', 'people.id', 'cases.person_id')
      .select([
        'cases.id',
        'cases.reference',
        'cases.status',
        'cases.requested_at',
        'cases.hub_id',
        'people.given_name',
        'people.family_name',
      ])
      .where('cases.requested_by', '=', officerId)
      .orderBy('cases.requested_at')
      .orderBy('cases.reference')
      .execute();
    if (rows.length === 0) return null;
    const officer = await trx
      .selectFrom('users')
      .select(['id', 'name', 'status'])
      .where('id', '=', officerId)
      .executeTakeFirstOrThrow();
    const inHubs = [...new Set(rows.map((r) => r.hub_id))];
    await recordAudit(trx, clock, actor, {
      action: 'consultation',
      subjectType: 'request_list',
      detail: { caseIds: rows.map((r) => r.id), officer: officerId, purpose: 'reassignment' },
    });
    return {
      officer: { id: officer.id, name: officer.name, active: officer.status === 'active' },
      requests: rows.map((r) => ({
        caseId: r.id,
        reference: r.reference,
        personName: `${r.given_name} ${r.family_name}`,
        status: r.status,
        requestedAt: r.requested_at,
        hubId: r.hub_id,
      })),
      candidates: await candidatesFor(trx, inHubs, officerId),
    };
  });
}

export type ReassignResult =
  { kind: 'reassigned'; count: number } | { kind: 'nothing-to-move' } | { kind: 'not-a-candidate' };

/**
 * Moves every open request of `from` in the lead's hubs to `to`, in one transaction: each case
 * row locked, `to` checked to be an active case officer of every hub concerned, requested_by
 * changed, a reassignment row and an audit row per case, and both officers told (the earlier
 * one while the request is still theirs, so the access core lets them hear of it).
 */
export async function reassignRequests(
  { db, clock }: ReassignmentDeps,
  actor: AuditActor & { userId: string },
  input: { hubIds: readonly string[]; from: string; to: string },
): Promise<ReassignResult> {
  return db.transaction().execute(async (trx) => {
    const cases = await openCases(trx, input.hubIds)
      .select(['cases.id', 'cases.hub_id', 'cases.person_id'])
      .where('cases.requested_by', '=', input.from)
      .orderBy('cases.id')
      .forUpdate()
      .execute();
    if (cases.length === 0) return { kind: 'nothing-to-move' as const };
    const hubIds = [...new Set(cases.map((c) => c.hub_id))];
    const candidates = await candidatesFor(trx, hubIds, input.from);
    if (!candidates.some((c) => c.id === input.to)) return { kind: 'not-a-candidate' as const };
    const now = clock.now();
    for (const kase of cases) {
      await notify(trx, clock, {
        kind: 'request_handed_over',
        caseId: kase.id,
        path: '/requests',
        actorId: actor.userId,
        only: [input.from],
      });
      await trx
        .updateTable('cases')
        .set({ requested_by: input.to, version: sql`version + 1` })
        .where('id', '=', kase.id)
        .execute();
      await trx
        .insertInto('request_reassignments')
        .values({
          case_id: kase.id,
          from_officer: input.from,
          to_officer: input.to,
          reassigned_by: actor.userId,
          reassigned_at: now,
        })
        .execute();
      await recordAudit(
        trx,
        clock,
        { ...actor, hubId: kase.hub_id },
        {
          action: 'alteration',
          subjectType: 'case',
          subjectId: kase.id,
          personId: kase.person_id,
          detail: { event: 'request-reassigned', from: input.from, to: input.to },
        },
      );
      await notify(trx, clock, {
        kind: 'request_reassigned',
        caseId: kase.id,
        path: `/requests/${kase.id}`,
        actorId: actor.userId,
        only: [input.to],
      });
    }
    return { kind: 'reassigned' as const, count: cases.length };
  });
}
