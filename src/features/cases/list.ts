import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { STATES, isCaseState, statesLabelledAs, type CaseState } from '../../domain/case-state.ts';
import { hubsGranting } from '../../domain/permissions.ts';
import type { Principal } from '../auth/principal.ts';

export const CASES_PAGE_SIZE = 20;
export const TABS = ['mine', 'unallocated', 'open', 'closed'] as const;
export type CaseTab = (typeof TABS)[number];

const NOT_CLOSED = STATES.filter((s) => s !== 'closed');
/** The states each tab lists (My cases are also the viewer's allocated ones). */
export const TAB_STATES: Record<CaseTab, readonly CaseState[]> = {
  mine: NOT_CLOSED,
  // A reopened case waits for the hub lead's allocation too (issue 15).
  unallocated: ['awaiting_allocation', 'reopened'],
  open: NOT_CLOSED,
  closed: ['closed'],
};
export const SORTS = ['reference', 'status', 'urgency', 'requested'] as const;
export type CaseSort = (typeof SORTS)[number];

export interface CaseListQuery {
  tab: CaseTab;
  status: CaseState | null;
  urgency: 'routine' | 'urgent' | null;
  sort: CaseSort;
  order: 'asc' | 'desc';
  page: number;
}

const pick = <T extends string>(list: readonly T[], value: unknown, fallback: T): T =>
  typeof value === 'string' && (list as readonly string[]).includes(value)
    ? (value as T)
    : fallback;

/** The list's query string, read leniently: anything unknown falls back to the default. */
export function readCaseListQuery(query: unknown): CaseListQuery {
  const q = (query && typeof query === 'object' ? query : {}) as Record<string, unknown>;
  const page = typeof q.page === 'string' && /^\d{1,6}$/.test(q.page) ? Number(q.page) : 1;
  return {
    tab: pick(TABS, q.tab, 'mine'),
    status: isCaseState(q.status) ? q.status : null,
    urgency: q.urgency === 'routine' || q.urgency === 'urgent' ? q.urgency : null,
    sort: pick(SORTS, q.sort, 'requested'),
    order: q.order === 'asc' ? 'asc' : 'desc',
    page: Math.max(1, page),
  };
}

export interface CaseListItem {
  id: string;
  reference: string;
  personName: string;
  hubName: string;
  status: CaseState;
  urgency: 'routine' | 'urgent';
  requestedAt: Date;
  /** Only where the viewer may see allocations (their own cases, or as hub lead of its hub). */
  lead: string | null;
  /** Whether the viewer may see who leads this case (then a null lead is "not allocated"). */
  seesLead: boolean;
}

/**
 * Whether the list shows the lead column: on My cases, or to a hub lead (who sees the lead
 * of their own hubs' cases only).
 */
export const listShowsLead = (principal: Principal, query: CaseListQuery): boolean =>
  query.tab === 'mine' ||
  (query.tab !== 'unallocated' && hubsGranting(principal.assignments, 'case.allocate').length > 0);

/**
 * Cases of the hubs where the viewer's roles grant working cases (a role held in another hub
 * does not count), for one tab, filtered, sorted and paged in SQL.
 */
export async function listCases(
  db: Kysely<DB>,
  principal: Principal,
  query: CaseListQuery,
): Promise<{ items: CaseListItem[]; total: number }> {
  const hubs = hubsGranting(principal.assignments, 'case.work');
  if (hubs.length === 0) return { items: [], total: 0 };
  const ledHubs = new Set(hubsGranting(principal.assignments, 'case.allocate'));
  let base = db
    .selectFrom('cases')
    .where('cases.hub_id', 'in', hubs)
    .where('cases.status', 'in', TAB_STATES[query.tab]);
  if (query.tab === 'mine') {
    base = base.where((eb) =>
      eb.exists(
        eb
          .selectFrom('allocations')
          .select('allocations.id')
          .whereRef('allocations.case_id', '=', 'cases.id')
          .where('allocations.clinician_id', '=', principal.userId)
          .where('allocations.allocated_to', 'is', null),
      ),
    );
  }
  if (query.status) base = base.where('cases.status', 'in', statesLabelledAs(query.status));
  if (query.urgency) base = base.where('cases.urgency', '=', query.urgency);

  const { total } = await base
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  const column = {
    reference: 'cases.reference',
    status: 'cases.status',
    urgency: 'cases.urgency',
    requested: 'cases.requested_at',
  } as const;
  const rows = await base
    .innerJoin('hubs', 'hubs.id', 'cases.hub_id')
    .innerJoin('people', 'people.id', 'cases.person_id')
    .leftJoin('allocations', (join) =>
      join
        .onRef('allocations.case_id', '=', 'cases.id')
        .on('allocations.role', '=', 'lead')
        .on('allocations.allocated_to', 'is', null),
    )
    .leftJoin('users as lead', 'lead.id', 'allocations.clinician_id')
    .select([
      'cases.id',
      'cases.reference',
      'cases.status',
      'cases.urgency',
      'cases.requested_at',
      'cases.hub_id',
      'hubs.name as hub_name',
      'people.given_name',
      'people.family_name',
      'lead.name as lead_name',
    ])
    .orderBy(column[query.sort], query.order)
    .orderBy('cases.id')
    .limit(CASES_PAGE_SIZE)
    .offset((query.page - 1) * CASES_PAGE_SIZE)
    .execute();
  return {
    total: Number(total),
    items: rows.map((r) => {
      const seesLead = query.tab === 'mine' || ledHubs.has(r.hub_id);
      return {
        id: r.id,
        reference: r.reference,
        personName: `${r.given_name} ${r.family_name}`,
        hubName: r.hub_name,
        status: r.status,
        urgency: r.urgency,
        requestedAt: r.requested_at,
        lead: seesLead ? r.lead_name : null,
        seesLead,
      };
    }),
  };
}
