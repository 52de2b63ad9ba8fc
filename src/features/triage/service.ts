import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { transition, type CaseState } from '../../domain/case-state.ts';
import type { Clock } from '../../domain/clock.ts';
import { TRIAGE_DECISIONS } from '../../domain/reference/case-outcomes.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import { openCase } from '../../access/case-context.ts';
import { hubsGranting } from '../../domain/permissions.ts';
import { advanceCase } from '../../access/case-version.ts';
import { findPossibleMatches } from '../people/matching.ts';
import type { TriageDecisionCode } from './tables.ts';

export const TRIAGE_PAGE_SIZE = 20;

export interface QueueItem {
  caseId: string;
  reference: string;
  hubName: string;
  urgency: 'routine' | 'urgent';
  requestedAt: Date;
  personName: string;
}

/** The hubs whose queue the viewer screens: where a role they hold there grants triage. */
export const triageHubs = (principal: Principal): string[] =>
  hubsGranting(principal.assignments, 'triage.decide');

/**
 * The cases awaiting triage in the hubs where the viewer's roles grant triage: urgent first,
 * then the longest waiting. The hub filter is in the SQL.
 */
export async function triageQueue(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: { principal: Principal; page: number },
): Promise<{ items: QueueItem[]; total: number }> {
  const { page } = input;
  const hubs = triageHubs(input.principal);
  if (hubs.length === 0) return { items: [], total: 0 };
  return db.transaction().execute(async (trx) => {
    const base = trx
      .selectFrom('cases')
      .where('cases.status', '=', 'awaiting_triage')
      .where('cases.hub_id', 'in', hubs);
    const { total } = await base
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .executeTakeFirstOrThrow();
    const rows = await base
      .innerJoin('hubs', 'hubs.id', 'cases.hub_id')
      .innerJoin('people', 'people.id', 'cases.person_id')
      .select([
        'cases.id',
        'cases.reference',
        'cases.urgency',
        'cases.requested_at',
        'hubs.name as hub_name',
        'people.given_name',
        'people.family_name',
      ])
      .orderBy((eb) => eb.case().when('cases.urgency', '=', 'urgent').then(0).else(1).end())
      .orderBy('cases.requested_at')
      .orderBy('cases.id')
      .limit(TRIAGE_PAGE_SIZE)
      .offset((page - 1) * TRIAGE_PAGE_SIZE)
      .execute();
    await recordAudit(trx, clock, actor, {
      action: 'consultation',
      subjectType: 'triage_queue',
      detail: { count: rows.length, page },
    });
    return {
      total: Number(total),
      items: rows.map((r) => ({
        caseId: r.id,
        reference: r.reference,
        hubName: r.hub_name,
        urgency: r.urgency,
        requestedAt: r.requested_at,
        personName: `${r.given_name} ${r.family_name}`,
      })),
    };
  });
}

export interface LikelyMatch {
  caseId: string;
  reference: string;
  status: CaseState;
  requestedAt: Date;
  basis: 'same_person' | 'nhs_number' | 'name_and_date_of_birth';
}

/**
 * Earlier or other episodes of the person and of people who are likely the same person, in
 * the hubs the viewer screens only. Each match combines records, so each is audited.
 */
export async function likelyMatches(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: { principal: Principal; caseId: string; personId: string },
): Promise<LikelyMatch[]> {
  const hubs = triageHubs(input.principal);
  if (hubs.length === 0) return [];
  const person = await db
    .selectFrom('people')
    .select(['given_name', 'family_name', 'date_of_birth', 'nhs_number'])
    .where('id', '=', input.personId)
    .executeTakeFirstOrThrow();
  const found = await findPossibleMatches(db, {
    givenName: person.given_name,
    familyName: person.family_name,
    dateOfBirth: person.date_of_birth,
    nhsNumber: person.nhs_number,
  });
  const basisOf = new Map<string, LikelyMatch['basis']>(
    found.map((m) => [m.personId, m.basis] as const),
  );
  basisOf.set(input.personId, 'same_person');
  const rows = await db
    .selectFrom('cases')
    .select(['id', 'reference', 'status', 'requested_at', 'person_id'])
    .where('person_id', 'in', [...basisOf.keys()])
    .where('hub_id', 'in', hubs)
    .where('id', '<>', input.caseId)
    .orderBy('requested_at', 'desc')
    .limit(20)
    .execute();
  for (const personId of new Set(rows.map((r) => r.person_id))) {
    await recordAudit(db, clock, actor, {
      action: 'combination',
      subjectType: 'person',
      subjectId: personId,
      personId,
      detail: { purpose: 'triage_matching', basis: basisOf.get(personId) ?? null },
    });
  }
  return rows.map((r) => ({
    caseId: r.id,
    reference: r.reference,
    status: r.status,
    requestedAt: r.requested_at,
    basis: basisOf.get(r.person_id) ?? 'name_and_date_of_birth',
  }));
}

export interface TriageInput {
  decision: TriageDecisionCode;
  rationale: string;
  signposting: string | null;
  divertedTo: string | null;
  divertedAt: Date | null;
}

export type TriageResult =
  | { outcome: 'decided'; reference: string }
  | { outcome: 'not_found' }
  | {
      outcome: 'conflict';
      /** Why the step is refused now, when it is. */
      refusal: string | null;
      now: { status: CaseState; decision: TriageDecisionCode | null; decidedAt: Date | null };
    };

const actionOf = (decision: TriageDecisionCode) =>
  TRIAGE_DECISIONS.find((d) => d.code === decision)!.action;

/**
 * Records the triage decision and moves the case on, in one transaction with its audit row.
 * The case is opened through the access core and locked first, so of two clinicians deciding
 * at once one wins and the other sees what the winner decided. Once triaged, the case is no
 * longer the hub's queue: a clinician of the hub who could have triaged it (the access core
 * now asks them for a reason) is told it was triaged, anyone else finds nothing.
 */
export async function decideTriage(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: { principal: Principal; caseId: string; version: number; triage: TriageInput },
): Promise<TriageResult> {
  const { principal } = input;
  return db.transaction().execute(async (trx): Promise<TriageResult> => {
    const opened = await openCase(trx, principal, input.caseId, { forUpdate: true });
    if (!opened || !(opened.can.triage || opened.reasonRequired)) return { outcome: 'not_found' };
    const { header } = opened;
    const current = {
      id: header.id,
      reference: header.reference,
      status: header.status,
      version: header.version,
      requested_at: header.requestedAt,
      person_id: header.personId,
      hub_id: header.hubId,
    };
    const step = transition(current.status, actionOf(input.triage.decision));
    if (current.version !== input.version || !step.ok || !opened.can.triage) {
      const existing = await trx
        .selectFrom('triage_decisions')
        .select(['decision', 'decided_at'])
        .where('case_id', '=', current.id)
        .executeTakeFirst();
      // The decision is health: shown only to those who may read the health record.
      const shown = opened.can.readHealth ? existing : undefined;
      return {
        outcome: 'conflict',
        refusal: step.ok ? null : step.reason,
        now: {
          status: current.status,
          decision: shown?.decision ?? null,
          decidedAt: shown?.decided_at ?? null,
        },
      };
    }
    const now = clock.now();
    const closes = step.next === 'closed';
    const advanced = await advanceCase(trx, {
      caseId: current.id,
      expectedVersion: current.version,
      status: step.next,
      ...(closes ? { closedAt: now } : {}),
    });
    if (!advanced) throw new Error('the locked case row changed under its lock');
    const { triage } = input;
    await trx
      .insertInto('triage_decisions')
      .values({
        case_id: current.id,
        decision: triage.decision,
        rationale: triage.rationale,
        signposting: triage.decision === 'decline' ? triage.signposting : null,
        diverted_to: triage.decision === 'urgent' ? triage.divertedTo : null,
        diverted_at: triage.decision === 'urgent' ? triage.divertedAt : null,
        decided_by: principal.userId,
        decided_at: now,
        seconds_to_triage: Math.max(
          0,
          Math.floor((now.getTime() - current.requested_at.getTime()) / 1000),
        ),
      })
      .execute();
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: current.hub_id },
      {
        action: 'collection',
        subjectType: 'triage_decision',
        subjectId: current.id,
        personId: current.person_id,
        detail: { decision: triage.decision, status: step.next },
      },
    );
    return { outcome: 'decided', reference: current.reference };
  });
}

/** The triage decision of a case, for its page and the confirmation. */
export async function triageDecisionOf(db: Kysely<DB>, caseId: string) {
  return db
    .selectFrom('triage_decisions')
    .innerJoin('users', 'users.id', 'triage_decisions.decided_by')
    .select([
      'triage_decisions.decision',
      'triage_decisions.rationale',
      'triage_decisions.signposting',
      'triage_decisions.diverted_to',
      'triage_decisions.diverted_at',
      'triage_decisions.decided_by',
      'triage_decisions.decided_at',
      'triage_decisions.seconds_to_triage',
      'users.name as decided_by_name',
    ])
    .where('triage_decisions.case_id', '=', caseId)
    .executeTakeFirst();
}

export type TriageDecisionRecord = NonNullable<Awaited<ReturnType<typeof triageDecisionOf>>>;
