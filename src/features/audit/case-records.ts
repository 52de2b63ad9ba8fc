import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { isUuid } from '../../web/ids.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/**
 * Which case each record belongs to, for the IG officer's pages: audit rows name a record by
 * its own id (a closure request, a disclosure, a meeting action…), and a case's access log must
 * cover every record of the case. The tables with a `case_id`, and the parts of a record kept in
 * tables of their own (through their parent). case-records.test.ts fails when a table with a
 * `case_id` column is added without being listed here (or in NOT_RECORDS).
 */
const OWN_ID_TABLES = [
  'advice',
  'allocations',
  'case_access_reasons',
  'case_notes',
  'case_reopenings',
  'closure_requests',
  'consents',
  'contacts',
  'disclosures',
  'formulations',
  'health_documents',
  'lawful_bases',
  'liaison_contacts',
  'meetings',
  'plans',
  'police_documents',
  'police_rectifications',
  'police_updates',
  'record_rectifications',
  'released_items',
  'request_reassignments',
  'retention_decisions',
  'retention_disposals',
  'subject_access_health_items',
  'subject_access_police_items',
  'triage_decisions',
] as const;

/** Parts of a record, through their parent's case. */
const PART_TABLES = [
  { table: 'plan_needs', parent: 'plans', key: 'plan_id' },
  { table: 'plan_actions', parent: 'plans', key: 'plan_id' },
  { table: 'plan_reviews', parent: 'plans', key: 'plan_id' },
  { table: 'meeting_attendees', parent: 'meetings', key: 'meeting_id' },
  { table: 'meeting_actions', parent: 'meetings', key: 'meeting_id' },
  { table: 'disclosure_items', parent: 'disclosures', key: 'disclosure_id' },
  { table: 'disclosure_recipients', parent: 'disclosures', key: 'disclosure_id' },
  { table: 'formulation_scenarios', parent: 'formulations', key: 'formulation_id' },
] as const;

/**
 * Tables with a `case_id` that hold no record of their own (keyed by the case id itself, which
 * audit rows name directly, or not case records at all).
 */
export const NOT_RECORDS = [
  'support_requests',
  'closure_summaries',
  'closure_feedback',
  'form_submissions',
  'api_idempotency_keys',
  'notifications',
  // The next review dates of a case's retention clocks, keyed by the case (0160).
  'retention_reviews',
] as const;

export const CASE_RECORD_TABLES: readonly string[] = [
  ...OWN_ID_TABLES,
  ...PART_TABLES.map((p) => p.table),
];

/**
 * `(record_id text, case_id uuid)` of the records matching `where`, one select per table so each
 * uses its own index: `where` is given the alias of the table whose id or case it filters.
 */
function records(where: {
  own: (alias: string) => RawBuilder<boolean>;
  part: (alias: string, parent: string) => RawBuilder<boolean>;
}): RawBuilder<unknown> {
  return sql.join(
    [
      sql`SELECT c.id::text AS record_id, c.id AS case_id FROM cases c WHERE ${where.own('c')}`,
      ...OWN_ID_TABLES.map(
        (t) => sql`SELECT r.id::text, r.case_id FROM ${sql.table(t)} r WHERE ${where.own('r')}`,
      ),
      ...PART_TABLES.map(
        (p) =>
          sql`SELECT r.id::text, x.case_id FROM ${sql.table(p.table)} r
              JOIN ${sql.table(p.parent)} x ON x.id = r.${sql.ref(p.key)}
              WHERE ${where.part('r', 'x')}`,
      ),
    ],
    sql` UNION ALL `,
  );
}

/** The ids (as text) of every record of one case, the case's own id included. */
export function recordIdsOfCase(caseId: string): RawBuilder<string> {
  const ofCase = (alias: string) =>
    alias === 'c'
      ? sql<boolean>`c.id = ${caseId}::uuid`
      : sql<boolean>`${sql.ref(`${alias}.case_id`)} = ${caseId}::uuid`;
  return sql<string>`SELECT a.record_id FROM (${records({
    own: ofCase,
    part: (_alias, parent) => ofCase(parent),
  })}) a`;
}

/**
 * Whether the audit row aliased `e` is about the case: its subject is the case or one of its
 * records, it names the case (detail.caseId), or it is a list that showed the case
 * (detail.caseIds, or a list of the case's disclosures or formulations). Written as a union of
 * row ids, one indexed lookup per way (migration 0126), so the log is never scanned whole.
 */
export function aboutCase(caseId: string): RawBuilder<boolean> {
  const ids = recordIdsOfCase(caseId);
  const listed = (key: string) =>
    sql`SELECT x.id FROM (${ids}) r (id)
        JOIN audit_events x ON x.detail @> jsonb_build_object(${key}::text, jsonb_build_array(r.id))`;
  return sql<boolean>`e.id IN (
    SELECT x.id FROM audit_events x WHERE x.subject_id IN (${ids})
    UNION SELECT x.id FROM audit_events x
      WHERE x.detail @> jsonb_build_object('caseId', ${caseId}::text)
    UNION SELECT x.id FROM audit_events x
      WHERE x.detail @> jsonb_build_object('caseIds', jsonb_build_array(${caseId}::text))
    UNION ${listed('disclosureIds')}
    UNION ${listed('formulationIds')}
  )`;
}

/** For each of these ids that is a case or a record of one: the case's id and reference. */
export async function casesOfRecords(
  db: Executor,
  ids: readonly string[],
): Promise<Map<string, { caseId: string; reference: string }>> {
  const wanted = [...new Set(ids.filter(isUuid))];
  if (wanted.length === 0) return new Map();
  const byId = (alias: string) => sql<boolean>`${sql.ref(`${alias}.id`)} = ANY(${wanted}::uuid[])`;
  const { rows } = await sql<{ record_id: string; case_id: string; reference: string }>`
    SELECT a.record_id, a.case_id, c.reference
    FROM (${records({ own: byId, part: byId })}) a JOIN cases c ON c.id = a.case_id`.execute(db);
  return new Map(rows.map((r) => [r.record_id, { caseId: r.case_id, reference: r.reference }]));
}
