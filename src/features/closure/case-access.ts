import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import {
  isCaseState,
  transition,
  type CaseAction,
  type CaseState,
} from '../../domain/case-state.ts';
import type { Clock } from '../../domain/clock.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** A case as the closure journey needs it: shared facts only (no compartment content). */
export interface CaseFacts {
  id: string;
  reference: string;
  hubId: string;
  personId: string;
  personName: string;
  status: CaseState;
  version: number;
  requestedBy: string;
  requestedAt: Date;
  closedAt: Date | null;
}

/** What a change to a case can come to; routes turn each into a page. */
export type CaseChange<T> =
  | { kind: 'done'; value: T }
  | { kind: 'not_found' }
  | { kind: 'stale' }
  | { kind: 'refused'; reason: string };

async function loadCase(
  db: Executor,
  caseId: string,
  options: { forUpdate?: boolean } = {},
): Promise<CaseFacts | null> {
  let query = db
    .selectFrom('cases')
    .innerJoin('people', 'people.id', 'cases.person_id')
    .select([
      'cases.id',
      'cases.reference',
      'cases.hub_id',
      'cases.person_id',
      'cases.status',
      'cases.version',
      'cases.requested_by',
      'cases.requested_at',
      'cases.closed_at',
      'people.given_name',
      'people.family_name',
    ])
    .where('cases.id', '=', caseId);
  if (options.forUpdate) query = query.forUpdate('cases');
  const row = await query.executeTakeFirst();
  if (!row || !isCaseState(row.status)) return null;
  return {
    id: row.id,
    reference: row.reference,
    hubId: row.hub_id,
    personId: row.person_id,
    personName: `${row.given_name} ${row.family_name}`,
    status: row.status,
    version: row.version,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    closedAt: row.closed_at,
  };
}

/** Whether the user is currently one of the clinicians allocated to the case (0030). */
async function isAllocated(db: Executor, caseId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('allocations')
    .select('id')
    .where('case_id', '=', caseId)
    .where('clinician_id', '=', userId)
    .where('allocated_to', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

export const isHubLeadOf = (principal: Principal, hubId: string): boolean =>
  principal.roles.includes('hub_lead') && principal.hubIds.includes(hubId);

const isClinicianOf = (principal: Principal, hubId: string): boolean =>
  (principal.roles.includes('clinician') || principal.roles.includes('hub_lead')) &&
  principal.hubIds.includes(hubId);

/** Advice-only consultations have no allocation step: any clinician of the hub works them. */
const ADVICE_ONLY_STATES: readonly CaseState[] = ['advice_only', 'advice_closure_requested'];

/**
 * The case, if this clinician may work it: a clinician of its hub who is allocated to it (any
 * of the hub's clinicians for an advice-only consultation), or the hub lead. Otherwise null,
 * which routes answer with 404 (another hub's case or an unallocated one).
 */
export async function caseForClinician(
  db: Executor,
  principal: Principal,
  caseId: string,
  options: { forUpdate?: boolean } = {},
): Promise<CaseFacts | null> {
  const found = await loadCase(db, caseId, options);
  if (!found || !isClinicianOf(principal, found.hubId)) return null;
  if (isHubLeadOf(principal, found.hubId)) return found;
  if (ADVICE_ONLY_STATES.includes(found.status)) return found;
  return (await isAllocated(db, found.id, principal.userId)) ? found : null;
}

/**
 * The case, if the user may read its health record: the hub lead or an allocated clinician.
 * Unlike caseForClinician, an advice-only consultation does not open it to the whole hub.
 */
export async function caseForHealthRecord(
  db: Executor,
  principal: Principal,
  caseId: string,
  options: { forUpdate?: boolean } = {},
): Promise<CaseFacts | null> {
  const found = await loadCase(db, caseId, options);
  if (!found || !isClinicianOf(principal, found.hubId)) return null;
  if (isHubLeadOf(principal, found.hubId)) return found;
  return (await isAllocated(db, found.id, principal.userId)) ? found : null;
}

/** The case, if any clinician of its hub may see its police and shared parts. */
export async function caseForHubClinician(
  db: Executor,
  principal: Principal,
  caseId: string,
): Promise<CaseFacts | null> {
  const found = await loadCase(db, caseId);
  return found && isClinicianOf(principal, found.hubId) ? found : null;
}

/** The case, if the user is the case officer who requested it (never another's). */
export async function caseForRequestingOfficer(
  db: Executor,
  userId: string,
  caseId: string,
  options: { forUpdate?: boolean } = {},
): Promise<CaseFacts | null> {
  const found = await loadCase(db, caseId, options);
  return found && found.requestedBy === userId ? found : null;
}

/** The case, if it belongs to one of the police lead's hubs. */
export async function caseForPoliceLead(
  db: Executor,
  hubIds: readonly string[],
  caseId: string,
): Promise<CaseFacts | null> {
  const found = await loadCase(db, caseId);
  return found && hubIds.includes(found.hubId) ? found : null;
}

/** The case for a hub lead deciding a closure in one of their hubs. */
export async function caseForHubLead(
  db: Executor,
  principal: Principal,
  caseId: string,
  options: { forUpdate?: boolean } = {},
): Promise<CaseFacts | null> {
  const found = await loadCase(db, caseId, options);
  return found && isHubLeadOf(principal, found.hubId) ? found : null;
}

/**
 * Moves the case one step, through the state machine, against the version the user's form
 * was opened on: a stale form or an impossible step changes nothing.
 */
export async function stepCase(
  trx: Transaction<DB>,
  facts: CaseFacts,
  action: CaseAction,
  formVersion: number,
  extra: { closedAt?: Date } = {},
): Promise<{ ok: true; next: CaseState } | { ok: false; change: CaseChange<never> }> {
  if (facts.version !== formVersion) return { ok: false, change: { kind: 'stale' } };
  const step = transition(facts.status, action);
  if (!step.ok) return { ok: false, change: { kind: 'refused', reason: step.reason } };
  const updated = await trx
    .updateTable('cases')
    .set({
      status: step.next as never,
      version: facts.version + 1,
      ...(extra.closedAt ? { closed_at: extra.closedAt } : {}),
    })
    .where('id', '=', facts.id)
    .where('version', '=', formVersion)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) return { ok: false, change: { kind: 'stale' } };
  return { ok: true, next: step.next };
}

/** The audit row for an id that led nowhere: another hub's case, or not the user's. */
export async function recordCaseDenied(
  db: Executor,
  clock: Clock,
  actor: AuditActor,
  caseId: string,
): Promise<void> {
  await recordAudit(db, clock, actor, {
    action: 'denial',
    subjectType: 'case',
    subjectId: caseId,
    outcome: 'denied',
  });
}
