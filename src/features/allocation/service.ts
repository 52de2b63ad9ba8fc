import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { transition, type CaseState } from '../../domain/case-state.ts';
import type { Clock } from '../../domain/clock.ts';
import { PROFESSION_LABELS, type Profession } from '../../domain/roles.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import { openCaseTo } from '../../access/case-context.ts';
import { stepCase } from '../../access/case-step.ts';
import { done, notFound, type Change } from '../../domain/result.ts';
import type { AllocationRole } from './tables.ts';
import { notify } from '../notifications/notify.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export interface HubClinician {
  id: string;
  name: string;
  profession: string;
}

/**
 * The active clinicians and hub leads OF THIS HUB (a role held in it, not elsewhere): who a
 * case of the hub may be allocated to.
 */
export async function hubClinicians(db: Executor, hubId: string): Promise<HubClinician[]> {
  const rows = await db
    .selectFrom('users')
    .select(['users.id', 'users.name', 'users.profession'])
    .where('users.status', '=', 'active')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('role_assignments')
          .select('role_assignments.user_id')
          .whereRef('role_assignments.user_id', '=', 'users.id')
          .where('role_assignments.hub_id', '=', hubId)
          .where('role_assignments.role', 'in', ['clinician', 'hub_lead']),
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

/** Who works the case now: the lead first (the query, for reading with others). */
export const currentAllocationsQuery = (db: Executor, caseId: string) =>
  db
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
    .orderBy('users.name');

export type AllocationRow = Awaited<
  ReturnType<ReturnType<typeof currentAllocationsQuery>['execute']>
>[number];

export const currentAllocationsFrom = (rows: AllocationRow[]): CurrentAllocation[] =>
  rows.map((r) => ({
    clinicianId: r.clinician_id,
    name: r.name,
    role: r.role,
    from: r.allocated_from,
  }));

/** Who works the case now: the lead first. */
export async function currentAllocations(
  db: Executor,
  caseId: string,
): Promise<CurrentAllocation[]> {
  return currentAllocationsFrom(await currentAllocationsQuery(db, caseId).execute());
}

/** An allocation not made: a change that did not happen, or a clinician not of the hub. */
export type AllocationResult =
  | Change<void>
  | { kind: 'not_a_hub_clinician' }
  | { kind: 'conflict'; refusal: string | null; now: AllocationNow };

export interface AllocationNow {
  status: CaseState;
  allocations: CurrentAllocation[];
}

/**
 * Allocates (or reallocates) a case: the current rows end and the new ones start, so the
 * history stays. One lead; others optional; all clinicians of the case's hub. Only a viewer
 * who may allocate on this case (the hub lead of its hub) finds it.
 */
export async function allocate(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: {
    principal: Principal;
    caseId: string;
    version: number;
    leadId: string;
    otherIds: string[];
  },
): Promise<AllocationResult> {
  const { principal } = input;
  return db.transaction().execute(async (trx): Promise<AllocationResult> => {
    const opened = await openCaseTo(trx, principal, input.caseId, {
      capability: 'allocate',
      forUpdate: true,
    });
    if (!opened) return notFound;
    const { header } = opened;
    const action = header.status === 'awaiting_allocation' ? 'allocate' : 'reallocate';
    const step = transition(header.status, action);
    if (header.version !== input.version || !step.ok) {
      return {
        kind: 'conflict',
        refusal: step.ok ? null : step.reason,
        now: { status: header.status, allocations: await currentAllocations(trx, header.id) },
      };
    }
    const eligible = new Set((await hubClinicians(trx, header.hubId)).map((c) => c.id));
    const others = [...new Set(input.otherIds)].filter((id) => id !== input.leadId);
    if (![input.leadId, ...others].every((id) => eligible.has(id))) {
      return { kind: 'not_a_hub_clinician' };
    }
    const now = clock.now();
    const stepped = await stepCase(trx, header, { action, formVersion: input.version });
    if (!stepped.ok) return stepped.change;
    const before = (await currentAllocations(trx, header.id)).map((a) => a.clinicianId);
    await trx
      .updateTable('allocations')
      .set({ allocated_to: now, ended_by: principal.userId })
      .where('case_id', '=', header.id)
      .where('allocated_to', 'is', null)
      .execute();
    await trx
      .insertInto('allocations')
      .values(
        [
          { clinicianId: input.leadId, role: 'lead' as const },
          ...others.map((id) => ({ clinicianId: id, role: 'other' as const })),
        ].map((a) => ({
          case_id: header.id,
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
      { ...actor, hubId: header.hubId },
      {
        action: action === 'allocate' ? 'collection' : 'alteration',
        subjectType: 'allocation',
        subjectId: header.id,
        personId: header.personId,
        detail: { action, lead: input.leadId, others },
      },
    );
    // Told: those allocated now who were not before.
    await notify(trx, clock, {
      kind: 'allocated',
      caseId: header.id,
      path: `/cases/${header.id}`,
      actorId: principal.userId,
      only: [input.leadId, ...others].filter((id) => !before.includes(id)),
    });
    return done(undefined);
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
