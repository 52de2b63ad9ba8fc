import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { DB } from '../db/schema.ts';
import { can, hubsGranting } from '../domain/permissions.ts';
import type { Principal } from '../features/auth/principal.ts';

/**
 * The access core's filter for lists that find cases across hubs (search, a person's history):
 * the cases a viewer may open, decided in SQL from the permissions of src/domain/permissions.ts
 * as the lists already decide them, never from role names:
 * - `case.work` in a hub (clinicians, hub leads): the hub's cases, as on the case lists
 *   (opening one outside allocation still asks for a reason: the case page's own rule);
 * - `request.follow` (case officers): the requests they made, as on "Your requests";
 * - `request.supervise` in a hub (police leads): the hub's requests, as on supervision;
 * - `audit.read` (the IG officer): every case, to open its access log.
 * Anyone else (the analyst, the service desk) finds none.
 */
export interface CaseFinder {
  /** Whether the viewer can find any case at all. */
  any: boolean;
  /** Hubs whose cases the viewer works (the case page). */
  workHubs: string[];
  /** Hubs whose requests the viewer supervises. */
  superviseHubs: string[];
  /** The viewer follows their own requests. */
  follows: boolean;
  /** The viewer reads the access log of any case. */
  auditsAll: boolean;
}

export function caseFinder(principal: Principal): CaseFinder {
  const workHubs = hubsGranting(principal.assignments, 'case.work');
  const superviseHubs = hubsGranting(principal.assignments, 'request.supervise');
  const follows = can(principal.roles, 'request.follow');
  const auditsAll = can(principal.roles, 'audit.read');
  return {
    any: workHubs.length > 0 || superviseHubs.length > 0 || follows || auditsAll,
    workHubs,
    superviseHubs,
    follows,
    auditsAll,
  };
}

type CasesEb = ExpressionBuilder<DB, 'cases'>;

/** The cases the viewer may find, as a condition on `cases` (false when they may find none). */
export function findableCase(eb: CasesEb, finder: CaseFinder, userId: string): Expression<SqlBool> {
  if (finder.auditsAll) return sql<boolean>`true`;
  const any: Expression<SqlBool>[] = [];
  if (finder.workHubs.length > 0) any.push(eb('cases.hub_id', 'in', finder.workHubs));
  if (finder.superviseHubs.length > 0) any.push(eb('cases.hub_id', 'in', finder.superviseHubs));
  if (finder.follows) any.push(eb('cases.requested_by', '=', userId));
  return any.length > 0 ? eb.or(any) : sql<boolean>`false`;
}

/** Which page a found case opens on for this viewer, and whether they see who it is about. */
export type FoundVia = 'case' | 'request' | 'supervision' | 'access_log';

export function foundVia(
  finder: CaseFinder,
  userId: string,
  row: { hubId: string; requestedBy: string },
): FoundVia | null {
  if (finder.workHubs.includes(row.hubId)) return 'case';
  if (finder.follows && row.requestedBy === userId) return 'request';
  if (finder.superviseHubs.includes(row.hubId)) return 'supervision';
  if (finder.auditsAll) return 'access_log';
  return null;
}

/** The page a found case opens on. */
export function foundCasePath(via: FoundVia, caseId: string): string {
  switch (via) {
    case 'case':
      return `/cases/${caseId}`;
    case 'request':
      return `/requests/${caseId}`;
    case 'supervision':
      return `/supervision/${caseId}`;
    case 'access_log':
      return `/audit/records/case/${caseId}`;
  }
}

/**
 * Whether the viewer sees who the case is about in a list: those who work, made or supervise
 * the request (its police-provided identity is on their lists already); the IG officer reads
 * access logs, not identities.
 */
export const seesPerson = (via: FoundVia): boolean => via !== 'access_log';
