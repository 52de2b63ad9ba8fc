import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { isCaseState, type CaseState } from '../../domain/case-state.ts';
import type { Clock } from '../../domain/clock.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import type { CaseHeader } from '../../access/case-context.ts';
import { sharedPartOf, type ClosureSummary } from '../closure/feedback.ts';
import type { AdviceItem } from '../advice/service.ts';
import { auditReleasedRead, releasedItemsOf, type ReleasedItem } from '../disclosures/released.ts';
import { policeUpdatesOf, type PoliceUpdate } from '../police-updates/service.ts';

/**
 * The police lead's view of their hubs' requests. Every query here reads the police tables
 * (support_requests, police_updates, closure_feedback) and the shared ones (cases, advice,
 * closure_summaries) only: never a health table.
 */

export const SUPERVISION_PAGE_SIZE = 25;

export interface SupervisionFilter {
  status: CaseState | null;
  officerId: string | null;
  page: number;
}

export interface SupervisedRequest {
  caseId: string;
  reference: string;
  personName: string;
  officerName: string;
  status: CaseState;
  requestedAt: Date;
  closedAt: Date | null;
}

export interface SupervisionList {
  items: SupervisedRequest[];
  total: number;
  officers: { id: string; name: string }[];
}

/** What the supervision services need, built once in app.ts. */
export interface SupervisionDeps {
  db: Kysely<DB>;
  clock: Clock;
}

/**
 * The requests of the hubs where the viewer is police lead (`hubsGranting(assignments,
 * 'request.supervise')`: a police lead of one hub supervises only that hub), filtered; audited.
 */
export async function listHubRequests(
  { db, clock }: SupervisionDeps,
  actor: AuditActor,
  hubIds: readonly string[],
  filter: SupervisionFilter,
): Promise<SupervisionList> {
  if (hubIds.length === 0) return { items: [], total: 0, officers: [] };
  return db.transaction().execute(async (trx) => {
    let base = trx
      .selectFrom('cases')
      .innerJoin('people', 'people.id', 'cases.person_id')
      .innerJoin('users as officer', 'officer.id', 'cases.requested_by')
      .where('cases.hub_id', 'in', hubIds);
    if (filter.status) base = base.where('cases.status', '=', filter.status as never);
    if (filter.officerId) base = base.where('cases.requested_by', '=', filter.officerId);
    const counted = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    const rows = await base
      .select([
        'cases.id',
        'cases.reference',
        'cases.status',
        'cases.requested_at',
        'cases.closed_at',
        'people.given_name',
        'people.family_name',
        'officer.name as officer_name',
      ])
      .orderBy('cases.requested_at', 'desc')
      .orderBy('cases.reference', 'desc')
      .limit(SUPERVISION_PAGE_SIZE)
      .offset((filter.page - 1) * SUPERVISION_PAGE_SIZE)
      .execute();
    const officers = await trx
      .selectFrom('users')
      .select(['users.id', 'users.name'])
      .where('users.id', 'in', (eb) =>
        eb.selectFrom('cases').select('cases.requested_by').where('cases.hub_id', 'in', hubIds),
      )
      .orderBy('users.name')
      .execute();
    await recordAudit(trx, clock, actor, {
      action: 'consultation',
      subjectType: 'request_list',
      detail: { caseIds: rows.map((r) => r.id), page: filter.page },
    });
    return {
      total: Number(counted?.n ?? 0),
      officers,
      items: rows.map((r) => ({
        caseId: r.id,
        reference: r.reference,
        personName: `${r.given_name} ${r.family_name}`,
        officerName: r.officer_name,
        status: isCaseState(r.status) ? r.status : 'awaiting_triage',
        requestedAt: r.requested_at,
        closedAt: r.closed_at,
      })),
    };
  });
}

export interface SupervisedRequestDetail {
  header: CaseHeader;
  officerName: string;
  person: { name: string; dateOfBirth: string };
  supportRequest: {
    pcmtReference: string;
    preventStage: string;
    gatewayDate: string;
    channelReference: string | null;
    referralSector: string;
    concernType: string;
    concernsSeen: string;
    supportReason: string;
    personAware: string;
    urgency: string;
  } | null;
  policeUpdates: PoliceUpdate[];
  advice: AdviceItem[];
  closureSummary: ClosureSummary | null;
  feedback: { confidence: number; comment: string | null } | null;
  /** Items a disclosure decision released to this police lead by name. */
  released: ReleasedItem[];
}

/**
 * One request of the police lead's hubs, opened by the access core for `supervise`: the police
 * and shared parts only; audited.
 */
export async function readHubRequest(
  { db, clock }: SupervisionDeps,
  actor: AuditActor,
  facts: CaseHeader,
): Promise<SupervisedRequestDetail> {
  const caseId = facts.id;
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('cases')
      .innerJoin('people', 'people.id', 'cases.person_id')
      .innerJoin('users as officer', 'officer.id', 'cases.requested_by')
      .leftJoin('support_requests', 'support_requests.case_id', 'cases.id')
      .select([
        'cases.urgency',
        'people.given_name',
        'people.family_name',
        'people.date_of_birth',
        'officer.name as officer_name',
        'support_requests.pcmt_reference',
        'support_requests.prevent_stage',
        'support_requests.gateway_date',
        'support_requests.channel_reference',
        'support_requests.referral_sector',
        'support_requests.concern_type',
        'support_requests.concerns_seen',
        'support_requests.support_reason',
        'support_requests.person_aware',
      ])
      .where('cases.id', '=', caseId)
      .executeTakeFirstOrThrow();
    const feedback = await trx
      .selectFrom('closure_feedback')
      .select(['confidence', 'comment'])
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    const shared = await sharedPartOf(trx, caseId);
    const policeUpdates = await policeUpdatesOf(trx, caseId);
    const released = await releasedItemsOf(trx, {
      caseId,
      access: 'addressed_to_viewer',
      viewerId: actor.userId ?? '',
      direction: 'health_to_police',
    });
    await auditReleasedRead(
      { db: trx, clock },
      {
        actor,
        facts: { caseId: facts.id, hubId: facts.hubId, personId: facts.personId },
        items: released,
      },
    );
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: facts.hubId },
      {
        action: 'consultation',
        subjectType: 'case',
        subjectId: facts.id,
        personId: facts.personId,
        detail: { page: 'supervision' },
      },
    );
    return {
      header: facts,
      officerName: row.officer_name,
      person: { name: `${row.given_name} ${row.family_name}`, dateOfBirth: row.date_of_birth },
      supportRequest: row.pcmt_reference
        ? {
            pcmtReference: row.pcmt_reference,
            preventStage: row.prevent_stage ?? '',
            gatewayDate: row.gateway_date ?? '',
            channelReference: row.channel_reference,
            referralSector: row.referral_sector ?? '',
            concernType: row.concern_type ?? '',
            concernsSeen: row.concerns_seen ?? '',
            supportReason: row.support_reason ?? '',
            personAware: row.person_aware ?? '',
            urgency: row.urgency,
          }
        : null,
      policeUpdates,
      ...shared,
      feedback: feedback ?? null,
      released,
    };
  });
}
