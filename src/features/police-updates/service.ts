import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import { openCaseTo, type CaseHeader } from '../../access/case-context.ts';
import { recordCaseDenied, stepCase } from '../../access/case-step.ts';
import { firstSubmission, recordSubmission } from '../../access/form-submissions.ts';
import type { Change } from '../../domain/result.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export interface PoliceUpdate {
  id: string;
  body: string;
  authorName: string;
  createdAt: Date;
}

/** A case's police updates, newest first (police compartment). */
export async function policeUpdatesOf(db: Executor, caseId: string): Promise<PoliceUpdate[]> {
  const rows = await db
    .selectFrom('police_updates')
    .innerJoin('users', 'users.id', 'police_updates.author_id')
    .select([
      'police_updates.id',
      'police_updates.body',
      'police_updates.created_at',
      'users.name as author_name',
    ])
    .where('police_updates.case_id', '=', caseId)
    .orderBy('police_updates.created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    body: r.body,
    authorName: r.author_name,
    createdAt: r.created_at,
  }));
}

/** What the police update services need, built once in app.ts. */
export interface PoliceUpdateDeps {
  db: Kysely<DB>;
  clock: Clock;
}

/** The update form was opened on the officer's own request: audited. */
export async function auditUpdateForm(
  { db, clock }: PoliceUpdateDeps,
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
      detail: { page: 'police_update_form' },
    },
  );
}

/** The requesting officer adds an update to their own request (never another's). */
export async function addPoliceUpdate(
  { db, clock }: PoliceUpdateDeps,
  given: {
    actor: AuditActor;
    principal: Principal;
    caseId: string;
    input: { body: string; version: number; formToken?: string | null };
  },
): Promise<Change<{ updateId: string }>> {
  const { actor, principal, caseId, input } = given;
  return db.transaction().execute(async (trx) => {
    const opened = await openCaseTo(trx, principal, caseId, {
      capability: 'addPoliceUpdate',
      forUpdate: true,
    });
    if (!opened) {
      await recordCaseDenied(trx, clock, actor, caseId);
      return { kind: 'not_found' };
    }
    const { header } = opened;
    const submission = {
      token: input.formToken ?? null,
      userId: principal.userId,
      caseId: header.id,
      kind: 'police_update' as const,
    };
    const first = await firstSubmission(trx, submission);
    if (first) return { kind: 'done', value: { updateId: first } };
    const step = await stepCase(trx, header, {
      action: 'add_police_update',
      formVersion: input.version,
    });
    if (!step.ok) return step.change;
    const created = await trx
      .insertInto('police_updates')
      .values({
        case_id: header.id,
        author_id: principal.userId,
        body: input.body,
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
        subjectType: 'police_update',
        subjectId: created.id,
        personId: header.personId,
        detail: { caseId: header.id },
      },
    );
    await recordSubmission(trx, clock, { ...submission, recordId: created.id });
    return { kind: 'done', value: { updateId: created.id } };
  });
}

/** The police updates of a case the access core let the viewer read police content of; audited. */
export async function readPoliceUpdates(
  { db, clock }: PoliceUpdateDeps,
  actor: AuditActor,
  header: CaseHeader,
): Promise<{ header: CaseHeader; updates: PoliceUpdate[] }> {
  return db.transaction().execute(async (trx) => {
    const updates = await policeUpdatesOf(trx, header.id);
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: header.hubId },
      {
        action: 'consultation',
        subjectType: 'police_updates',
        subjectId: header.id,
        personId: header.personId,
        detail: { count: updates.length },
      },
    );
    return { header, updates };
  });
}
