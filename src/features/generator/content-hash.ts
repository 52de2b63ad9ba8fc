import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

/** The tables the generator writes, whose content the hash covers. */
export const GENERATED_TABLES = [
  'users',
  'role_assignments',
  'people',
  'cases',
  'case_reference_counters',
  'support_requests',
  'triage_decisions',
  'allocations',
  'consents',
  'lawful_bases',
  'advice',
  'police_updates',
  'formulations',
  'formulation_factors',
  'formulation_scenarios',
  'plans',
  'plan_needs',
  'plan_actions',
  'plan_reviews',
  'liaison_contacts',
  'contacts',
  'case_notes',
  'case_note_versions',
  'document_contents',
  'document_content_chunks',
  'health_documents',
  'police_documents',
  'meetings',
  'meeting_attendees',
  'meeting_actions',
  'disclosures',
  'disclosure_recipients',
  'disclosure_items',
  'released_items',
  'closure_requests',
  'closure_summaries',
  'closure_feedback',
  'audit_events',
] as const;

/**
 * A SHA-256 of the content of the generated tables, to show that a seed gives the same rows.
 * Rows are hashed as JSON in a stable order. Left out: what the database assigns rather than
 * the generator (an audit row's id and transaction id), and hub ids, which differ between
 * databases: they are replaced by the hub's code.
 */
export async function contentHash(db: Kysely<DB>): Promise<string> {
  const hubs = await db.selectFrom('hubs').select(['id', 'code']).execute();
  const hash = createHash('sha256');
  for (const table of GENERATED_TABLES) {
    const { rows } = await sql<{ j: string }>`
      SELECT (to_jsonb(t) - 'id' - 'xid')::text AS j FROM ${sql.table(table)} t`.execute(db);
    const texts = rows.map((r) => {
      let text = r.j;
      for (const hub of hubs) text = text.replaceAll(hub.id, `hub:${hub.code}`);
      return text;
    });
    texts.sort();
    hash.update(`${table}\n${texts.join('\n')}\n`);
  }
  return hash.digest('hex');
}
