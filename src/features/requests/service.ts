import type { Kysely, Transaction } from 'kysely';
import { officerRouting } from './routing.ts';
import type { DB } from '../../db/schema.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import { findPossibleMatches } from '../people/matching.ts';
import type { Officer, RequestDeps } from './drafts.ts';
import type { PersonAnswers } from './sections.ts';
import { auditReleasedRead } from '../disclosures/released.ts';
import { sharedFactsFrom, sharedReadings, type SharedFacts } from './shared.ts';
import { reading, readTogether } from '../../db/read-together.ts';
import type { CaseStatusCode } from './tables.ts';

export const REQUESTS_PAGE_SIZE = 20;

const officerActor = (
  officer: Officer,
  hubId: string | null,
  requestId: string | null,
): AuditActor => ({
  userId: officer.userId,
  role: 'case_officer',
  hubId,
  requestId,
  clientId: officer.clientId ?? null,
});

/**
 * What a case officer may learn from matching at intake: for a person they requested support
 * for before, their own earlier references; for anyone else, only that the hub will check.
 */
export type OfficerMatchView =
  | { kind: 'none' }
  | {
      kind: 'possible';
      /** The officer's own earlier requests for a matched person. */
      earlierRequests: { caseId: string; reference: string; requestedAt: Date }[];
      /** Matches the officer has no request for: they are told only that one exists. */
      othersExist: boolean;
    };

export async function matchesForOfficer(
  { db, clock }: RequestDeps,
  {
    officer,
    person,
    requestId,
  }: { officer: Officer; person: PersonAnswers; requestId: string | null },
): Promise<OfficerMatchView> {
  // The read and its audit rows commit together.
  return db.transaction().execute(async (trx) => {
    const matches = await findPossibleMatches(trx, person);
    if (matches.length === 0) return { kind: 'none' };
    const ids = matches.map((m) => m.personId);
    const earlier = await trx
      .selectFrom('cases')
      .select(['id', 'reference', 'requested_at', 'person_id'])
      .where('person_id', 'in', ids)
      .where('requested_by', '=', officer.userId)
      .orderBy('requested_at', 'desc')
      .execute();
    const known = new Set(earlier.map((c) => c.person_id));
    // Matching combines a request with records the officer may not see: each match is logged.
    for (const match of matches) {
      await recordAudit(trx, clock, officerActor(officer, null, requestId), {
        action: 'combination',
        subjectType: 'person',
        subjectId: match.personId,
        personId: match.personId,
        detail: {
          purpose: 'intake_matching',
          basis: match.basis,
          shownToOfficer: known.has(match.personId),
        },
      });
    }
    return {
      kind: 'possible',
      earlierRequests: earlier.map((c) => ({
        caseId: c.id,
        reference: c.reference,
        requestedAt: c.requested_at,
      })),
      othersExist: matches.some((m) => !known.has(m.personId)),
    };
  });
}

export interface RequestListItem {
  caseId: string;
  reference: string;
  givenName: string;
  familyName: string;
  status: CaseStatusCode;
  requestedAt: Date;
}

/** The officer's own requests, newest first, one page at a time. */
export async function listRequests(
  db: Kysely<DB>,
  officer: Officer,
  page: number,
): Promise<{ items: RequestListItem[]; total: number }> {
  const rows = await db
    .selectFrom('cases')
    .innerJoin('people', 'people.id', 'cases.person_id')
    .select([
      'cases.id',
      'cases.reference',
      'cases.status',
      'cases.requested_at',
      'people.given_name',
      'people.family_name',
    ])
    .where('cases.requested_by', '=', officer.userId)
    .orderBy('cases.requested_at', 'desc')
    .orderBy('cases.reference', 'desc')
    .limit(REQUESTS_PAGE_SIZE)
    .offset((page - 1) * REQUESTS_PAGE_SIZE)
    .execute();
  const { total } = await db
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .where('requested_by', '=', officer.userId)
    .executeTakeFirstOrThrow();
  return {
    items: rows.map((r) => ({
      caseId: r.id,
      reference: r.reference,
      givenName: r.given_name,
      familyName: r.family_name,
      status: r.status,
      requestedAt: r.requested_at,
    })),
    total: Number(total),
  };
}

export interface RequestRecord {
  caseId: string;
  reference: string;
  hubName: string;
  status: CaseStatusCode;
  urgency: 'routine' | 'urgent';
  requestedAt: Date;
  isReReferral: boolean;
  person: Omit<
    DB['people'],
    'id' | 'created_at' | 'updated_at' | 'version' | 'search_name' | 'has_case'
  >;
  supportRequest: Omit<DB['support_requests'], 'case_id'>;
}

/**
 * One of the officer's own requests (police and shared parts), read with an audit row; another
 * officer's case is not found, and that attempt is audited as a denial.
 */
/** The officer's own request and the person it is about (the query, for reading with others). */
const requestQuery = (db: Kysely<DB> | Transaction<DB>, caseId: string, officerId: string) =>
  db
    .selectFrom('cases')
    .innerJoin('people', 'people.id', 'cases.person_id')
    .innerJoin('support_requests', 'support_requests.case_id', 'cases.id')
    .innerJoin('hubs', 'hubs.id', 'cases.hub_id')
    .select([
      'cases.id as caseId',
      'cases.reference',
      'cases.status',
      'cases.urgency',
      'cases.requested_at',
      'cases.previous_case_id',
      'cases.hub_id',
      'cases.person_id',
      'hubs.name as hub_name',
      'people.given_name',
      'people.family_name',
      'people.other_names',
      'people.date_of_birth',
      'people.nhs_number',
      'people.gender',
      'people.ethnicity',
      'people.postcode_district',
      'people.first_language',
      'people.communication_needs',
      'support_requests.pcmt_reference',
      'support_requests.prevent_stage',
      'support_requests.gateway_date',
      'support_requests.channel_reference',
      'support_requests.referral_sector',
      'support_requests.concern_type',
      'support_requests.concerns_seen',
      'support_requests.support_reason',
      'support_requests.gp_practice',
      'support_requests.mental_health_team',
      'support_requests.person_aware',
      'support_requests.urgency_reason',
      'support_requests.submitted_at',
    ])
    .where('cases.id', '=', caseId)
    .where('cases.requested_by', '=', officerId);

export async function readRequest(
  { db, clock }: RequestDeps,
  { officer, caseId, requestId }: { officer: Officer; caseId: string; requestId: string | null },
): Promise<(RequestRecord & { shared: SharedFacts }) | null> {
  return db.transaction().execute(async (trx) => {
    // The request and its shared part in one statement (src/db/read-together.ts); the shared
    // part is used only when the request is this officer's.
    const read = await readTogether(trx, {
      request: reading(requestQuery(trx, caseId, officer.userId), ['requested_at', 'submitted_at']),
      ...sharedReadings(trx, caseId, officer.userId),
    });
    const row = read.request[0];
    if (!row) {
      await recordAudit(trx, clock, officerActor(officer, null, requestId), {
        action: 'denial',
        subjectType: 'support_request',
        subjectId: caseId,
        outcome: 'denied',
        detail: { reason: 'not_requested_by_user' },
      });
      return null;
    }
    await recordAudit(trx, clock, officerActor(officer, row.hub_id, requestId), {
      action: 'consultation',
      subjectType: 'support_request',
      subjectId: row.caseId,
      personId: row.person_id,
    });
    const shared = sharedFactsFrom(read);
    await auditReleasedRead(
      { db: trx, clock },
      {
        actor: officerActor(officer, row.hub_id, requestId),
        facts: { caseId: row.caseId, hubId: row.hub_id, personId: row.person_id },
        items: shared.released ?? [],
      },
    );
    return {
      caseId: row.caseId,
      reference: row.reference,
      hubName: row.hub_name,
      status: row.status,
      urgency: row.urgency,
      requestedAt: row.requested_at,
      isReReferral: row.previous_case_id !== null,
      shared,
      person: {
        given_name: row.given_name,
        family_name: row.family_name,
        other_names: row.other_names,
        date_of_birth: row.date_of_birth,
        nhs_number: row.nhs_number,
        gender: row.gender,
        ethnicity: row.ethnicity,
        postcode_district: row.postcode_district,
        first_language: row.first_language,
        communication_needs: row.communication_needs,
      },
      supportRequest: {
        pcmt_reference: row.pcmt_reference,
        prevent_stage: row.prevent_stage,
        gateway_date: row.gateway_date,
        channel_reference: row.channel_reference,
        referral_sector: row.referral_sector,
        concern_type: row.concern_type,
        concerns_seen: row.concerns_seen,
        support_reason: row.support_reason,
        gp_practice: row.gp_practice,
        mental_health_team: row.mental_health_team,
        person_aware: row.person_aware,
        urgency_reason: row.urgency_reason,
        submitted_at: row.submitted_at,
      },
    };
  });
}

/** The reference of the officer's request, for the confirmation page (no personal content). */
export async function sentRequest(
  db: Kysely<DB>,
  officer: Officer,
  caseId: string,
): Promise<{ reference: string; hubName: string; urgency: 'routine' | 'urgent' } | null> {
  const row = await db
    .selectFrom('cases')
    .innerJoin('hubs', 'hubs.id', 'cases.hub_id')
    .select(['cases.reference', 'hubs.name', 'cases.urgency'])
    .where('cases.id', '=', caseId)
    .where('cases.requested_by', '=', officer.userId)
    .executeTakeFirst();
  return row ? { reference: row.reference, hubName: row.name, urgency: row.urgency } : null;
}

/**
 * The hubs an officer's request may go to, as choices: the active hub serving their force, or
 * (no force recorded) their own active hubs (routing.ts, src/domain/hubs.ts).
 */
export async function hubsOf(
  db: Kysely<DB>,
  officer: Officer,
): Promise<{ code: string; label: string }[]> {
  return (await officerRouting(db, officer, null)).choices;
}
