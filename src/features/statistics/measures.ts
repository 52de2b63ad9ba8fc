import { sql, type RawBuilder } from 'kysely';
import { MENTAL_HEALTH_DIFFICULTIES } from '../../domain/mental-health-difficulties.ts';
import { AGE_BANDS } from '../../domain/reference/people.ts';
import {
  caseloadByClinician,
  caseloadDistribution,
  allHubs,
  openCounts,
} from './measures-casework.ts';
import { hubFilter, type Scope } from './measures-scope.ts';
import type { Executor, Run } from './snapshot.ts';

export type { Scope } from './measures-scope.ts';
export { CASELOAD_BANDS } from './measures-casework.ts';

/**
 * The statistics as the database aggregates them: counts and order statistics grouped in SQL,
 * never a row per case. Nothing here is fit to publish: publish.ts applies disclosure control
 * to all of it, in one place, before any figure reaches a page or a download.
 *
 * Cohorts (docs/statistics.md):
 * - requests received in the period (cases.requested_at);
 * - of those, the cases with a signed-off formulation (the latest signed-off version);
 * - cases closed in the period (cases.closed_at);
 * - cases open at the end of the period (or now, if the period has not ended).
 */

/** One grouped count: which breakdown, which hub (null: all hubs together), which category. */
export interface CountRow {
  dimension: string;
  hubId: string | null;
  key: string;
  /** A second category, for cross-tabulations (type of concern × …). */
  key2: string | null;
  /**
   * The UK month ('YYYY-MM') the counted cases belong to (received, or closed), so that any
   * whole period's figures are sums of its months; null for counts judged at one instant.
   */
  month: string | null;
  n: number;
}

/** An order statistic and how many values it is based on. */
export interface SummaryRow {
  dimension: string;
  hubId: string | null;
  n: number;
  median: number | null;
  p90: number | null;
  mean: number | null;
}

export interface RawStatistics {
  /** Every hub: counts are of all of them (the view picks its own, publish.ts). */
  hubs: { id: string; code: string; name: string }[];
  counts: CountRow[];
  summaries: SummaryRow[];
  /** Named clinicians' caseloads (only when scope.namedClinicians). */
  clinicians: { name: string; n: number }[];
}

/** The age band of an age, in SQL, from the same list the pages use. */
const ageBandSql = (age: RawBuilder<unknown>) => {
  const known = AGE_BANDS.filter((band) => Number.isFinite(band.from));
  const arms = known.map((band) =>
    Number.isFinite(band.to)
      ? sql`WHEN ${age} BETWEEN ${sql.lit(band.from)} AND ${sql.lit(band.to)} THEN ${sql.lit(band.code)}`
      : sql`WHEN ${age} >= ${sql.lit(band.from)} THEN ${sql.lit(band.code)}`,
  );
  return sql`CASE ${sql.join(arms, sql` `)} ELSE 'not_known' END`;
};

const london = (column: RawBuilder<unknown>) => sql`(${column} AT TIME ZONE 'Europe/London')`;

interface ReceivedRow {
  dimension: string;
  hub_id: string | null;
  month: string;
  key: string;
  key2: string | null;
  n: number;
}

/**
 * Requests received, the breakdowns that need only the case and its request: month, sector,
 * type of concern, triage decision, first referral or re-referral, per hub (GROUPING SETS).
 * The breakdowns by the person are a separate query (receivedByPerson), so the two can run at
 * the same time and neither joins a table the other needs.
 */
function receivedByCase(db: Executor, scope: Scope) {
  return sql<ReceivedRow>`
    WITH cohort AS MATERIALIZED (
      SELECT c.hub_id,
        to_char(${london(sql.ref('c.requested_at'))}, 'YYYY-MM') AS month,
        s.referral_sector AS sector,
        s.concern_type AS concern,
        coalesce(t.decision, 'not_triaged') AS triage,
        CASE WHEN c.previous_case_id IS NULL THEN 'first' ELSE 'rereferral' END AS referral
      FROM cases c
      JOIN support_requests s ON s.case_id = c.id
      LEFT JOIN triage_decisions t ON t.case_id = c.id
      WHERE c.requested_at >= ${scope.countStart} AND c.requested_at < ${scope.countEnd}
    )
    SELECT
      CASE
        WHEN grouping(sector) = 0 THEN 'sector'
        WHEN grouping(triage) = 0 THEN 'triage'
        WHEN grouping(referral) = 0 THEN 'referral'
        WHEN grouping(concern) = 0 THEN 'concern'
        ELSE 'month'
      END AS dimension,
      hub_id,
      month,
      coalesce(sector, triage, referral, concern, month) AS key,
      NULL::text AS key2,
      count(*)::int AS n
    FROM cohort
    GROUP BY GROUPING SETS (
      (hub_id, month), (hub_id, month, sector), (hub_id, month, concern),
      (hub_id, month, triage), (hub_id, month, referral)
    )
  `.execute(db);
}

/**
 * Requests received by the person's gender, ethnicity and age band (at the request), per hub,
 * and each crossed with the type of concern for all hubs together.
 */
function receivedByPerson(db: Executor, scope: Scope) {
  const age = sql`date_part('year', age(${london(sql.ref('c.requested_at'))}::date, p.date_of_birth))::int`;
  return sql<ReceivedRow>`
    WITH cohort AS MATERIALIZED (
      SELECT c.hub_id,
        to_char(${london(sql.ref('c.requested_at'))}, 'YYYY-MM') AS month,
        s.concern_type AS concern,
        p.gender,
        p.ethnicity,
        ${ageBandSql(age)} AS age_band
      FROM cases c
      JOIN support_requests s ON s.case_id = c.id
      JOIN people p ON p.id = c.person_id
      WHERE c.requested_at >= ${scope.countStart} AND c.requested_at < ${scope.countEnd}
    )
    SELECT
      CASE
        WHEN grouping(hub_id) = 0 AND grouping(gender) = 0 THEN 'gender'
        WHEN grouping(hub_id) = 0 AND grouping(ethnicity) = 0 THEN 'ethnicity'
        WHEN grouping(hub_id) = 0 AND grouping(age_band) = 0 THEN 'age_band'
        WHEN grouping(ethnicity) = 0 THEN 'concern_ethnicity'
        WHEN grouping(gender) = 0 THEN 'concern_gender'
        ELSE 'concern_age_band'
      END AS dimension,
      hub_id,
      month,
      coalesce(gender, ethnicity, age_band, concern) AS key,
      CASE WHEN grouping(hub_id) = 1 THEN concern END AS key2,
      count(*)::int AS n
    FROM cohort
    GROUP BY GROUPING SETS (
      (hub_id, month, gender), (hub_id, month, ethnicity), (hub_id, month, age_band),
      (month, concern, ethnicity), (month, concern, gender), (month, concern, age_band)
    )
  `.execute(db);
}

/** Time to triage (seconds) of requests received in the period, per hub and for all. */
function triageSummaries(db: Executor, scope: Scope) {
  return sql<{
    hub_id: string | null;
    n: number;
    median: number | null;
    p90: number | null;
  }>`
    SELECT c.hub_id, count(*)::int AS n,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY t.seconds_to_triage) AS median,
      percentile_cont(0.9) WITHIN GROUP (ORDER BY t.seconds_to_triage) AS p90
    FROM cases c JOIN triage_decisions t ON t.case_id = c.id
    WHERE c.requested_at >= ${scope.start} AND c.requested_at < ${scope.end}
      ${hubFilter(sql.ref('c.hub_id'), scope.hubIds)}
    GROUP BY GROUPING SETS ((c.hub_id), ())
  `.execute(db);
}

/** The reporting fields of the latest signed-off formulation of each case received. */
function formulationCounts(db: Executor, scope: Scope) {
  return sql<{ dimension: string; hub_id: string; month: string; key: string; n: number }>`
    WITH latest AS MATERIALIZED (
      SELECT DISTINCT ON (f.case_id) f.case_id, c.hub_id,
        to_char(${london(sql.ref('c.requested_at'))}, 'YYYY-MM') AS month,
        f.primary_vulnerability,
        f.presentations, f.mainstream_relation, f.additional_needs, f.convictions,
        f.supervision_failures,
        coalesce(f.primary_vulnerability IN (${sql.join(
          MENTAL_HEALTH_DIFFICULTIES.map((code) => sql.lit(code)),
        )}), false) AS mental_health
      FROM cases c
      JOIN formulations f ON f.case_id = c.id AND f.status = 'signed_off'
      WHERE c.requested_at >= ${scope.countStart} AND c.requested_at < ${scope.countEnd}
      ORDER BY f.case_id, f.version_number DESC
    ),
    single AS (
      SELECT hub_id, month,
        coalesce(primary_vulnerability, 'not_recorded') AS primary_vulnerability,
        coalesce(mainstream_relation, 'not_recorded') AS mainstream_relation,
        CASE convictions WHEN true THEN 'yes' WHEN false THEN 'no' ELSE 'not_known' END
          AS convictions,
        CASE supervision_failures WHEN true THEN 'yes' WHEN false THEN 'no' ELSE 'not_known' END
          AS supervision_failures,
        CASE WHEN mental_health THEN 'yes' ELSE 'no' END AS mental_health,
        CASE WHEN mental_health AND jsonb_array_length(additional_needs) > 0 THEN 'yes'
          ELSE 'no' END AS mental_health_additional_needs,
        CASE WHEN mental_health AND mainstream_relation IN ('lost_to_services', 'never_known')
          THEN 'yes' ELSE 'no' END AS mental_health_outside_services
      FROM latest
    )
    SELECT
      CASE
        WHEN grouping(primary_vulnerability) = 0 THEN 'primary_vulnerability'
        WHEN grouping(mainstream_relation) = 0 THEN 'mainstream_relation'
        WHEN grouping(convictions) = 0 THEN 'convictions'
        WHEN grouping(supervision_failures) = 0 THEN 'supervision_failures'
        WHEN grouping(mental_health) = 0 THEN 'mental_health'
        WHEN grouping(mental_health_additional_needs) = 0 THEN 'mental_health_additional_needs'
        WHEN grouping(mental_health_outside_services) = 0 THEN 'mental_health_outside_services'
        ELSE 'assessed'
      END AS dimension,
      hub_id,
      month,
      coalesce(primary_vulnerability, mainstream_relation, convictions, supervision_failures,
        mental_health, mental_health_additional_needs, mental_health_outside_services, 'all') AS key,
      count(*)::int AS n
    FROM single
    GROUP BY GROUPING SETS (
      (hub_id, month), (hub_id, month, primary_vulnerability),
      (hub_id, month, mainstream_relation), (hub_id, month, convictions),
      (hub_id, month, supervision_failures), (hub_id, month, mental_health),
      (hub_id, month, mental_health_additional_needs),
      (hub_id, month, mental_health_outside_services)
    )
    UNION ALL
    SELECT 'presentation', l.hub_id, l.month, x.code, count(DISTINCT l.case_id)::int
    FROM latest l, jsonb_array_elements_text(l.presentations) AS x(code)
    GROUP BY l.hub_id, l.month, x.code
    UNION ALL
    SELECT 'additional_need', l.hub_id, l.month, x.code, count(DISTINCT l.case_id)::int
    FROM latest l, jsonb_array_elements_text(l.additional_needs) AS x(code)
    GROUP BY l.hub_id, l.month, x.code
  `.execute(db);
}

/** Cases closed in the period: outcome and the officer's confidence, per hub. */
function closureCounts(db: Executor, scope: Scope) {
  return sql<{ dimension: string; hub_id: string; month: string; key: string; n: number }>`
    WITH closed AS (
      SELECT c.hub_id,
        to_char(${london(sql.ref('c.closed_at'))}, 'YYYY-MM') AS month,
        coalesce(cs.outcome,
          CASE t.decision WHEN 'decline' THEN 'declined_at_triage'
            WHEN 'urgent' THEN 'urgent_diversion_at_triage' END,
          'not_recorded') AS outcome,
        coalesce(fb.confidence::text, 'not_answered') AS confidence
      FROM cases c
      LEFT JOIN closure_summaries cs ON cs.case_id = c.id
      LEFT JOIN triage_decisions t ON t.case_id = c.id
      LEFT JOIN closure_feedback fb ON fb.case_id = c.id
      WHERE c.status = 'closed' AND c.closed_at >= ${scope.countStart} AND c.closed_at < ${scope.countEnd}
    )
    SELECT CASE WHEN grouping(outcome) = 0 THEN 'outcome' ELSE 'confidence' END AS dimension,
      hub_id, month, coalesce(outcome, confidence) AS key, count(*)::int AS n
    FROM closed
    GROUP BY GROUPING SETS ((hub_id, month, outcome), (hub_id, month, confidence))
  `.execute(db);
}

/** The officer's confidence at closure (1–5), median and mean, per hub and for all. */
function confidenceSummaries(db: Executor, scope: Scope) {
  return sql<{ hub_id: string | null; n: number; median: number | null; mean: number | null }>`
    SELECT c.hub_id, count(*)::int AS n,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY fb.confidence) AS median,
      avg(fb.confidence)::float8 AS mean
    FROM cases c JOIN closure_feedback fb ON fb.case_id = c.id
    WHERE c.status = 'closed' AND c.closed_at >= ${scope.start} AND c.closed_at < ${scope.end}
      ${hubFilter(sql.ref('c.hub_id'), scope.hubIds)}
    GROUP BY GROUPING SETS ((c.hub_id), ())
  `.execute(db);
}

const toNumber = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * Every aggregate the pages need, in a handful of independent queries. `run` decides where
 * each runs: one after another in one transaction, or at the same time on several connections
 * sharing one snapshot (snapshot.ts). The slowest are asked for first.
 */
export async function measure(run: Run, scope: Scope): Promise<RawStatistics> {
  const [
    byCase,
    byPerson,
    formulation,
    closures,
    triage,
    confidence,
    caseload,
    open,
    hubs,
    clinicians,
  ] = await Promise.all([
    run((db) => receivedByCase(db, scope)),
    run((db) => receivedByPerson(db, scope)),
    run((db) => formulationCounts(db, scope)),
    run((db) => closureCounts(db, scope)),
    run((db) => triageSummaries(db, scope)),
    run((db) => confidenceSummaries(db, scope)),
    run((db) => caseloadDistribution(db, scope)),
    run((db) => openCounts(db, scope)),
    run((db) => allHubs(db)),
    scope.namedClinicians
      ? run(async (db) => (await caseloadByClinician(db, scope)).rows)
      : Promise.resolve([]),
  ]);

  const counts: CountRow[] = [
    ...[...byCase.rows, ...byPerson.rows].map((r) => ({
      dimension: r.dimension,
      hubId: r.hub_id,
      key: r.key,
      key2: r.key2,
      month: r.month,
      n: Number(r.n),
    })),
    ...[...formulation.rows, ...closures.rows].map((r) => ({
      dimension: r.dimension,
      hubId: r.hub_id,
      key: r.key,
      key2: null,
      month: r.month,
      n: Number(r.n),
    })),
    ...open.rows.map((r) => ({
      dimension: 'open',
      hubId: r.hub_id,
      key: 'all',
      key2: null,
      month: null,
      n: Number(r.n),
    })),
    ...caseload.rows
      .filter((r) => r.band !== null)
      .map((r) => ({
        dimension: 'caseload',
        hubId: null,
        key: r.band!,
        key2: null,
        month: null,
        n: r.n,
      })),
  ];
  const loadSummary = caseload.rows.find((r) => r.band === null);
  const summaries: SummaryRow[] = [
    ...triage.rows.map((r) => ({
      dimension: 'time_to_triage',
      hubId: r.hub_id,
      n: Number(r.n),
      median: toNumber(r.median),
      p90: toNumber(r.p90),
      mean: null,
    })),
    ...confidence.rows.map((r) => ({
      dimension: 'confidence',
      hubId: r.hub_id,
      n: Number(r.n),
      median: toNumber(r.median),
      p90: null,
      mean: toNumber(r.mean),
    })),
    {
      dimension: 'caseload',
      hubId: null,
      n: Number(loadSummary?.n ?? 0),
      median: toNumber(loadSummary?.median),
      p90: null,
      mean: toNumber(loadSummary?.mean),
    },
  ];
  return {
    hubs,
    counts,
    summaries,
    clinicians: clinicians.map((c) => ({ name: c.name, n: Number(c.n) })),
  };
}
