import type { Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { transition, type CaseAction, type CaseState } from '../domain/case-state.ts';
import type { Clock } from '../domain/clock.ts';
import type { Change } from '../domain/result.ts';
import { recordAudit, type AuditActor } from '../features/audit/record.ts';
import type { Kysely } from 'kysely';
import type { CaseHeader } from './case-context.ts';

/**
 * Moves the case one step, through the state machine, against the version the user's form
 * was opened on: a stale form or an impossible step changes nothing. Open the case with
 * `openCaseTo(trx, principal, id, { capability, forUpdate: true })` first.
 */
export async function stepCase(
  trx: Transaction<DB>,
  header: Pick<CaseHeader, 'id' | 'status' | 'version'>,
  step: { action: CaseAction; formVersion: number; closedAt?: Date },
): Promise<{ ok: true; next: CaseState } | { ok: false; change: Change<never> }> {
  if (header.version !== step.formVersion) return { ok: false, change: { kind: 'stale' } };
  const moved = transition(header.status, step.action);
  if (!moved.ok) return { ok: false, change: { kind: 'refused', reason: moved.reason } };
  const updated = await trx
    .updateTable('cases')
    .set({
      status: moved.next as never,
      version: header.version + 1,
      ...(step.closedAt ? { closed_at: step.closedAt } : {}),
    })
    .where('id', '=', header.id)
    .where('version', '=', step.formVersion)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) return { ok: false, change: { kind: 'stale' } };
  return { ok: true, next: moved.next };
}

/** The audit row for a case id that led nowhere: another hub's case, or not the user's. */
export async function recordCaseDenied(
  db: Kysely<DB> | Transaction<DB>,
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
