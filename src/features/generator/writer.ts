import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { RowBatch, TableName } from './story.ts';

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
    if (!(STAGED_TABLES as readonly string[]).includes(table)) await insertRows(trx, table, rows);
  }
  await writeFormulations(trx, batch);
  await writePlans(trx, batch);
  await updatePeople(trx, batch.personUpdates);
  return batch.counts();
}

/** Multi-row inserts of one table's rows, in chunks under the parameter limit. */
async function insertRows(trx: Transaction<DB>, table: TableName, rows: object[]): Promise<void> {
  const columns = Object.keys(rows[0] ?? {}).length || 1;
  const size = Math.max(1, Math.floor(MAX_PARAMETERS / columns));
  for (let i = 0; i < rows.length; i += size) {
    // Rows of one table may leave different optional columns out: fill them in as NULL, so
    // every row of a statement has the same columns (Kysely takes the union otherwise).
    const chunk = rows.slice(i, i + size);
    await trx.insertInto(table).values(uniform(chunk)).execute();
  }
}

/** Written apart, after the other tables: nothing else refers to them yet. */
const STAGED_TABLES = [
  'formulations',
  'formulation_factors',
  'formulation_scenarios',
  'plans',
  'plan_needs',
  'plan_actions',
  'plan_reviews',
] as const;

/**
 * Formulation versions as the formulation service writes them: ratings and scenarios while
 * the version is not signed off, then the sign-off; a review's version only after the version
 * it reviews is signed off (one version in progress per case). The triggers refuse parts of a
 * signed-off version, so each round writes a signed-off version as submitted, adds its parts,
 * then signs it off.
 */
async function writeFormulations(trx: Transaction<DB>, batch: RowBatch): Promise<void> {
  const versions = batch.rowsOf('formulations');
  if (versions.length === 0) return;
  const numberOf = new Map(versions.map((f) => [f.id!, f.version_number]));
  const factors = batch.rowsOf('formulation_factors');
  const scenarios = batch.rowsOf('formulation_scenarios');
  const last = Math.max(...versions.map((f) => f.version_number));
  for (let number = 1; number <= last; number += 1) {
    const these = versions.filter((f) => f.version_number === number);
    const ofThese = <T extends { formulation_id: string }>(rows: T[]) =>
      rows.filter((r) => numberOf.get(r.formulation_id) === number);
    await insertRows(
      trx,
      'formulations',
      these.map((f) =>
        f.status === 'signed_off'
          ? { ...f, status: 'submitted', signed_off_by: null, signed_off_at: null }
          : f,
      ),
    );
    await insertRows(trx, 'formulation_factors', ofThese(factors));
    await insertRows(trx, 'formulation_scenarios', ofThese(scenarios));
    const signed = these.filter((f) => f.status === 'signed_off');
    for (let i = 0; i < signed.length; i += 5000) {
      const values = signed
        .slice(i, i + 5000)
        .map(
          (f) =>
            sql`(${f.id}::uuid, ${f.signed_off_by}::uuid, ${new Date(f.signed_off_at!).toISOString()}::timestamptz)`,
        );
      await sql`
        UPDATE formulations SET status = 'signed_off', signed_off_by = v.by, signed_off_at = v.at
        FROM (VALUES ${sql.join(values)}) AS v (id, by, at) WHERE formulations.id = v.id`.execute(
        trx,
      );
    }
  }
}

/**
 * Plan versions as the plans service writes them: a version and its parts are written while
 * it is current, then frozen (superseded_at set), and only then the next version is written.
 * The triggers refuse parts of a superseded version and allow one current version per case,
 * so the versions go in rounds: every case's version 1, then every version 2, and so on.
 */
async function writePlans(trx: Transaction<DB>, batch: RowBatch): Promise<void> {
  const plans = batch.rowsOf('plans');
  if (plans.length === 0) return;
  const versionOf = new Map(plans.map((p) => [p.id!, p.version_number]));
  const needs = batch.rowsOf('plan_needs');
  const actions = batch.rowsOf('plan_actions');
  const last = Math.max(...plans.map((p) => p.version_number));
  for (let version = 1; version <= last; version += 1) {
    const these = plans.filter((p) => p.version_number === version);
    const ofThese = <T extends { plan_id: string }>(rows: T[]) =>
      rows.filter((r) => versionOf.get(r.plan_id) === version);
    await insertRows(
      trx,
      'plans',
      these.map((p) => ({ ...p, superseded_at: null })),
    );
    await insertRows(trx, 'plan_needs', ofThese(needs));
    await insertRows(trx, 'plan_actions', ofThese(actions));
    const frozen = these.filter((p) => p.superseded_at);
    for (let i = 0; i < frozen.length; i += 5000) {
      const values = frozen
        .slice(i, i + 5000)
        .map((p) => sql`(${p.id}::uuid, ${new Date(p.superseded_at!).toISOString()}::timestamptz)`);
      await sql`
        UPDATE plans SET superseded_at = v.at FROM (VALUES ${sql.join(values)}) AS v (id, at)
        WHERE plans.id = v.id`.execute(trx);
    }
  }
  await insertRows(trx, 'plan_reviews', batch.rowsOf('plan_reviews'));
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
