import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import { openCaseTo, type CaseHeader, type OpenedCase } from '../../access/case-context.ts';
import { recordCaseDenied, stepCase } from '../../access/case-step.ts';
import { firstSubmission, recordSubmission } from '../../access/form-submissions.ts';
import type { Change } from '../../domain/result.ts';
import type { AdviceInput, AdviceKind } from './form.ts';
import { notify } from '../notifications/notify.ts';

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
  return adviceFrom(await adviceQuery(db, caseId).execute());
}

/** The case's advice, oldest first (the query, for reading with others). */
export const adviceQuery = (db: Executor, caseId: string) =>
  db
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
    .orderBy('advice.created_at');

export type AdviceRow = Awaited<ReturnType<ReturnType<typeof adviceQuery>['execute']>>[number];

export function adviceFrom(rows: AdviceRow[]): AdviceItem[] {
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

/** What the advice services need: the database and the clock, built once in app.ts. */
export interface AdviceDeps {
  db: Kysely<DB>;
  clock: Clock;
}

/** The advice form was opened on a case the viewer may advise in: audited. */
export async function auditAdviceForm(
  { db, clock }: AdviceDeps,
  actor: AuditActor,
  header: CaseHeader,
): Promise<void> {
  await recordAudit(
    db,
    clock,
    { ...actor, hubId: header.hubId },
    {
      action: 'consultation',
      subjectType: 'case',
      subjectId: header.id,
      personId: header.personId,
      detail: { page: 'advice_form' },
    },
  );
}

/**
 * The case and its advice (shared compartment), for a viewer the access core let read the
 * shared part; audited. They may give more if they may advise and the case is not closed.
 */
export async function readCaseAdvice(
  { db, clock }: AdviceDeps,
  actor: AuditActor,
  opened: OpenedCase,
): Promise<{ header: CaseHeader; advice: AdviceItem[]; canWork: boolean }> {
  const { header } = opened;
  return db.transaction().execute(async (trx) => {
    const advice = await adviceOf(trx, header.id);
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: header.hubId },
      {
        action: 'consultation',
        subjectType: 'advice',
        subjectId: header.id,
        personId: header.personId,
        detail: { count: advice.length },
      },
    );
    return { header, advice, canWork: header.status !== 'closed' && opened.can.advise };
  });
}

/** Records advice to the case officer in an open case or an advice-only consultation. */
export async function giveAdvice(
  { db, clock }: AdviceDeps,
  given: {
    actor: AuditActor;
    principal: Principal;
    caseId: string;
    input: AdviceInput & { version: number; formToken: string | null };
  },
): Promise<Change<{ adviceId: string }>> {
  const { actor, principal, caseId, input } = given;
  return db.transaction().execute(async (trx) => {
    const opened = await openCaseTo(trx, principal, caseId, {
      capability: 'advise',
      forUpdate: true,
    });
    if (!opened) {
      await recordCaseDenied(trx, clock, actor, caseId);
      return { kind: 'not_found' };
    }
    const { header } = opened;
    const submission = {
      token: input.formToken,
      userId: principal.userId,
      caseId: header.id,
      kind: 'advice' as const,
    };
    const first = await firstSubmission(trx, submission);
    if (first) return { kind: 'done', value: { adviceId: first } };
    const step = await stepCase(trx, header, {
      action: 'give_advice',
      formVersion: input.version,
    });
    if (!step.ok) return step.change;
    const advice = await trx
      .insertInto('advice')
      .values({
        case_id: header.id,
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
      { ...actor, hubId: header.hubId },
      {
        action: 'collection',
        subjectType: 'advice',
        subjectId: advice.id,
        personId: header.personId,
        detail: { caseId: header.id, kind: input.kind },
      },
    );
    await notify(trx, clock, {
      kind: 'advice_given',
      caseId: header.id,
      path: `/requests/${header.id}`,
      actorId: principal.userId,
    });
    await recordSubmission(trx, clock, { ...submission, recordId: advice.id });
    return { kind: 'done', value: { adviceId: advice.id } };
  });
}
