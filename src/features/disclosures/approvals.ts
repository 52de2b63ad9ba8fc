import { openCaseTo } from '../../access/case-context.ts';
import { approvalRefusal, type DisclosureStatus } from '../../domain/disclosures.ts';
import { hubsGranting } from '../../domain/permissions.ts';
import type { Clock } from '../../domain/clock.ts';
import { recordAudit } from '../audit/record.ts';
import { isFreshlyConfirmed } from '../auth/step-up.ts';
import type { SubmitResult } from './decisions.ts';
import {
  loadDisclosure,
  type Acting,
  type DisclosureDeps,
  type DisclosureRecord,
  type Executor,
} from './records.ts';
import { release } from './release.ts';

export interface ApprovalQueueItem {
  disclosureId: string;
  caseId: string;
  reference: string;
  decidedByName: string;
  decidedAt: Date;
  ownDecision: boolean;
}

/** Decisions waiting for approval in the hubs the user is hub lead of, oldest first; audited. */
export async function approvalQueue(
  { db, clock }: DisclosureDeps,
  { actor, principal }: Acting,
): Promise<ApprovalQueueItem[]> {
  const hubs = hubsGranting(principal.assignments, 'disclosure.approve');
  if (hubs.length === 0) return [];
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('disclosures')
      .innerJoin('cases', 'cases.id', 'disclosures.case_id')
      .innerJoin('users', 'users.id', 'disclosures.decided_by')
      .select([
        'disclosures.id',
        'disclosures.case_id',
        'cases.reference',
        'users.name',
        'disclosures.decided_by',
        'disclosures.decided_at',
      ])
      .where('disclosures.status', '=', 'awaiting_approval')
      // The case's hub: the approver must lead the hub the case is in now.
      .where('cases.hub_id', 'in', hubs)
      .orderBy('disclosures.decided_at')
      .limit(200)
      .execute();
    await recordAudit(trx, clock, actor, {
      action: 'consultation',
      subjectType: 'disclosure_approvals',
      detail: { disclosureIds: rows.map((r) => r.id) },
    });
    return rows.map((r) => ({
      disclosureId: r.id,
      caseId: r.case_id,
      reference: r.reference,
      decidedByName: r.name,
      decidedAt: r.decided_at!,
      ownDecision: r.decided_by === principal.userId,
    }));
  });
}

/**
 * A submitted decision, if the user may approve disclosures on its case (hub lead of the
 * case's hub, by the access core); otherwise null, with a denial in the audit log.
 */
async function decisionToApprove(
  trx: Executor,
  clock: Clock,
  { actor, principal }: Acting,
  disclosureId: string,
): Promise<DisclosureRecord | null> {
  const record = await loadDisclosure(trx, disclosureId);
  const opened =
    record && record.status !== 'draft'
      ? await openCaseTo(trx, principal, record.caseId, 'approveDisclosure')
      : null;
  if (record && opened) return record;
  await recordAudit(trx, clock, actor, {
    action: 'denial',
    subjectType: 'disclosure',
    subjectId: disclosureId,
    outcome: 'denied',
  });
  return null;
}

/** A decision for the hub lead of its case's hub to approve or refuse; audited. */
export async function readForApproval(
  { db, clock }: DisclosureDeps,
  acting: Acting & { disclosureId: string },
): Promise<DisclosureRecord | null> {
  return db.transaction().execute(async (trx) => {
    const record = await decisionToApprove(trx, clock, acting, acting.disclosureId);
    if (!record) return null;
    await recordAudit(
      trx,
      clock,
      { ...acting.actor, hubId: record.hubId },
      {
        action: 'consultation',
        subjectType: 'disclosure',
        subjectId: record.id,
        personId: record.personId,
        detail: { caseId: record.caseId, page: 'approval' },
      },
    );
    return record;
  });
}

export type ApprovalDecision =
  { kind: 'approve'; version: number } | { kind: 'refuse'; version: number; reason: string };

export interface ApprovalRequest extends Acting {
  disclosureId: string;
  decision: ApprovalDecision;
  /** When the user last confirmed a second factor in this session. */
  stepUpAt: Date | null;
}

/**
 * The hub lead (as Caldicott delegate) approves or refuses a decision waiting for them, with a
 * fresh second factor. Never their own decision. Approval makes it take effect.
 */
export async function decideApproval(
  { db, clock }: DisclosureDeps,
  request: ApprovalRequest,
): Promise<SubmitResult> {
  const { actor, principal, decision, stepUpAt } = request;
  return db.transaction().execute(async (trx) => {
    const record = await decisionToApprove(trx, clock, request, request.disclosureId);
    if (!record) return { kind: 'not_found' };
    const own = approvalRefusal(record.decidedBy!, principal.userId);
    if (own) return { kind: 'refused', reason: own };
    if (record.status !== 'awaiting_approval' || record.version !== decision.version) {
      return { kind: 'stale' };
    }
    const now = clock.now();
    if (!isFreshlyConfirmed(stepUpAt, now)) return { kind: 'step_up' };
    const approve = decision.kind === 'approve';
    const status: DisclosureStatus = approve ? 'in_effect' : 'refused';
    const updated = await trx
      .updateTable('disclosures')
      .set({
        status,
        ...(approve
          ? {
              approved_by: principal.userId,
              approved_at: now,
              approver_step_up_at: stepUpAt,
              effective_at: now,
            }
          : { refused_by: principal.userId, refused_at: now, refusal_reason: decision.reason }),
        updated_at: now,
        version: record.version + 1,
      })
      .where('id', '=', record.id)
      .where('status', '=', 'awaiting_approval')
      .where('version', '=', decision.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return { kind: 'stale' };
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: record.hubId },
      {
        action: 'alteration',
        subjectType: 'disclosure',
        subjectId: record.id,
        personId: record.personId,
        reason: approve ? null : decision.reason,
        detail: { caseId: record.caseId, decision: decision.kind, status },
      },
    );
    if (approve) {
      await release(trx, {
        clock,
        actor,
        record,
        now,
        version: record.version + 1,
        decidedBy: record.decidedBy!,
        approvedBy: principal.userId,
      });
    }
    return { kind: 'done', value: { status } };
  });
}
