import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { formatCaseReference } from '../../domain/case-reference.ts';

/**
 * The next reference of a hub for a year. One upsert takes the counter row's lock until the
 * transaction ends, so concurrent requests get distinct numbers and a rolled-back request
 * gives its number back.
 */
export async function nextCaseReference(
  trx: Transaction<DB>,
  hub: { id: string; code: string },
  year: number,
): Promise<string> {
  const { rows } = await sql<{ last_value: number }>`
    INSERT INTO case_reference_counters (hub_id, year, last_value)
    VALUES (${hub.id}, ${year}, 1)
    ON CONFLICT (hub_id, year)
    DO UPDATE SET last_value = case_reference_counters.last_value + 1
    RETURNING last_value`.execute(trx);
  return formatCaseReference({ hub: hub.code, year, sequence: Number(rows[0]!.last_value) });
}
