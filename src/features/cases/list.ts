import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { isCaseState, type CaseState } from '../../domain/case-state.ts';
import type { Principal } from '../auth/principal.ts';

export const CASES_PAGE_SIZE = 20;
export const TABS = ['mine', 'unallocated', 'open', 'closed'] as const;
export type CaseTab = (typeof TABS)[number];
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
  /** Only where the viewer may see allocations (their own cases, or as hub lead). */
  lead: string | null;
}

/** Cases of the viewer's hubs for one tab, filtered, sorted and paged in SQL. */
export async function listCases(
  db: Kysely<DB>,
  principal: Principal,
  query: CaseListQuery,
): Promise<{ items: CaseListItem[]; total: number }> {
  if (principal.hubIds.length === 0) return { items: [], total: 0 };
  let base = db.selectFrom('cases').where('cases.hub_id', 'in', principal.hubIds);
  if (query.tab === 'mine') {
    base = base
      .where('cases.status', '<>', 'closed')
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('allocations')
            .select('allocations.id')
            .whereRef('allocations.case_id', '=', 'cases.id')
            .where('allocations.clinician_id', '=', principal.userId)
            .where('allocations.allocated_to', 'is', null),
        ),
      );
  } else if (query.tab === 'unallocated') {
    base = base.where('cases.status', '=', 'awaiting_allocation');
  } else if (query.tab === 'open') {
    base = base.where('cases.status', '<>', 'closed');
  } else {
    base = base.where('cases.status', '=', 'closed');
  }
  if (query.status) base = base.where('cases.status', '=', query.status);
  if (query.urgency) base = base.where('cases.urgency', '=', query.urgency);

  const { total } = await base
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  const seesLeads = query.tab === 'mine' || principal.roles.includes('hub_lead');
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
    items: rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      personName: `${r.given_name} ${r.family_name}`,
      hubName: r.hub_name,
      status: r.status,
      urgency: r.urgency,
      requestedAt: r.requested_at,
      lead: seesLeads ? r.lead_name : null,
    })),
  };
}
