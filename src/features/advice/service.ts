import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import {
  caseForClinician,
  caseForHubClinician,
  recordCaseDenied,
  stepCase,
  type CaseChange,
  type CaseFacts,
} from '../closure/case-access.ts';
import type { AdviceInput, AdviceKind } from './form.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** One piece of advice as the case officer and the hub both read it (shared compartment). */
export interface AdviceItem {
  id: string;
  kind: AdviceKind;
  title: string | null;
  /** The advice; for a communication strategy, the approach. */
  body: string;
  /** A communication strategy's "what to avoid" and "who to involve" (optional). */
  avoid: string | null;
  involve: string | null;
  givenAt: string;
  authorName: string;
}

/** The advice of a case, oldest first. Selects only the shared `advice` table. */
export async function adviceOf(db: Executor, caseId: string): Promise<AdviceItem[]> {
  const rows = await db
    .selectFrom('advice')
    .innerJoin('users', 'users.id', 'advice.author_id')
    .select([
      'advice.id',
      'advice.kind',
      'advice.title',
      'advice.body',
      'advice.avoid',
      'advice.involve',
      'advice.given_at',
      'users.name as author_name',
    ])
    .where('advice.case_id', '=', caseId)
    .orderBy('advice.given_at')
    .orderBy('advice.created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    title: r.title,
    body: r.body,
    avoid: r.avoid,
    involve: r.involve,
    givenAt: r.given_at,
    authorName: r.author_name,
  }));
}

export async function adviceCount(db: Executor, caseId: string): Promise<number> {
  const row = await db
    .selectFrom('advice')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The case for the advice form, if this clinician may give advice in it; audited. */
export async function caseForAdviceForm(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  principal: Principal,
  caseId: string,
): Promise<CaseFacts | null> {
  return db.transaction().execute(async (trx) => {
    const found = await caseForClinician(trx, principal, caseId);
    if (!found) {
      await recordCaseDenied(trx, clock, actor, caseId);
      return null;
    }
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: found.hubId },
      {
        action: 'consultation',
        subjectType: 'case',
        subjectId: found.id,
        personId: found.personId,
        detail: { page: 'advice_form' },
      },
    );
    return found;
  });
}

/** The case and its advice, for any clinician of its hub (shared compartment); audited. */
export async function readCaseAdvice(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  principal: Principal,
  caseId: string,
): Promise<{ facts: CaseFacts; advice: AdviceItem[]; canWork: boolean } | null> {
  return db.transaction().execute(async (trx) => {
    const facts = await caseForHubClinician(trx, principal, caseId);
    if (!facts) {
      await recordCaseDenied(trx, clock, actor, caseId);
      return null;
    }
    const advice = await adviceOf(trx, caseId);
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: facts.hubId },
      {
        action: 'consultation',
        subjectType: 'advice',
        subjectId: facts.id,
        personId: facts.personId,
        detail: { count: advice.length },
      },
    );
    const canWork =
      facts.status !== 'closed' && (await caseForClinician(trx, principal, caseId)) !== null;
    return { facts, advice, canWork };
  });
}

/** Records advice to the case officer in an open case or an advice-only consultation. */
export async function giveAdvice(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  principal: Principal,
  caseId: string,
  input: AdviceInput & { version: number },
): Promise<CaseChange<{ adviceId: string }>> {
  return db.transaction().execute(async (trx) => {
    const facts = await caseForClinician(trx, principal, caseId, { forUpdate: true });
    if (!facts) {
      await recordCaseDenied(trx, clock, actor, caseId);
      return { kind: 'not_found' };
    }
    const step = await stepCase(trx, facts, 'give_advice', input.version);
    if (!step.ok) return step.change;
    const advice = await trx
      .insertInto('advice')
      .values({
        case_id: facts.id,
        author_id: principal.userId,
        kind: input.kind,
        title: input.title,
        body: input.body,
        avoid: input.avoid,
        involve: input.involve,
        given_at: input.givenAt,
        created_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: facts.hubId },
      {
        action: 'collection',
        subjectType: 'advice',
        subjectId: advice.id,
        personId: facts.personId,
        detail: { caseId: facts.id, kind: input.kind },
      },
    );
    return { kind: 'done', value: { adviceId: advice.id } };
  });
}
