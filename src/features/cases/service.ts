import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import { currentAllocations } from '../allocation/service.ts';
import type { Principal } from '../auth/principal.ts';
import { sharedPartOf } from '../closure/feedback.ts';
import { consentHistory, lawfulBasisHistory } from '../consent/service.ts';
import { formulationStateOf } from '../formulation/reporting.ts';
import { contactsOf } from '../liaison/service.ts';
import { meetingsOf } from '../meetings/service.ts';
import { releasedItemsOf } from '../disclosures/released.ts';
import { disclosuresOfCase } from '../disclosures/service.ts';
import { planSummaryOf } from '../plans/read.ts';
import { policeUpdatesOf } from '../police-updates/service.ts';
import { triageDecisionOf } from '../triage/service.ts';
import type { OpenedCase } from '../../access/case-context.ts';
import { readPoliceRequest } from './police-request.ts';
import { caseTimeline } from './timeline.ts';

/**
 * Everything the case page shows, each part only when the viewer may see its compartment,
 * read in one transaction with its consultation audit row.
 */
export async function readCase(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  opened: OpenedCase,
) {
  const { header, visibility } = opened;
  return db.transaction().execute(async (trx) => {
    const police = visibility.police ? await readPoliceRequest(trx, header.id) : null;
    const policeUpdates = visibility.police ? await policeUpdatesOf(trx, header.id) : [];
    const shared = visibility.shared ? await sharedPartOf(trx, header.id) : null;
    const pendingClosure = visibility.health ? await pendingClosureOf(trx, header.id) : false;
    const health = visibility.health
      ? {
          triage: (await triageDecisionOf(trx, header.id)) ?? null,
          allocations: await currentAllocations(trx, header.id),
          consents: await consentHistory(trx, header.id),
          lawfulBases: await lawfulBasisHistory(trx, header.id),
          formulation: await formulationStateOf(trx, header.id),
          liaison: await contactsOf(trx, header.id),
          meetings: await meetingsOf(trx, header.id),
          disclosures: await disclosuresOfCase(trx, header.id),
          plan: await planSummaryOf(trx, header.id),
        }
      : null;
    // What police shared into the case by a recorded disclosure (police to health).
    const sharedByPolice = await releasedItemsOf(
      trx,
      header.id,
      visibility.releasedItems,
      actor.userId ?? '',
      { direction: 'police_to_health' },
    );
    const timeline = await caseTimeline(trx, header.id, visibility);
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: header.hubId },
      {
        action: 'consultation',
        subjectType: 'case',
        subjectId: header.id,
        personId: header.personId,
        detail: { police: visibility.police, health: visibility.health },
      },
    );
    return { police, policeUpdates, shared, pendingClosure, health, timeline, sharedByPolice };
  });
}

/** Whether a closure request awaits the hub lead (closure_requests is health). */
async function pendingClosureOf(db: Transaction<DB>, caseId: string): Promise<boolean> {
  const row = await db
    .selectFrom('closure_requests')
    .select('id')
    .where('case_id', '=', caseId)
    .where('decision', '=', 'pending')
    .executeTakeFirst();
  return row !== undefined;
}

export type CaseRecord = Awaited<ReturnType<typeof readCase>>;

/**
 * Records why a clinician opens a case of their hub outside their allocation. The reason
 * admits them to this case for the rest of this sign-in session only (a new session asks
 * again), and is audited with the reason.
 */
export async function recordAccessReason(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: { principal: Principal; opened: OpenedCase; reason: string },
): Promise<void> {
  const { principal } = input;
  const { header } = input.opened;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('case_access_reasons')
      .values({
        case_id: header.id,
        user_id: principal.userId,
        session_id: principal.sessionId,
        reason: input.reason,
        recorded_at: clock.now(),
      })
      .execute();
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: header.hubId },
      {
        action: 'consultation',
        subjectType: 'case_access_reason',
        subjectId: header.id,
        personId: header.personId,
        reason: input.reason,
        detail: { outsideAllocation: true },
      },
    );
  });
}

export const ACCESS_REASONS_PAGE_SIZE = 50;

/** Out-of-allocation accesses with their reasons, newest first, for IG review. */
export async function accessReasons(db: Kysely<DB>, clock: Clock, actor: AuditActor, page: number) {
  return db.transaction().execute(async (trx) => {
    const { total } = await trx
      .selectFrom('case_access_reasons')
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .executeTakeFirstOrThrow();
    const rows = await trx
      .selectFrom('case_access_reasons')
      .innerJoin('users', 'users.id', 'case_access_reasons.user_id')
      .innerJoin('cases', 'cases.id', 'case_access_reasons.case_id')
      .innerJoin('hubs', 'hubs.id', 'cases.hub_id')
      .select([
        'case_access_reasons.recorded_at',
        'case_access_reasons.reason',
        'users.name as user_name',
        'cases.reference',
        'hubs.name as hub_name',
      ])
      .orderBy('case_access_reasons.recorded_at', 'desc')
      .orderBy('case_access_reasons.id')
      .limit(ACCESS_REASONS_PAGE_SIZE)
      .offset((page - 1) * ACCESS_REASONS_PAGE_SIZE)
      .execute();
    await recordAudit(trx, clock, actor, {
      action: 'consultation',
      subjectType: 'access_reasons_log',
      detail: { page, count: rows.length },
    });
    return { total: Number(total), rows };
  });
}
