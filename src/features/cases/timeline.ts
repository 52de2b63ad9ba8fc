import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { CONSENT_STATUS_LABELS } from '../../domain/consent.ts';
import { TRIAGE_DECISIONS } from '../../domain/reference/case-outcomes.ts';
import type { Visibility } from '../../domain/compartments.ts';
import { formulationTimeline } from '../formulation/reporting.ts';
import { liaisonTimeline } from '../liaison/timeline.ts';
import { meetingsTimeline } from '../meetings/timeline.ts';
import { disclosureEvents } from '../disclosures/timeline.ts';
import { planTimeline } from '../plans/timeline.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** One thing that happened to a case, as the MoJ timeline shows it. */
export interface TimelineEvent {
  at: Date;
  title: string;
  by: string | null;
  description: string | null;
}

/**
 * A source of timeline events: each capability adds its own to TIMELINE_SOURCES, saying which
 * compartment its events belong to, so the timeline never shows what the viewer may not see.
 */
export interface TimelineSource {
  compartment: 'police' | 'health' | 'shared';
  events(db: Executor, caseId: string): Promise<TimelineEvent[]>;
}

const requestSubmitted: TimelineSource = {
  compartment: 'police',
  async events(db, caseId) {
    const row = await db
      .selectFrom('support_requests')
      .innerJoin('cases', 'cases.id', 'support_requests.case_id')
      .innerJoin('users', 'users.id', 'cases.requested_by')
      .select(['support_requests.submitted_at', 'users.name'])
      .where('support_requests.case_id', '=', caseId)
      .executeTakeFirst();
    return row
      ? [{ at: row.submitted_at, title: 'Request submitted', by: row.name, description: null }]
      : [];
  },
};

const policeUpdates: TimelineSource = {
  compartment: 'police',
  async events(db, caseId) {
    const rows = await db
      .selectFrom('police_updates')
      .innerJoin('users', 'users.id', 'police_updates.author_id')
      .select(['police_updates.created_at', 'users.name'])
      .where('police_updates.case_id', '=', caseId)
      .execute();
    return rows.map((r) => ({
      at: r.created_at,
      title: 'Police update added',
      by: r.name,
      description: null,
    }));
  },
};

const triage: TimelineSource = {
  compartment: 'health',
  async events(db, caseId) {
    const row = await db
      .selectFrom('triage_decisions')
      .innerJoin('users', 'users.id', 'triage_decisions.decided_by')
      .select(['triage_decisions.decision', 'triage_decisions.decided_at', 'users.name'])
      .where('triage_decisions.case_id', '=', caseId)
      .executeTakeFirst();
    if (!row) return [];
    const label = TRIAGE_DECISIONS.find((d) => d.code === row.decision)?.label ?? row.decision;
    return [{ at: row.decided_at, title: `Triaged: ${label}`, by: row.name, description: null }];
  },
};

const allocations: TimelineSource = {
  compartment: 'health',
  async events(db, caseId) {
    const rows = await db
      .selectFrom('allocations')
      .innerJoin('users as clinician', 'clinician.id', 'allocations.clinician_id')
      .innerJoin('users as by', 'by.id', 'allocations.allocated_by')
      .select([
        'allocations.role',
        'allocations.allocated_from',
        'clinician.name as clinician',
        'by.name as by',
      ])
      .where('allocations.case_id', '=', caseId)
      .execute();
    return rows.map((r) => ({
      at: r.allocated_from,
      title: `Allocated to ${r.clinician}`,
      by: r.by,
      description: r.role === 'lead' ? 'Lead practitioner' : 'Other clinician',
    }));
  },
};

const consents: TimelineSource = {
  compartment: 'health',
  async events(db, caseId) {
    const rows = await db
      .selectFrom('consents')
      .innerJoin('users', 'users.id', 'consents.recorded_by')
      .select(['consents.status', 'consents.recorded_at', 'users.name'])
      .where('consents.case_id', '=', caseId)
      .execute();
    return rows.map((r) => ({
      at: r.recorded_at,
      title: `Consent recorded: ${CONSENT_STATUS_LABELS[r.status]}`,
      by: r.name,
      description: null,
    }));
  },
};

const lawfulBases: TimelineSource = {
  compartment: 'health',
  async events(db, caseId) {
    const rows = await db
      .selectFrom('lawful_bases')
      .innerJoin('users', 'users.id', 'lawful_bases.recorded_by')
      .select(['lawful_bases.recorded_at', 'users.name'])
      .where('lawful_bases.case_id', '=', caseId)
      .execute();
    return rows.map((r) => ({
      at: r.recorded_at,
      title: 'Lawful basis recorded',
      by: r.name,
      description: null,
    }));
  },
};

const advice: TimelineSource = {
  compartment: 'shared',
  async events(db, caseId) {
    const rows = await db
      .selectFrom('advice')
      .innerJoin('users', 'users.id', 'advice.author_id')
      .select(['advice.created_at', 'advice.kind', 'users.name'])
      .where('advice.case_id', '=', caseId)
      .execute();
    return rows.map((r) => ({
      at: r.created_at,
      title:
        r.kind === 'communication_strategy'
          ? 'Communication strategy given to the case officer'
          : 'Advice given to the case officer',
      by: r.name,
      description: null,
    }));
  },
};

/** Closure requests hold the closing notes (health): only their dates and decisions show. */
const closureRequests: TimelineSource = {
  compartment: 'health',
  async events(db, caseId) {
    const rows = await db
      .selectFrom('closure_requests')
      .innerJoin('users as by', 'by.id', 'closure_requests.requested_by')
      .leftJoin('users as decider', 'decider.id', 'closure_requests.decided_by')
      .select([
        'closure_requests.requested_at',
        'closure_requests.decision',
        'closure_requests.decided_at',
        'by.name as by',
        'decider.name as decider',
      ])
      .where('closure_requests.case_id', '=', caseId)
      .execute();
    return rows.flatMap((r) => [
      { at: r.requested_at, title: 'Closure requested', by: r.by, description: null },
      ...(r.decision === 'returned' && r.decided_at
        ? [
            {
              at: r.decided_at,
              title: 'Closure request returned',
              by: r.decider,
              description: null,
            },
          ]
        : []),
    ]);
  },
};

/** The approved closure is shared: the officer is told the case closed. */
const closed: TimelineSource = {
  compartment: 'shared',
  async events(db, caseId) {
    const row = await db
      .selectFrom('closure_summaries')
      .innerJoin('users', 'users.id', 'closure_summaries.approved_by')
      .select(['closure_summaries.approved_at', 'users.name'])
      .where('closure_summaries.case_id', '=', caseId)
      .executeTakeFirst();
    return row
      ? [{ at: row.approved_at, title: 'Case closed', by: row.name, description: null }]
      : [];
  },
};

/** Every source of the case timeline. Later capabilities (liaison, meetings, ...) add theirs. */
export const TIMELINE_SOURCES: TimelineSource[] = [
  requestSubmitted,
  policeUpdates,
  triage,
  allocations,
  consents,
  lawfulBases,
  advice,
  liaisonTimeline,
  meetingsTimeline,
  planTimeline,
  closureRequests,
  closed,
  formulationTimeline,
  disclosureEvents,
];

/** The events the viewer may see, newest first. */
export async function caseTimeline(
  db: Executor,
  caseId: string,
  visibility: Visibility,
  sources: readonly TimelineSource[] = TIMELINE_SOURCES,
): Promise<TimelineEvent[]> {
  const visible = sources.filter((s) => visibility[s.compartment]);
  const events: TimelineEvent[] = [];
  for (const source of visible) events.push(...(await source.events(db, caseId)));
  return events.sort((a, b) => b.at.getTime() - a.at.getTime());
}
