import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import {
  caseAccess,
  type CaseAccess,
  type CaseCapabilities,
  type Capability,
} from '../domain/case-access.ts';
import type { CaseState } from '../domain/case-state.ts';
import type { CaseRelation, Visibility } from '../domain/compartments.ts';
import { seesAnything } from '../domain/compartments.ts';
import type { Principal } from '../features/auth/principal.ts';
import { isUuid } from '../web/ids.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** What every page of a case needs to know of it: ids, codes, dates and the person's name. */
export interface CaseHeader {
  id: string;
  reference: string;
  hubId: string;
  hubName: string;
  personId: string;
  personName: string;
  status: CaseState;
  urgency: 'routine' | 'urgent';
  requestedBy: string;
  requestedAt: Date;
  closedAt: Date | null;
  version: number;
}

/** A case opened for one viewer: its header and everything the viewer may see and do on it. */
export interface OpenedCase {
  header: CaseHeader;
  relation: CaseRelation;
  /** The viewer is hub lead of the case's hub. */
  hubLead: boolean;
  visibility: Visibility;
  /** Every page of the case asks this viewer for a reason first (see domain/case-access.ts). */
  reasonRequired: boolean;
  can: CaseCapabilities;
  /** The roles that count on this case (held in its hub, or the requester's own). */
  roles: CaseAccess['roles'];
}

/**
 * THE one function that opens a case for a viewer. The case as this viewer may see it, or
 * null when they may see nothing of it (another hub's case, another officer's request, a role
 * that reads no case): the same null whether it exists or not. Only ids, codes and dates are
 * read before the rule decides; what the viewer may do is `can`, from domain/case-access.ts.
 * `forUpdate` locks the case row for a change in the caller's transaction.
 */
export async function openCase(
  db: Executor,
  principal: Principal,
  caseId: string,
  options: { forUpdate?: boolean } = {},
): Promise<OpenedCase | null> {
  if (!isUuid(caseId)) return null;
  let query = db
    .selectFrom('cases')
    .innerJoin('hubs', 'hubs.id', 'cases.hub_id')
    .innerJoin('people', 'people.id', 'cases.person_id')
    .select([
      'cases.id',
      'cases.reference',
      'cases.hub_id',
      'hubs.name as hub_name',
      'cases.person_id',
      'people.given_name',
      'people.family_name',
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
    .where('cases.id', '=', caseId);
  if (options.forUpdate) query = query.modifyEnd(sql`FOR UPDATE OF cases`);
  const row = await query.executeTakeFirst();
  if (!row) return null;
  const access = caseAccess({
    assignments: principal.assignments,
    hubId: row.hub_id,
    status: row.status,
    requestingCaseOfficer: row.requested_by === principal.userId,
    allocatedClinician: Boolean(row.allocated),
    recordedReason: Boolean(row.reason_given),
    namedRecipient: Boolean(row.named_recipient),
  });
  if (!seesAnything(access.visibility) && !access.reasonRequired) return null;
  return {
    header: {
      id: row.id,
      reference: row.reference,
      hubId: row.hub_id,
      hubName: row.hub_name,
      personId: row.person_id,
      personName: `${row.given_name} ${row.family_name}`,
      status: row.status,
      urgency: row.urgency,
      requestedBy: row.requested_by,
      requestedAt: row.requested_at,
      closedAt: row.closed_at,
      version: row.version,
    },
    relation: access.relation,
    hubLead: access.hubLead,
    visibility: access.visibility,
    reasonRequired: access.reasonRequired,
    can: access.can,
    roles: access.roles,
  };
}

/**
 * The case, if the viewer has this capability on it; otherwise null, which the caller answers
 * as not found. For services that change a case inside their transaction (`forUpdate` locks
 * the case row until it commits).
 */
export async function openCaseTo(
  db: Executor,
  principal: Principal,
  caseId: string,
  needs: Capability | { capability: Capability; forUpdate?: boolean },
): Promise<OpenedCase | null> {
  const { capability, forUpdate } = typeof needs === 'string' ? { capability: needs } : needs;
  const opened = await openCase(db, principal, caseId, { forUpdate: forUpdate ?? false });
  return opened?.can[capability] ? opened : null;
}

export const reasonPath = (caseId: string) => `/cases/${caseId}/reason`;
