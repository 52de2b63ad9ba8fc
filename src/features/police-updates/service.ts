import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import {
  caseForHubClinician,
  caseForRequestingOfficer,
  recordCaseDenied,
  stepCase,
  type CaseChange,
  type CaseFacts,
} from '../closure/case-access.ts';

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

/** The officer's own request for the update form; audited. */
export async function caseForUpdateForm(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  userId: string,
  caseId: string,
): Promise<CaseFacts | null> {
  return db.transaction().execute(async (trx) => {
    const facts = await caseForRequestingOfficer(trx, userId, caseId);
    if (!facts) {
      await recordCaseDenied(trx, clock, actor, caseId);
      return null;
    }
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: facts.hubId },
      {
        action: 'consultation',
        subjectType: 'case',
        subjectId: facts.id,
        personId: facts.personId,
        detail: { page: 'police_update_form' },
      },
    );
    return facts;
  });
}

/** The requesting officer adds an update to their own request (never another's). */
export async function addPoliceUpdate(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  userId: string,
  caseId: string,
  input: { body: string; version: number },
): Promise<CaseChange<{ updateId: string }>> {
  return db.transaction().execute(async (trx) => {
    const facts = await caseForRequestingOfficer(trx, userId, caseId, { forUpdate: true });
    if (!facts) {
      await recordCaseDenied(trx, clock, actor, caseId);
      return { kind: 'not_found' };
    }
    const step = await stepCase(trx, facts, 'add_police_update', input.version);
    if (!step.ok) return step.change;
    const created = await trx
      .insertInto('police_updates')
      .values({ case_id: facts.id, author_id: userId, body: input.body, created_at: clock.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: facts.hubId },
      {
        action: 'collection',
        subjectType: 'police_update',
        subjectId: created.id,
        personId: facts.personId,
        detail: { caseId: facts.id },
      },
    );
    return { kind: 'done', value: { updateId: created.id } };
  });
}

/** The police updates of a case, for any clinician of its hub; audited. */
export async function readPoliceUpdates(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  principal: Principal,
  caseId: string,
): Promise<{ facts: CaseFacts; updates: PoliceUpdate[] } | null> {
  return db.transaction().execute(async (trx) => {
    const facts = await caseForHubClinician(trx, principal, caseId);
    if (!facts) {
      await recordCaseDenied(trx, clock, actor, caseId);
      return null;
    }
    const updates = await policeUpdatesOf(trx, caseId);
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: facts.hubId },
      {
        action: 'consultation',
        subjectType: 'police_updates',
        subjectId: facts.id,
        personId: facts.personId,
        detail: { count: updates.length },
      },
    );
    return { facts, updates };
  });
}
