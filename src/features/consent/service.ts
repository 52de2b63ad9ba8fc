import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { transition } from '../../domain/case-state.ts';
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
import { openCaseTo, type CaseHeader } from '../../access/case-context.ts';
import { done, notFound, refused, stale, type Change } from '../../domain/result.ts';
import type { Principal } from '../auth/principal.ts';

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
/** The case's consent entries in order (the query, for reading with others). */
export const consentHistoryQuery = (db: Executor, caseId: string) =>
  db
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
    .orderBy('consents.id');

export type ConsentRow = Awaited<
  ReturnType<ReturnType<typeof consentHistoryQuery>['execute']>
>[number];

export function consentHistoryFrom(rows: ConsentRow[]): ConsentEntry[] {
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

export async function consentHistory(db: Executor, caseId: string): Promise<ConsentEntry[]> {
  return consentHistoryFrom(await consentHistoryQuery(db, caseId).execute());
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

type History = 'consents' | 'lawful_bases';

/** The version of a case's consent (or lawful basis) history: its latest entry's, 0 if none. */
export async function historyVersion(
  db: Executor,
  table: History,
  caseId: string,
): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.max('version').as('version'))
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  return Number(row?.version ?? 0);
}

/**
 * Opens the case to work its health record, locking it, and checks that work may be recorded
 * now and that the history is still at the version the form showed: the next version, or why
 * not. Consent and the lawful basis carry their own version (0081): other saves on the case
 * never make these forms stale, nor these the others.
 */
async function checkHistory(
  trx: Transaction<DB>,
  table: History,
  input: { principal: Principal; caseId: string; version: number },
): Promise<{ ok: true; header: CaseHeader; next: number } | { ok: false; change: Change<never> }> {
  const opened = await openCaseTo(trx, input.principal, input.caseId, {
    capability: 'workHealth',
    forUpdate: true,
  });
  if (!opened) return { ok: false, change: notFound };
  const step = transition(opened.header.status, 'record_work');
  if (!step.ok) return { ok: false, change: refused(step.reason) };
  const current = await historyVersion(trx, table, opened.header.id);
  if (current !== input.version) return { ok: false, change: stale };
  return { ok: true, header: opened.header, next: current + 1 };
}

export interface ConsentInput {
  status: ConsentStatus;
  method: ConsentMethod | null;
  decidedAt: Date | null;
  bestInterestsBy: string | null;
  note: string | null;
}

export interface HistoryInput {
  principal: Principal;
  caseId: string;
  /** The version of the history the form showed. */
  version: number;
}

/** Adds an entry to the consent history (never changes an earlier one). */
export async function recordConsent(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: HistoryInput & { consent: ConsentInput },
): Promise<Change<void>> {
  return db.transaction().execute(async (trx): Promise<Change<void>> => {
    const checked = await checkHistory(trx, 'consents', input);
    if (!checked.ok) return checked.change;
    const { header } = checked;
    const { consent } = input;
    await trx
      .insertInto('consents')
      .values({
        case_id: header.id,
        version: checked.next,
        status: consent.status,
        method: consent.method,
        decided_at: consent.decidedAt,
        best_interests_by: consent.bestInterestsBy,
        note: consent.note,
        recorded_by: input.principal.userId,
        recorded_at: clock.now(),
      })
      .execute();
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: header.hubId },
      {
        action: 'collection',
        subjectType: 'consent',
        subjectId: header.id,
        personId: header.personId,
        detail: { status: consent.status, method: consent.method },
      },
    );
    return done(undefined);
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
  input: HistoryInput & { codes: LawfulBasis[] },
): Promise<Change<void>> {
  return db.transaction().execute(async (trx): Promise<Change<void>> => {
    const checked = await checkHistory(trx, 'lawful_bases', input);
    if (!checked.ok) return checked.change;
    const { header } = checked;
    await trx
      .insertInto('lawful_bases')
      .values({
        case_id: header.id,
        version: checked.next,
        codes: JSON.stringify(input.codes),
        recorded_by: input.principal.userId,
        recorded_at: clock.now(),
      })
      .execute();
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: header.hubId },
      {
        action: 'collection',
        subjectType: 'lawful_basis',
        subjectId: header.id,
        personId: header.personId,
        detail: { codes: input.codes },
      },
    );
    return done(undefined);
  });
}
