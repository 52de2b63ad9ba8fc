import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { AWAITING_CLOSURE_APPROVAL } from '../../domain/case-state.ts';
import type { Clock } from '../../domain/clock.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import { adviceCount, adviceOf, type AdviceItem } from '../advice/service.ts';
import { openCaseTo, type CaseHeader, type OpenedCase } from '../../access/case-context.ts';
import { recordCaseDenied, stepCase } from '../../access/case-step.ts';
import { hubsGranting } from '../../domain/permissions.ts';
import type { Change } from '../../domain/result.ts';
import type { ClosureRequestInput } from './form.ts';
import { notify } from '../notifications/notify.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export const ADVICE_FIRST =
  'Give advice to the case officer before closing an advice-only consultation.';
export const NOT_YOUR_OWN =
  'You requested this closure, so another hub lead must approve it. You can send it back instead.';

/** What the closure services need, built once in app.ts. */
export interface ClosureDeps {
  db: Kysely<DB>;
  clock: Clock;
}

/** Who is acting, for the services that change a case. */
export interface Acting {
  actor: AuditActor;
  principal: Principal;
}

/**
 * The closure form of a case the viewer may advise in (the access core's `advise`: allocated,
 * the hub lead, or any clinician of the hub in an advice-only consultation), and whether
 * closing it now would be refused; audited.
 */
export async function closureForm(
  { db, clock }: ClosureDeps,
  actor: AuditActor,
  opened: OpenedCase,
): Promise<{ header: CaseHeader; blocked: string | null }> {
  const { header } = opened;
  return db.transaction().execute(async (trx) => {
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: header.hubId },
      {
        action: 'consultation',
        subjectType: 'case',
        subjectId: header.id,
        personId: header.personId,
        detail: { page: 'closure_form' },
      },
    );
    return { header, blocked: await closureBlocked(trx, header) };
  });
}

async function closureBlocked(db: Executor, header: CaseHeader): Promise<string | null> {
  if (header.status === 'advice_only' && (await adviceCount(db, header.id)) === 0) {
    return ADVICE_FIRST;
  }
  return null;
}

/** An allocated clinician (or the hub lead) asks the hub lead to close the case. */
export async function requestClosure(
  { db, clock }: ClosureDeps,
  { actor, principal }: Acting,
  caseId: string,
  input: ClosureRequestInput & { version: number },
): Promise<Change<{ closureRequestId: string }>> {
  return db.transaction().execute(async (trx) => {
    const opened = await openCaseTo(trx, principal, caseId, {
      capability: 'advise',
      forUpdate: true,
    });
    if (!opened) {
      await recordCaseDenied(trx, clock, actor, caseId);
      return { kind: 'not_found' };
    }
    const facts = opened.header;
    if (facts.version === input.version) {
      const blocked = await closureBlocked(trx, facts);
      if (blocked) return { kind: 'refused', reason: blocked };
    }
    const step = await stepCase(trx, facts, {
      action: 'request_closure',
      formVersion: input.version,
    });
    if (!step.ok) return step.change;
    const created = await trx
      .insertInto('closure_requests')
      .values({
        case_id: facts.id,
        requested_by: principal.userId,
        requested_at: clock.now(),
        outcome: input.outcome,
        summary: input.summary,
        closing_notes: input.closingNotes,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: facts.hubId },
      {
        action: 'collection',
        subjectType: 'closure_request',
        subjectId: created.id,
        personId: facts.personId,
        detail: { caseId: facts.id, outcome: input.outcome, status: step.next },
      },
    );
    await notify(trx, clock, {
      kind: 'closure_approval',
      caseId: facts.id,
      path: `/closures/${facts.id}`,
      actorId: principal.userId,
    });
    return { kind: 'done', value: { closureRequestId: created.id } };
  });
}

export interface QueueItem {
  caseId: string;
  reference: string;
  personName: string;
  outcome: string;
  requestedByName: string;
  requestedAt: Date;
  ownRequest: boolean;
}

/** Closures waiting for approval in the hub lead's hubs, oldest first; audited. */
export async function closureQueue(
  { db, clock }: ClosureDeps,
  { actor, principal }: Acting,
): Promise<QueueItem[]> {
  // Only the hubs where they are hub lead: a clinician elsewhere approves nothing there.
  const hubIds = hubsGranting(principal.assignments, 'closure.approve');
  if (hubIds.length === 0) return [];
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('closure_requests')
      .innerJoin('cases', 'cases.id', 'closure_requests.case_id')
      .innerJoin('people', 'people.id', 'cases.person_id')
      .innerJoin('users', 'users.id', 'closure_requests.requested_by')
      .select([
        'cases.id as case_id',
        'cases.reference',
        'people.given_name',
        'people.family_name',
        'closure_requests.outcome',
        'closure_requests.requested_by',
        'closure_requests.requested_at',
        'users.name as requested_by_name',
      ])
      .where('closure_requests.decision', '=', 'pending')
      .where('cases.hub_id', 'in', hubIds)
      .where('cases.status', 'in', AWAITING_CLOSURE_APPROVAL as never[])
      .orderBy('closure_requests.requested_at')
      .limit(200)
      .execute();
    await recordAudit(trx, clock, actor, {
      action: 'consultation',
      subjectType: 'closure_queue',
      detail: { caseIds: rows.map((r) => r.case_id) },
    });
    return rows.map((r) => ({
      caseId: r.case_id,
      reference: r.reference,
      personName: `${r.given_name} ${r.family_name}`,
      outcome: r.outcome,
      requestedByName: r.requested_by_name,
      requestedAt: r.requested_at,
      ownRequest: r.requested_by === principal.userId,
    }));
  });
}

export interface PendingClosure {
  header: CaseHeader;
  outcome: string;
  summary: string;
  closingNotes: string;
  requestedByName: string;
  requestedAt: Date;
  ownRequest: boolean;
  advice: AdviceItem[];
}

async function pendingRequest(db: Executor, caseId: string) {
  return db
    .selectFrom('closure_requests')
    .innerJoin('users', 'users.id', 'closure_requests.requested_by')
    .selectAll('closure_requests')
    .select('users.name as requested_by_name')
    .where('closure_requests.case_id', '=', caseId)
    .where('closure_requests.decision', '=', 'pending')
    .executeTakeFirst();
}

/**
 * A closure request for the hub lead to decide (the access core's `approveClosure`), with the
 * case's advice; audited. None pending: null, audited as a denial.
 */
export async function readPendingClosure(
  { db, clock }: ClosureDeps,
  { actor, principal }: Acting,
  opened: OpenedCase,
): Promise<PendingClosure | null> {
  const facts = opened.header;
  const caseId = facts.id;
  return db.transaction().execute(async (trx) => {
    const pending = await pendingRequest(trx, caseId);
    if (!pending) {
      await recordCaseDenied(trx, clock, actor, caseId);
      return null;
    }
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: facts.hubId },
      {
        action: 'consultation',
        subjectType: 'closure_request',
        subjectId: pending.id,
        personId: facts.personId,
      },
    );
    return {
      header: facts,
      outcome: pending.outcome,
      summary: pending.summary,
      closingNotes: pending.closing_notes,
      requestedByName: pending.requested_by_name,
      requestedAt: pending.requested_at,
      ownRequest: pending.requested_by === principal.userId,
      advice: await adviceOf(trx, caseId),
    };
  });
}

/**
 * The hub lead decides a closure request: approval closes the case and copies the summary
 * into the shared compartment for the case officer; return sends it back with a reason.
 */
export async function decideClosure(
  { db, clock }: ClosureDeps,
  { actor, principal }: Acting,
  caseId: string,
  decision:
    { kind: 'approve'; version: number } | { kind: 'return'; version: number; reason: string },
): Promise<Change<null>> {
  return db.transaction().execute(async (trx) => {
    const opened = await openCaseTo(trx, principal, caseId, {
      capability: 'approveClosure',
      forUpdate: true,
    });
    if (!opened) {
      await recordCaseDenied(trx, clock, actor, caseId);
      return { kind: 'not_found' };
    }
    const facts = opened.header;
    const pending = await pendingRequest(trx, caseId);
    if (pending && decision.kind === 'approve' && pending.requested_by === principal.userId) {
      return { kind: 'refused', reason: NOT_YOUR_OWN };
    }
    const now = clock.now();
    const step = await stepCase(trx, facts, {
      action: decision.kind === 'approve' ? 'approve_closure' : 'return_closure',
      formVersion: decision.version,
      ...(decision.kind === 'approve' ? { closedAt: now } : {}),
    });
    if (!step.ok) return step.change;
    if (!pending) throw new Error('a case awaiting closure approval has no pending request');
    await trx
      .updateTable('closure_requests')
      .set({
        decision: decision.kind === 'approve' ? 'approved' : 'returned',
        decided_by: principal.userId,
        decided_at: now,
        return_reason: decision.kind === 'return' ? decision.reason : null,
      })
      .where('id', '=', pending.id)
      .execute();
    if (decision.kind === 'approve') {
      const summary = {
        closure_request_id: pending.id,
        outcome: pending.outcome,
        summary: pending.summary,
        approved_by: principal.userId,
        approved_at: now,
      };
      // A reopened case closing again (issue 15): the officer reads the latest summary; the
      // earlier one stays on its approved closure request and the reopening's record.
      await trx
        .insertInto('closure_summaries')
        .values({ case_id: facts.id, ...summary })
        .onConflict((oc) => oc.column('case_id').doUpdateSet(summary))
        .execute();
    }
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: facts.hubId },
      {
        action: 'alteration',
        subjectType: 'closure_request',
        subjectId: pending.id,
        personId: facts.personId,
        detail: { caseId: facts.id, decision: decision.kind, status: step.next },
      },
    );
    if (decision.kind === 'approve') {
      await notify(trx, clock, {
        kind: 'closure_summary',
        caseId: facts.id,
        path: `/requests/${facts.id}`,
        actorId: principal.userId,
      });
    }
    return { kind: 'done', value: null };
  });
}
