import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { transition, type CaseState } from '../../domain/case-state.ts';
import type { Clock } from '../../domain/clock.ts';
import {
  currentConsent,
  engagementAllowed,
  type ConsentMethod,
  type ConsentStatus,
  type EngagementDecision,
  type LawfulBasis,
} from '../../domain/consent.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import type { CaseHeader } from '../../access/case-context.ts';
import { advanceCase } from '../cases/version.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export interface ConsentEntry {
  status: ConsentStatus;
  method: ConsentMethod | null;
  decidedAt: Date | null;
  bestInterestsBy: string | null;
  note: string | null;
  recordedBy: string;
  recordedAt: Date;
}

/** The consent history of a case, oldest first. */
export async function consentHistory(db: Executor, caseId: string): Promise<ConsentEntry[]> {
  const rows = await db
    .selectFrom('consents')
    .innerJoin('users', 'users.id', 'consents.recorded_by')
    .select([
      'consents.status',
      'consents.method',
      'consents.decided_at',
      'consents.best_interests_by',
      'consents.note',
      'consents.recorded_at',
      'users.name',
    ])
    .where('consents.case_id', '=', caseId)
    .orderBy('consents.recorded_at')
    .orderBy('consents.id')
    .execute();
  return rows.map((r) => ({
    status: r.status,
    method: r.method,
    decidedAt: r.decided_at,
    bestInterestsBy: r.best_interests_by,
    note: r.note,
    recordedBy: r.name,
    recordedAt: r.recorded_at,
  }));
}

/**
 * The guard every engagement action calls (contact with the person, liaison on their
 * behalf) in its own transaction before it writes: refused, with the domain's message, unless
 * the consent in force allows it (PRODUCT.md step 4, rule 3).
 */
export async function requireConsentForEngagement(
  trx: Executor,
  caseId: string,
): Promise<EngagementDecision> {
  const history = await trx
    .selectFrom('consents')
    .select(['status', 'method', 'recorded_at'])
    .where('case_id', '=', caseId)
    .orderBy('recorded_at')
    .orderBy('id')
    .execute();
  return engagementAllowed(
    history.map((h) => ({ status: h.status, method: h.method, recordedAt: h.recorded_at })),
  );
}

export const consentInForce = (history: ConsentEntry[]) =>
  currentConsent(history.map((h) => ({ ...h, recordedAt: h.recordedAt })));

export type SaveResult =
  { outcome: 'saved' } | { outcome: 'conflict'; refusal: string | null; status: CaseState };

/** Locks the case, checks its version and that work may be recorded now, and moves it on. */
async function checkAndAdvance(
  trx: Transaction<DB>,
  header: CaseHeader,
  version: number,
): Promise<SaveResult | null> {
  const current = await trx
    .selectFrom('cases')
    .select(['status', 'version'])
    .where('id', '=', header.id)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const step = transition(current.status, 'record_work');
  if (current.version !== version || !step.ok) {
    return { outcome: 'conflict', refusal: step.ok ? null : step.reason, status: current.status };
  }
  await advanceCase(trx, { caseId: header.id, expectedVersion: version });
  return null;
}

export interface ConsentInput {
  status: ConsentStatus;
  method: ConsentMethod | null;
  decidedAt: Date | null;
  bestInterestsBy: string | null;
  note: string | null;
}

/** Adds an entry to the consent history (never changes an earlier one). */
export async function recordConsent(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: { header: CaseHeader; version: number; userId: string; consent: ConsentInput },
): Promise<SaveResult> {
  return db.transaction().execute(async (trx) => {
    const refused = await checkAndAdvance(trx, input.header, input.version);
    if (refused) return refused;
    const { consent } = input;
    await trx
      .insertInto('consents')
      .values({
        case_id: input.header.id,
        status: consent.status,
        method: consent.method,
        decided_at: consent.decidedAt,
        best_interests_by: consent.bestInterestsBy,
        note: consent.note,
        recorded_by: input.userId,
        recorded_at: clock.now(),
      })
      .execute();
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: input.header.hubId },
      {
        action: 'collection',
        subjectType: 'consent',
        subjectId: input.header.id,
        personId: input.header.personId,
        detail: { status: consent.status, method: consent.method },
      },
    );
    return { outcome: 'saved' };
  });
}

export interface LawfulBasisEntry {
  codes: LawfulBasis[];
  recordedBy: string;
  recordedAt: Date;
}

export async function lawfulBasisHistory(
  db: Executor,
  caseId: string,
): Promise<LawfulBasisEntry[]> {
  const rows = await db
    .selectFrom('lawful_bases')
    .innerJoin('users', 'users.id', 'lawful_bases.recorded_by')
    .select(['lawful_bases.codes', 'lawful_bases.recorded_at', 'users.name'])
    .where('lawful_bases.case_id', '=', caseId)
    .orderBy('lawful_bases.recorded_at')
    .orderBy('lawful_bases.id')
    .execute();
  return rows.map((r) => ({
    codes: (typeof r.codes === 'string' ? JSON.parse(r.codes) : r.codes) as LawfulBasis[],
    recordedBy: r.name,
    recordedAt: r.recorded_at,
  }));
}

/** Records the lawful basis for processing: the whole set in force from now. */
export async function recordLawfulBasis(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: { header: CaseHeader; version: number; userId: string; codes: LawfulBasis[] },
): Promise<SaveResult> {
  return db.transaction().execute(async (trx) => {
    const refused = await checkAndAdvance(trx, input.header, input.version);
    if (refused) return refused;
    await trx
      .insertInto('lawful_bases')
      .values({
        case_id: input.header.id,
        codes: JSON.stringify(input.codes),
        recorded_by: input.userId,
        recorded_at: clock.now(),
      })
      .execute();
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: input.header.hubId },
      {
        action: 'collection',
        subjectType: 'lawful_basis',
        subjectId: input.header.id,
        personId: input.header.personId,
        detail: { codes: input.codes },
      },
    );
    return { outcome: 'saved' };
  });
}
