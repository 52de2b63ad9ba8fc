import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import {
  DISPOSED_TEXT,
  ERASURE,
  PERSON_ERASE,
  RELEASED_DIRECTIONS,
  RELEASED_ITEMS_ERASE,
  tablesDisposedBy,
  type ErasureRule,
} from '../../domain/disposal.ts';
import type { RetentionClock } from '../../domain/retention.ts';

/** What a disposal erased: counts only (they go into the erasure audit row). */
export interface ErasureCounts {
  /** Rows whose content was erased, per table (tables with none are left out). */
  rows: Record<string, number>;
  /** Stored documents whose bytes were removed. */
  documents: number;
  /** Whether the person's police-provided details were erased (no other case of theirs). */
  personDetails: boolean;
}

const erased = (column: string) =>
  sql`${sql.ref(column)} = CASE WHEN ${sql.ref(column)} IS NULL THEN NULL ELSE ${DISPOSED_TEXT}::text END`;

const rowsOfCase = (rule: ErasureRule, caseId: string) =>
  rule.via === 'case_id'
    ? sql`case_id = ${caseId}::uuid`
    : sql`${sql.ref(rule.via.column)} IN (SELECT id FROM ${sql.table(rule.via.parent)} WHERE case_id = ${caseId}::uuid)`;

/**
 * Erases the content of one clock's records of a case (src/domain/disposal.ts says which), in
 * the caller's transaction: text content is overwritten, stored document bytes deleted,
 * released copies included; codes, dates and references stay, so the rows still count in the
 * statistics. The freezing triggers stand aside for this transaction only (0165_disposal.sql).
 */
export async function eraseClock(
  trx: Transaction<DB>,
  caseId: string,
  clock: RetentionClock,
): Promise<ErasureCounts> {
  const counts: ErasureCounts = { rows: {}, documents: 0, personDetails: false };
  await sql`SELECT set_config('cicero.disposal', 'on', true)`.execute(trx);
  try {
    for (const table of tablesDisposedBy(clock)) {
      const rule = ERASURE[table];
      const where = rowsOfCase(rule, caseId);
      for (const column of rule.contents ?? []) {
        const ids = await sql<{ id: string }>`
          SELECT DISTINCT ${sql.ref(column)}::text AS id FROM ${sql.table(table)}
          WHERE ${where} AND ${sql.ref(column)} IS NOT NULL`.execute(trx);
        counts.documents += await removeBytes(
          trx,
          ids.rows.map((r) => r.id),
        );
      }
      if (rule.erase.length === 0) continue;
      const result = await sql`UPDATE ${sql.table(table)}
        SET ${sql.join(rule.erase.map(erased))} WHERE ${where}`.execute(trx);
      const n = Number(result.numAffectedRows ?? 0);
      if (n > 0) counts.rows[table] = n;
    }
    const released = await sql`UPDATE released_items
      SET ${sql.join(RELEASED_ITEMS_ERASE.map(erased))}
      WHERE case_id = ${caseId}::uuid
        AND direction IN (${sql.join(RELEASED_DIRECTIONS[clock])})`.execute(trx);
    const n = Number(released.numAffectedRows ?? 0);
    if (n > 0) counts.rows.released_items = n;
    if (clock === 'police') counts.personDetails = await erasePerson(trx, caseId);
  } finally {
    await sql`SELECT set_config('cicero.disposal', '', true)`.execute(trx);
  }
  return counts;
}

/** Deletes the bytes of stored contents and blanks their fingerprint; returns how many. */
async function removeBytes(trx: Transaction<DB>, contentIds: string[]): Promise<number> {
  if (contentIds.length === 0) return 0;
  await trx.deleteFrom('document_content_chunks').where('content_id', 'in', contentIds).execute();
  await trx
    .updateTable('document_contents')
    .set({ sha256: '0'.repeat(64) })
    .where('id', 'in', contentIds)
    .execute();
  return contentIds.length;
}

/**
 * The person's police-provided details (their names, NHS number, postcode district, language
 * and needs), erased only when no other case is of the same person: another episode still
 * needs them. Date of birth, gender and ethnicity stay (coded; the statistics read them).
 */
async function erasePerson(trx: Transaction<DB>, caseId: string): Promise<boolean> {
  const row = await trx
    .selectFrom('cases')
    .select('person_id')
    .where('id', '=', caseId)
    .executeTakeFirstOrThrow();
  const others = await trx
    .selectFrom('cases')
    .select('id')
    .where('person_id', '=', row.person_id)
    .where('id', '<>', caseId)
    .limit(1)
    .executeTakeFirst();
  if (others) return false;
  await sql`UPDATE people SET
    ${sql.join([
      ...PERSON_ERASE.required.map((c) => sql`${sql.ref(c)} = ${DISPOSED_TEXT}::text`),
      ...PERSON_ERASE.optional.map((c) => sql`${sql.ref(c)} = NULL`),
    ])}
    WHERE id = ${row.person_id}::uuid`.execute(trx);
  return true;
}
