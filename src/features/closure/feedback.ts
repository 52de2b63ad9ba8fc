import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import { adviceOf, type AdviceItem } from '../advice/service.ts';
import { openCaseTo, type CaseHeader } from '../../access/case-context.ts';
import { recordCaseDenied } from '../../access/case-step.ts';
import type { Change } from '../../domain/result.ts';
import type { Acting, ClosureDeps } from './service.ts';
import type { FeedbackInput } from './form.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export const NOT_CLOSED_YET = 'You can answer this question once the hub has closed the case.';
export const ALREADY_ANSWERED = 'You have already answered the feedback question for this case.';

export interface ClosureSummary {
  outcome: string;
  summary: string;
  approvedAt: Date;
}

/**
 * What the hub shared with the requesting officer: advice and the approved closure summary.
 * Reads only the shared tables `advice` and `closure_summaries`, never the health compartment.
 */
export async function sharedPartOf(
  db: Executor,
  caseId: string,
): Promise<{ advice: AdviceItem[]; closureSummary: ClosureSummary | null }> {
  const summary = await closureSummaryQuery(db, caseId).executeTakeFirst();
  return { advice: await adviceOf(db, caseId), closureSummary: closureSummaryFrom(summary) };
}

/** The approved closure summary of the case (the query, for reading with others). */
export const closureSummaryQuery = (db: Executor, caseId: string) =>
  db
    .selectFrom('closure_summaries')
    .select(['outcome', 'summary', 'approved_at'])
    .where('case_id', '=', caseId);

export const closureSummaryFrom = (
  row: { outcome: string; summary: string; approved_at: Date } | undefined,
): ClosureSummary | null =>
  row ? { outcome: row.outcome, summary: row.summary, approvedAt: row.approved_at } : null;

export interface FeedbackGiven {
  confidence: number;
  comment: string | null;
  answeredAt: Date;
}

/** The officer's answer to the feedback question, if given (police table `closure_feedback`). */
export async function feedbackOf(db: Executor, caseId: string): Promise<FeedbackGiven | null> {
  const row = await feedbackQuery(db, caseId).executeTakeFirst();
  return row
    ? { confidence: row.confidence, comment: row.comment, answeredAt: row.answered_at }
    : null;
}

/** The officer's answer (the query, for reading with others). */
export const feedbackQuery = (db: Executor, caseId: string) =>
  db
    .selectFrom('closure_feedback')
    .select(['confidence', 'comment', 'answered_at'])
    .where('case_id', '=', caseId);

/**
 * The officer's own request (the access core's `followRequest`) with its shared part and their
 * answer if given; audited.
 */
export async function readClosedRequest(
  { db, clock }: ClosureDeps,
  actor: AuditActor,
  facts: CaseHeader,
): Promise<{
  header: CaseHeader;
  closureSummary: ClosureSummary | null;
  advice: AdviceItem[];
  feedback: FeedbackGiven | null;
}> {
  const caseId = facts.id;
  return db.transaction().execute(async (trx) => {
    const shared = await sharedPartOf(trx, caseId);
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: facts.hubId },
      {
        action: 'consultation',
        subjectType: 'closure_summary',
        subjectId: facts.id,
        personId: facts.personId,
      },
    );
    return { header: facts, ...shared, feedback: await feedbackOf(trx, caseId) };
  });
}

/** The requesting officer answers the confidence question, once, after closure. */
export async function giveFeedback(
  { db, clock }: ClosureDeps,
  { actor, principal }: Acting,
  caseId: string,
  input: FeedbackInput,
): Promise<Change<null>> {
  const userId = principal.userId;
  return db.transaction().execute(async (trx) => {
    // The case row lock queues a double submit behind the first, which then finds the answer.
    const opened = await openCaseTo(trx, principal, caseId, {
      capability: 'giveFeedback',
      forUpdate: true,
    });
    if (!opened) {
      await recordCaseDenied(trx, clock, actor, caseId);
      return { kind: 'not_found' };
    }
    const facts = opened.header;
    if (facts.status !== 'closed') return { kind: 'refused', reason: NOT_CLOSED_YET };
    if (await feedbackOf(trx, caseId)) return { kind: 'refused', reason: ALREADY_ANSWERED };
    await trx
      .insertInto('closure_feedback')
      .values({
        case_id: facts.id,
        officer_id: userId,
        confidence: input.confidence,
        comment: input.comment,
        answered_at: clock.now(),
      })
      .execute();
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: facts.hubId },
      {
        action: 'collection',
        subjectType: 'closure_feedback',
        subjectId: facts.id,
        personId: facts.personId,
        detail: { confidence: input.confidence },
      },
    );
    return { kind: 'done', value: null };
  });
}
