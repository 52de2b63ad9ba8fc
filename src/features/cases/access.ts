import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { CaseState } from '../../domain/case-state.ts';
import type { Clock } from '../../domain/clock.ts';
import {
  visibleCompartments,
  type CaseRelation,
  type Visibility,
} from '../../domain/compartments.ts';
import { sendProblem } from '../../web/errors.ts';
import { recordAudit } from '../audit/record.ts';
import { actorFor } from '../auth/actor.ts';
import type { Principal } from '../auth/principal.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** What every page of a case needs to know of it: ids, codes and dates, no content. */
export interface CaseHeader {
  id: string;
  reference: string;
  hubId: string;
  hubName: string;
  personId: string;
  status: CaseState;
  urgency: 'routine' | 'urgent';
  requestedBy: string;
  requestedAt: Date;
  closedAt: Date | null;
  version: number;
}

export interface OpenedCase {
  header: CaseHeader;
  relation: CaseRelation;
  /** The viewer is hub lead of the case's hub. */
  hubLead: boolean;
  visibility: Visibility;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: unknown): value is string =>
  typeof value === 'string' && UUID.test(value);

/**
 * The case as this viewer may see it, or null when it is not in one of their hubs and they
 * are not a named recipient of a disclosure from it. Only ids, codes and dates are read before
 * that check. Allocation, recorded reasons and named recipients decide what is open to them.
 */
export async function openCase(
  db: Executor,
  principal: Principal,
  caseId: string,
): Promise<OpenedCase | null> {
  if (!isUuid(caseId)) return null;
  const row = await db
    .selectFrom('cases')
    .innerJoin('hubs', 'hubs.id', 'cases.hub_id')
    .select([
      'cases.id',
      'cases.reference',
      'cases.hub_id',
      'hubs.name as hub_name',
      'cases.person_id',
      'cases.status',
      'cases.urgency',
      'cases.requested_by',
      'cases.requested_at',
      'cases.closed_at',
      'cases.version',
    ])
    .select((eb) => [
      eb
        .exists(
          eb
            .selectFrom('allocations')
            .select('allocations.id')
            .whereRef('allocations.case_id', '=', 'cases.id')
            .where('allocations.clinician_id', '=', principal.userId)
            .where('allocations.allocated_to', 'is', null),
        )
        .as('allocated'),
      eb
        .exists(
          eb
            .selectFrom('case_access_reasons')
            .select('case_access_reasons.id')
            .whereRef('case_access_reasons.case_id', '=', 'cases.id')
            .where('case_access_reasons.user_id', '=', principal.userId)
            .where('case_access_reasons.session_id', '=', principal.sessionId),
        )
        .as('reason_given'),
      // Named as a recipient of a disclosure of this case that took effect (shared tables only).
      eb
        .exists(
          eb
            .selectFrom('disclosure_recipients')
            .innerJoin(
              'released_items',
              'released_items.disclosure_id',
              'disclosure_recipients.disclosure_id',
            )
            .select('disclosure_recipients.id')
            .whereRef('released_items.case_id', '=', 'cases.id')
            .where('disclosure_recipients.user_id', '=', principal.userId),
        )
        .as('named_recipient'),
    ])
    .where('cases.id', '=', caseId)
    .executeTakeFirst();
  if (!row) return null;
  const sameHub = principal.hubIds.includes(row.hub_id);
  // Outside the viewer's hubs a case exists for them only as a named recipient.
  if (!sameHub && !row.named_recipient) return null;
  const relation: CaseRelation = {
    sameHub,
    requestingCaseOfficer: row.requested_by === principal.userId,
    allocatedClinician: Boolean(row.allocated),
    recordedReason: Boolean(row.reason_given),
    namedRecipient: Boolean(row.named_recipient),
  };
  return {
    header: {
      id: row.id,
      reference: row.reference,
      hubId: row.hub_id,
      hubName: row.hub_name,
      personId: row.person_id,
      status: row.status,
      urgency: row.urgency,
      requestedBy: row.requested_by,
      requestedAt: row.requested_at,
      closedAt: row.closed_at,
      version: row.version,
    },
    relation,
    hubLead: sameHub && principal.roles.includes('hub_lead'),
    visibility: visibleCompartments(principal.roles, relation),
  };
}

/** Not found, with an audit row: the same answer whether the case exists elsewhere or not. */
export async function caseNotFound(
  db: Executor,
  clock: Clock,
  request: FastifyRequest,
  reply: FastifyReply,
  caseId: unknown,
): Promise<FastifyReply> {
  await recordAudit(db, clock, actorFor(request), {
    action: 'denial',
    subjectType: 'case',
    // Only a well-formed id is kept: the path could hold anything a user typed.
    subjectId: isUuid(caseId) ? caseId : null,
    outcome: 'denied',
  });
  return sendProblem(request, reply, 404);
}

export const reasonPath = (caseId: string) => `/cases/${caseId}/reason`;

/**
 * Opens a case for a page that shows or changes health information. Answers for the caller
 * when it cannot go on: 404 (and an audit row) outside the viewer's hubs, and the reason page
 * for a clinician of the hub who is not allocated and has not yet given a reason.
 */
export async function openHealthCase(
  db: Kysely<DB>,
  clock: Clock,
  request: FastifyRequest,
  reply: FastifyReply,
  caseId: string,
): Promise<OpenedCase | null> {
  const principal = request.principal!;
  const opened = await openCase(db, principal, caseId);
  if (!opened || !(opened.visibility.police || opened.visibility.shared)) {
    await caseNotFound(db, clock, request, reply, caseId);
    return null;
  }
  if (!opened.visibility.health) {
    await reply.redirect(reasonPath(opened.header.id));
    return null;
  }
  return opened;
}

/** The case id from the path. */
export const caseIdOf = (request: FastifyRequest): string =>
  (request.params as { caseId?: string }).caseId ?? '';
