import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { RowBatch } from './story.ts';

/**
 * PostgreSQL takes at most 65,535 parameters a statement; we stay well under, and keep each
 * statement small enough for PGlite's memory.
 */
const MAX_PARAMETERS = 20_000;

/**
 * Writes a batch with multi-row inserts, table by table in the batch's order (parents first),
 * inside the caller's transaction. Returns the rows written per table.
 */
export async function writeBatch(
  trx: Transaction<DB>,
  batch: RowBatch,
): Promise<Record<string, number>> {
  for (const [table, rows] of batch.entries()) {
    const columns = Object.keys(rows[0] ?? {}).length || 1;
    const size = Math.max(1, Math.floor(MAX_PARAMETERS / columns));
    for (let i = 0; i < rows.length; i += size) {
      // Rows of one table may leave different optional columns out: fill them in as NULL, so
      // every row of a statement has the same columns (Kysely takes the union otherwise).
      const chunk = rows.slice(i, i + size);
      await trx.insertInto(table).values(uniform(chunk)).execute();
    }
  }
  await updatePeople(trx, batch.personUpdates);
  return batch.counts();
}

/** Every row with the union of the chunk's columns; missing ones NULL. */
function uniform(rows: object[]): object[] {
  const keys = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) keys.add(key);
  if (rows.every((row) => Object.keys(row).length === keys.size)) return rows;
  return rows.map((row) => {
    const full: Record<string, unknown> = {};
    for (const key of keys) full[key] = (row as Record<string, unknown>)[key] ?? null;
    return full;
  });
}

/**
 * A re-referral updates the person the officer linked to (their details become the request's,
 * which here are unchanged): a new version and updated_at, as submitRequest does.
 */
async function updatePeople(
  trx: Transaction<DB>,
  updates: readonly { id: string; at: Date }[],
): Promise<void> {
  const byPerson = new Map<string, { times: number; at: Date }>();
  for (const u of updates) {
    const seen = byPerson.get(u.id);
    byPerson.set(u.id, {
      times: (seen?.times ?? 0) + 1,
      at: seen && seen.at > u.at ? seen.at : u.at,
    });
  }
  const entries = [...byPerson.entries()];
  for (let i = 0; i < entries.length; i += 5000) {
    const values = entries
      .slice(i, i + 5000)
      .map(([id, u]) => sql`(${id}::uuid, ${u.times}::int, ${u.at.toISOString()}::timestamptz)`);
    await sql`
      UPDATE people SET version = people.version + v.times, updated_at = v.at
      FROM (VALUES ${sql.join(values)}) AS v (id, times, at)
      WHERE people.id = v.id`.execute(trx);
  }
}
