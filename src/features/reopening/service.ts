import type { Kysely } from 'kysely';
import { openCaseTo, type OpenedCase } from '../../access/case-context.ts';
import { recordCaseDenied, stepCase } from '../../access/case-step.ts';
import type { DB } from '../../db/schema.ts';
import { transition } from '../../domain/case-state.ts';
import type { Clock } from '../../domain/clock.ts';
import { done, notFound, type Change } from '../../domain/result.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import { notify } from '../notifications/notify.ts';

export interface ReopenDeps {
  db: Kysely<DB>;
  clock: Clock;
}

export interface Acting {
  actor: AuditActor;
  principal: Principal;
}

/** The reopen form of a case: why it cannot be reopened now, if so; audited. */
export async function reopenForm(
  { db, clock }: ReopenDeps,
  actor: AuditActor,
  opened: OpenedCase,
): Promise<{ blocked: string | null }> {
  const { header } = opened;
  await recordAudit(
    db,
    clock,
    { ...actor, hubId: header.hubId },
    {
      action: 'consultation',
      subjectType: 'case',
      subjectId: header.id,
      personId: header.personId,
      detail: { page: 'reopen_form' },
    },
  );
  const step = transition(header.status, 'reopen');
  return { blocked: step.ok ? null : step.reason };
}

/**
 * The hub lead reopens a closed case with a reason (the access core's `approveClosure`). The
 * case moves to "reopened" and its closed date is cleared (it is open again); the earlier
 * closure stays: the approved closure request and summary are not touched, and the date it
 * closed and its outcome are kept on the reopening. The requesting officer is told.
 */
export async function reopenCase(
  { db, clock }: ReopenDeps,
  { actor, principal }: Acting,
  caseId: string,
  input: { reason: string; version: number },
): Promise<Change<{ reopeningId: string }>> {
  return db.transaction().execute(async (trx) => {
    const opened = await openCaseTo(trx, principal, caseId, {
      capability: 'approveClosure',
      forUpdate: true,
    });
    if (!opened) {
      await recordCaseDenied(trx, clock, actor, caseId);
      return notFound;
    }
    const facts = opened.header;
    const closedAt = facts.closedAt;
    const step = await stepCase(trx, facts, { action: 'reopen', formVersion: input.version });
    if (!step.ok) return step.change;
    if (!closedAt) throw new Error('a closed case has no closed date');
    await trx.updateTable('cases').set({ closed_at: null }).where('id', '=', facts.id).execute();
    const summary = await trx
      .selectFrom('closure_summaries')
      .select('outcome')
      .where('case_id', '=', facts.id)
      .executeTakeFirst();
    const now = clock.now();
    const row = await trx
      .insertInto('case_reopenings')
      .values({
        case_id: facts.id,
        reason: input.reason,
        closed_at: closedAt,
        closure_outcome: summary?.outcome ?? null,
        reopened_by: principal.userId,
        reopened_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: facts.hubId },
      {
        action: 'alteration',
        subjectType: 'case_reopening',
        subjectId: row.id,
        personId: facts.personId,
        detail: { caseId: facts.id, status: step.next },
      },
    );
    await notify(trx, clock, {
      kind: 'case_reopened',
      caseId: facts.id,
      path: `/requests/${facts.id}`,
      actorId: principal.userId,
    });
    return done({ reopeningId: row.id });
  });
}
