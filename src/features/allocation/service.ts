import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { transition, type CaseState } from '../../domain/case-state.ts';
import type { Clock } from '../../domain/clock.ts';
import { PROFESSION_LABELS, type Profession } from '../../domain/roles.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import { isUuid } from '../../web/ids.ts';
import { advanceCase } from '../cases/version.ts';
import type { AllocationRole } from './tables.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export interface HubClinician {
  id: string;
  name: string;
  profession: string;
}

/** The active clinicians and hub leads of a hub: who a case may be allocated to. */
export async function hubClinicians(db: Executor, hubId: string): Promise<HubClinician[]> {
  const rows = await db
    .selectFrom('users')
    .innerJoin('user_hubs', 'user_hubs.user_id', 'users.id')
    .select(['users.id', 'users.name', 'users.profession'])
    .where('user_hubs.hub_id', '=', hubId)
    .where('users.status', '=', 'active')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('user_roles')
          .select('user_roles.user_id')
          .whereRef('user_roles.user_id', '=', 'users.id')
          .where('user_roles.role', 'in', ['clinician', 'hub_lead']),
      ),
    )
    .orderBy('users.name')
    .orderBy('users.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    profession: r.profession ? (PROFESSION_LABELS[r.profession as Profession] ?? '') : '',
  }));
}

export interface CurrentAllocation {
  clinicianId: string;
  name: string;
  role: AllocationRole;
  from: Date;
}

/** Who works the case now: the lead first. */
export async function currentAllocations(
  db: Executor,
  caseId: string,
): Promise<CurrentAllocation[]> {
  const rows = await db
    .selectFrom('allocations')
    .innerJoin('users', 'users.id', 'allocations.clinician_id')
    .select([
      'allocations.clinician_id',
      'users.name',
      'allocations.role',
      'allocations.allocated_from',
    ])
    .where('allocations.case_id', '=', caseId)
    .where('allocations.allocated_to', 'is', null)
    .orderBy((eb) => eb.case().when('allocations.role', '=', 'lead').then(0).else(1).end())
    .orderBy('users.name')
    .execute();
  return rows.map((r) => ({
    clinicianId: r.clinician_id,
    name: r.name,
    role: r.role,
    from: r.allocated_from,
  }));
}

export type AllocationResult =
  | { outcome: 'allocated' }
  | { outcome: 'not_found' }
  | { outcome: 'not_a_hub_clinician' }
  | {
      outcome: 'conflict';
      refusal: string | null;
      now: { status: CaseState; allocations: CurrentAllocation[] };
    };

/**
 * Allocates (or reallocates) a case: the current rows end and the new ones start, so the
 * history stays. One lead; others optional; all clinicians of the case's hub.
 */
export async function allocate(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  principal: Principal,
  input: { caseId: string; version: number; leadId: string; otherIds: string[] },
): Promise<AllocationResult> {
  if (!isUuid(input.caseId) || principal.hubIds.length === 0) return { outcome: 'not_found' };
  return db.transaction().execute(async (trx): Promise<AllocationResult> => {
    const current = await trx
      .selectFrom('cases')
      .select(['id', 'status', 'version', 'hub_id', 'person_id'])
      .where('id', '=', input.caseId)
      .where('hub_id', 'in', principal.hubIds)
      .forUpdate()
      .executeTakeFirst();
    if (!current) return { outcome: 'not_found' };
    const action = current.status === 'awaiting_allocation' ? 'allocate' : 'reallocate';
    const step = transition(current.status, action);
    if (current.version !== input.version || !step.ok) {
      return {
        outcome: 'conflict',
        refusal: step.ok ? null : step.reason,
        now: { status: current.status, allocations: await currentAllocations(trx, current.id) },
      };
    }
    const eligible = new Set((await hubClinicians(trx, current.hub_id)).map((c) => c.id));
    const others = [...new Set(input.otherIds)].filter((id) => id !== input.leadId);
    if (![input.leadId, ...others].every((id) => eligible.has(id))) {
      return { outcome: 'not_a_hub_clinician' };
    }
    const now = clock.now();
    await advanceCase(trx, {
      caseId: current.id,
      expectedVersion: current.version,
      status: step.next,
    });
    await trx
      .updateTable('allocations')
      .set({ allocated_to: now, ended_by: principal.userId })
      .where('case_id', '=', current.id)
      .where('allocated_to', 'is', null)
      .execute();
    await trx
      .insertInto('allocations')
      .values(
        [
          { clinicianId: input.leadId, role: 'lead' as const },
          ...others.map((id) => ({ clinicianId: id, role: 'other' as const })),
        ].map((a) => ({
          case_id: current.id,
          clinician_id: a.clinicianId,
          role: a.role,
          allocated_from: now,
          allocated_by: principal.userId,
        })),
      )
      .execute();
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: current.hub_id },
      {
        action: action === 'allocate' ? 'collection' : 'alteration',
        subjectType: 'allocation',
        subjectId: current.id,
        personId: current.person_id,
        detail: { action, lead: input.leadId, others },
      },
    );
    return { outcome: 'allocated' };
  });
}

/** Every allocation of the case, current and ended, for the timeline. */
export async function allocationHistory(db: Executor, caseId: string) {
  return db
    .selectFrom('allocations')
    .innerJoin('users as clinician', 'clinician.id', 'allocations.clinician_id')
    .innerJoin('users as by', 'by.id', 'allocations.allocated_by')
    .select([
      'allocations.role',
      'allocations.allocated_from',
      'allocations.allocated_to',
      'clinician.name as clinician_name',
      'by.name as by_name',
    ])
    .where('allocations.case_id', '=', caseId)
    .orderBy('allocations.allocated_from')
    .execute();
}
