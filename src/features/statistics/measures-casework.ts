import { sql } from 'kysely';
import { hubFilter, type Scope } from './measures-scope.ts';
import type { Executor } from './snapshot.ts';

/**
 * The casework aggregates (open cases and caseloads, judged at scope.asAt) and the hubs in
 * scope. A clinician's hub is where they hold the clinician or hub lead role
 * (role_assignments.hub_id), so a hub lead's caseload table lists that hub's staff only.
 */

/** Cases open at scope.asAt, per hub (all hubs: one decision for every view). */
export function openCounts(db: Executor, scope: Scope) {
  return sql<{ hub_id: string; n: number }>`
    SELECT c.hub_id, count(*)::int AS n
    FROM cases c
    WHERE c.requested_at < ${scope.asAt} AND (c.closed_at IS NULL OR c.closed_at >= ${scope.asAt})
    GROUP BY c.hub_id
  `.execute(db);
}

/** Bands of caseload for the distribution analysts see. */
export const CASELOAD_BANDS = [
  { code: '1_5', label: '1 to 5 cases', from: 1, to: 5 },
  { code: '6_10', label: '6 to 10 cases', from: 6, to: 10 },
  { code: '11_15', label: '11 to 15 cases', from: 11, to: 15 },
  { code: '16_20', label: '16 to 20 cases', from: 16, to: 20 },
  { code: '21_and_over', label: '21 or more cases', from: 21, to: Infinity },
] as const;

const caseloadCte = (scope: Scope) => sql`
  loads AS (
    SELECT a.clinician_id, count(DISTINCT a.case_id)::int AS n
    FROM allocations a
    JOIN cases c ON c.id = a.case_id
    WHERE a.allocated_from < ${scope.asAt}
      AND (a.allocated_to IS NULL OR a.allocated_to >= ${scope.asAt})
      AND c.requested_at < ${scope.asAt}
      AND (c.closed_at IS NULL OR c.closed_at >= ${scope.asAt})
      ${hubFilter(sql.ref('c.hub_id'), scope.hubIds)}
    GROUP BY a.clinician_id
  )`;

/** Caseload per clinician as a distribution: how many clinicians in each band, and the median. */
export function caseloadDistribution(db: Executor, scope: Scope) {
  const arms = CASELOAD_BANDS.map((band) =>
    Number.isFinite(band.to)
      ? sql`WHEN n BETWEEN ${sql.lit(band.from)} AND ${sql.lit(band.to)} THEN ${sql.lit(band.code)}`
      : sql`WHEN n >= ${sql.lit(band.from)} THEN ${sql.lit(band.code)}`,
  );
  return sql<{ band: string | null; n: number; median: number | null; mean: number | null }>`
    WITH ${caseloadCte(scope)}
    SELECT CASE ${sql.join(arms, sql` `)} END AS band, count(*)::int AS n,
      NULL::float8 AS median, NULL::float8 AS mean
    FROM loads GROUP BY 1
    UNION ALL
    SELECT NULL, count(*)::int, percentile_cont(0.5) WITHIN GROUP (ORDER BY n), avg(n)::float8
    FROM loads
  `.execute(db);
}

/**
 * Caseload per named clinician, for a hub lead: every active clinician of the hub(s) (holding
 * the clinician role there: a hub lead who is not also a clinician is not listed), with 0 for
 * those with no open case, and anyone else with an open case of the hub allocated to them.
 */
export function caseloadByClinician(db: Executor, scope: Scope) {
  const hubIds = scope.hubIds ?? [];
  return sql<{ name: string; n: number }>`
    WITH ${caseloadCte(scope)},
    staff AS (
      SELECT DISTINCT u.id, u.name
      FROM users u
      JOIN role_assignments r ON r.user_id = u.id AND r.role = 'clinician'
      WHERE u.status = 'active' ${hubFilter(sql.ref('r.hub_id'), hubIds)}
    )
    SELECT u.name, coalesce(l.n, 0)::int AS n
    FROM (SELECT id, name FROM staff
          UNION SELECT u.id, u.name FROM loads JOIN users u ON u.id = loads.clinician_id) u
    LEFT JOIN loads l ON l.clinician_id = u.id
    ORDER BY u.name, u.id
  `.execute(db);
}

/** Every hub, by name: suppression is decided over all of them, whichever is in view. */
export function allHubs(db: Executor) {
  return db.selectFrom('hubs').select(['id', 'code', 'name']).orderBy('name').execute();
}
