import type { CaseHeader } from '../../access/case-context.ts';
import { recordCaseDenied } from '../../access/case-step.ts';
import { needsApproval, type DisclosureStatus } from '../../domain/disclosures.ts';
import type { Change } from '../../domain/result.ts';
import { recordAudit } from '../audit/record.ts';
import { isFreshlyConfirmed } from '../auth/step-up.ts';
import {
  openDecision,
  recipientIds,
  type Acting,
  type DisclosureDeps,
  type DisclosureRecord,
  type DisclosureTarget,
} from './records.ts';
import { release } from './release.ts';
import { notify } from '../notifications/notify.ts';

export const NOT_FRESH =
  'Confirm a new security code before you submit a disclosure without consent.';

/** A decision of a case this user may record disclosures on; audited as a read. */
export async function readDisclosure(
  { db, clock }: DisclosureDeps,
  { actor, principal, target }: Acting & { target: DisclosureTarget },
): Promise<{ header: CaseHeader; record: DisclosureRecord } | null> {
  return db.transaction().execute(async (trx) => {
    const found = await openDecision(trx, principal, target);
    if (!found) {
      await recordCaseDenied(trx, clock, actor, target.caseId);
      return null;
    }
    const { header } = found.opened;
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: header.hubId },
      {
        action: 'consultation',
        subjectType: 'disclosure',
        subjectId: found.record.id,
        personId: header.personId,
        detail: { caseId: header.id },
      },
    );
    return { header, record: found.record };
  });
}

export type SubmitResult = Change<{ status: DisclosureStatus }> | { kind: 'step_up' };

export interface SubmitRequest extends Acting {
  target: DisclosureTarget & { version: number };
  /** When the user last confirmed a second factor in this session. */
  stepUpAt: Date | null;
}

/**
 * The decider submits the draft. With consent, or from police to health, it takes effect at
 * once; health to police without consent waits for the hub lead and needs the decider's fresh
 * second factor now (`stepUpAt` is when they last confirmed one in this session).
 */
export async function submitDisclosure(
  { db, clock }: DisclosureDeps,
  { actor, principal, target, stepUpAt }: SubmitRequest,
): Promise<SubmitResult> {
  return db.transaction().execute(async (trx) => {
    const found = await openDecision(trx, principal, target, {
      forUpdate: target.direction !== 'police_to_health',
    });
    if (!found) {
      await recordCaseDenied(trx, clock, actor, target.caseId);
      return { kind: 'not_found' };
    }
    const { record } = found;
    const { header } = found.opened;
    if (record.status !== 'draft' || record.version !== target.version) return { kind: 'stale' };
    if (!record.consent || !record.legalBasis) {
      return { kind: 'refused', reason: 'Answer every question before you submit.' };
    }
    if (record.items.length === 0 && !record.summary) {
      return { kind: 'refused', reason: 'Choose what to release before you submit.' };
    }
    const approval = needsApproval(record.direction, record.consent);
    const now = clock.now();
    if (approval && !isFreshlyConfirmed(stepUpAt, now)) return { kind: 'step_up' };
    const status: DisclosureStatus = approval ? 'awaiting_approval' : 'in_effect';
    const updated = await trx
      .updateTable('disclosures')
      .set({
        status,
        needs_approval: approval,
        decided_by: principal.userId,
        decided_at: now,
        decider_step_up_at: approval ? stepUpAt : null,
        effective_at: approval ? null : now,
        updated_at: now,
        version: record.version + 1,
      })
      .where('id', '=', record.id)
      .where('status', '=', 'draft')
      .where('version', '=', target.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return { kind: 'stale' };
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: header.hubId },
      {
        action: 'alteration',
        subjectType: 'disclosure',
        subjectId: record.id,
        personId: header.personId,
        detail: { caseId: header.id, status, needsApproval: approval },
      },
    );
    if (approval) {
      await notify(trx, clock, {
        kind: 'disclosure_approval',
        caseId: header.id,
        path: `/disclosures/approvals/${record.id}`,
        actorId: principal.userId,
      });
    }
    if (!approval) {
      await release(trx, {
        clock,
        actor,
        record,
        now,
        version: record.version + 1,
        decidedBy: principal.userId,
        approvedBy: null,
      });
    }
    return { kind: 'done', value: { status } };
  });
}

export interface WithdrawRequest extends Acting {
  target: DisclosureTarget & { version: number };
  reason: string;
}

/**
 * Withdraws a decision in effect, with a reason: the copies stay (they are the record of what
 * was released) but recipients then see only that it was withdrawn, and when. The same people
 * who may record a disclosure of the direction may withdraw one.
 */
export async function withdrawDisclosure(
  { db, clock }: DisclosureDeps,
  { actor, principal, target, reason }: WithdrawRequest,
): Promise<Change<null>> {
  return db.transaction().execute(async (trx) => {
    const found = await openDecision(trx, principal, target);
    if (!found) {
      await recordCaseDenied(trx, clock, actor, target.caseId);
      return { kind: 'not_found' };
    }
    const { record } = found;
    const { header } = found.opened;
    if (record.status !== 'in_effect' || record.version !== target.version) {
      return { kind: 'stale' };
    }
    const now = clock.now();
    const updated = await trx
      .updateTable('disclosures')
      .set({
        status: 'withdrawn',
        withdrawn_by: principal.userId,
        withdrawn_at: now,
        withdrawal_reason: reason,
        updated_at: now,
        version: record.version + 1,
      })
      .where('id', '=', record.id)
      .where('status', '=', 'in_effect')
      .where('version', '=', target.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return { kind: 'stale' };
    // The copies keep their text as the record of what was released; recipients stop seeing it.
    await trx
      .updateTable('released_items')
      .set({ withdrawn_at: now })
      .where('disclosure_id', '=', record.id)
      .where('withdrawn_at', 'is', null)
      .execute();
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: header.hubId },
      {
        action: 'alteration',
        subjectType: 'disclosure',
        subjectId: record.id,
        personId: header.personId,
        reason,
        detail: { caseId: header.id, status: 'withdrawn', recipients: recipientIds(record) },
      },
    );
    return { kind: 'done', value: null };
  });
}
