import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import type { CaseState } from '../../domain/case-state.ts';
import { openCase } from '../../access/case-context.ts';
import {
  caseFinder,
  findableCase,
  foundCasePath,
  foundVia,
  seesPerson,
} from '../../access/findable-cases.ts';
import { isUuid } from '../../web/ids.ts';
import type { Principal } from '../auth/principal.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** A link to another episode of the same person that the viewer may open. */
export interface EpisodeLink {
  caseId: string;
  reference: string;
  path: string;
}

/** One episode (case) of a person, with only what this viewer may see of it. */
export interface Episode {
  caseId: string;
  reference: string;
  hubName: string;
  status: CaseState;
  requestedAt: Date;
  closedAt: Date | null;
  /** The closure outcome's code, where the viewer sees the case's shared part; else null. */
  outcome: string | null;
  path: string;
  /** The episode this one re-refers, when the viewer may open it. */
  reReferralOf: EpisodeLink | null;
  /** Later episodes that re-refer this one, which the viewer may open. */
  reReferredAs: EpisodeLink[];
}

export interface PersonHistory {
  personId: string;
  /** Null where the viewer sees none of the person's identity (the IG officer). */
  personName: string | null;
  dateOfBirth: string | null;
  /** Newest first. */
  episodes: Episode[];
}

/**
 * Every episode of a person the viewer may find (the access core's filter in SQL,
 * src/access/findable-cases.ts), oldest links both ways. Null when they may see none, the same
 * whether the person exists or not. The outcome shows only where the access core opens the
 * case's shared part to the viewer (`openCase`).
 */
export async function readPersonHistory(
  db: Executor,
  principal: Principal,
  personId: string,
): Promise<PersonHistory | null> {
  if (!isUuid(personId)) return null;
  const finder = caseFinder(principal);
  if (!finder.any) return null;
  const rows = await db
    .selectFrom('cases')
    .innerJoin('people', 'people.id', 'cases.person_id')
    .innerJoin('hubs', 'hubs.id', 'cases.hub_id')
    .leftJoin('closure_summaries', 'closure_summaries.case_id', 'cases.id')
    .select([
      'cases.id',
      'cases.reference',
      'cases.hub_id',
      'cases.status',
      'cases.requested_by',
      'cases.requested_at',
      'cases.closed_at',
      'cases.previous_case_id',
      'hubs.name as hub_name',
      'people.given_name',
      'people.family_name',
      'people.date_of_birth',
      'closure_summaries.outcome',
    ])
    .where('cases.person_id', '=', personId)
    .where((eb) => findableCase(eb, finder, principal.userId))
    .orderBy('cases.requested_at', 'desc')
    .orderBy('cases.id')
    .execute();
  if (rows.length === 0) return null;

  const links = new Map<string, EpisodeLink>();
  let identity: { name: string; dateOfBirth: string } | null = null;
  const seesShared = new Map<string, boolean>();
  for (const r of rows) {
    const via = foundVia(finder, principal.userId, {
      hubId: r.hub_id,
      requestedBy: r.requested_by,
    });
    if (!via) continue;
    links.set(r.id, { caseId: r.id, reference: r.reference, path: foundCasePath(via, r.id) });
    if (seesPerson(via)) {
      identity = { name: `${r.given_name} ${r.family_name}`, dateOfBirth: r.date_of_birth };
    }
    // The access core decides the outcome (the shared compartment): the rule, not a role.
    const opened = r.outcome === null ? null : await openCase(db, principal, r.id);
    seesShared.set(r.id, opened?.visibility.shared ?? false);
  }
  const episodes: Episode[] = rows
    .filter((r) => links.has(r.id))
    .map((r) => ({
      caseId: r.id,
      reference: r.reference,
      hubName: r.hub_name,
      status: r.status,
      requestedAt: r.requested_at,
      closedAt: r.closed_at,
      outcome: seesShared.get(r.id) ? r.outcome : null,
      path: links.get(r.id)!.path,
      reReferralOf: r.previous_case_id ? (links.get(r.previous_case_id) ?? null) : null,
      reReferredAs: rows
        .filter((later) => later.previous_case_id === r.id && links.has(later.id))
        .map((later) => links.get(later.id)!),
    }));
  return {
    personId,
    personName: identity?.name ?? null,
    dateOfBirth: identity?.dateOfBirth ?? null,
    episodes,
  };
}

/** The person's history, audited as a consultation of the person (ids and a count only). */
export async function consultPersonHistory(
  deps: { db: Kysely<DB>; clock: Clock },
  who: { actor: AuditActor; principal: Principal },
  personId: string,
): Promise<PersonHistory | null> {
  const { db, clock } = deps;
  const { actor, principal } = who;
  return db.transaction().execute(async (trx) => {
    const history = await readPersonHistory(trx, principal, personId);
    if (!history) return null;
    await recordAudit(trx, clock, actor, {
      action: 'consultation',
      subjectType: 'person',
      subjectId: personId,
      personId,
      detail: {
        view: 'history',
        count: history.episodes.length,
        caseIds: history.episodes.map((e) => e.caseId),
      },
    });
    return history;
  });
}
