import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { ERASURE, type DisposableTable } from '../../domain/disposal.ts';
import { restrictedKey } from '../../domain/rectification.ts';
import { restrictedRecords } from '../rectification/service.ts';
import {
  SAR_ITEM_TABLES,
  controllersOf,
  gatheredTables,
  itemBody,
  recordedAtOf,
  type ItemController,
  type SarController,
} from '../../domain/subject-access.ts';

/** What gathering found: items per controller and the cases they came from. */
export interface Gathered {
  counts: Record<ItemController, number>;
  restricted: number;
  caseIds: string[];
}

interface Found {
  caseId: string;
  table: DisposableTable;
  sourceId: string;
  recordedAt: string | null;
  body: string;
  restricted: boolean;
}

/** Every row of a table that belongs to one of the cases, as JSON, with its case. */
async function rowsOf(trx: Transaction<DB>, table: DisposableTable, caseIds: string[]) {
  const rule = ERASURE[table];
  const ids = sql.join(caseIds.map((id) => sql`${id}::uuid`));
  const query =
    rule.via === 'case_id'
      ? sql<{ row: Record<string, unknown>; case_id: string }>`
          SELECT to_jsonb(t) AS row, t.case_id::text AS case_id
          FROM ${sql.table(table)} t WHERE t.case_id IN (${ids})`
      : sql<{ row: Record<string, unknown>; case_id: string }>`
          SELECT to_jsonb(t) AS row, p.case_id::text AS case_id
          FROM ${sql.table(table)} t
          JOIN ${sql.table(rule.via.parent)} p ON p.id = t.${sql.ref(rule.via.column)}
          WHERE p.case_id IN (${ids})`;
  const result = await query.execute(trx);
  return result.rows.map((r) => ({
    caseId: r.case_id,
    row: typeof r.row === 'string' ? (JSON.parse(r.row) as Record<string, unknown>) : r.row,
  }));
}

/**
 * The records of these cases restricted by a rectification (never released), as the one answer
 * every release path asks (src/features/rectification/service.ts restrictedRecords).
 */
async function restrictedOf(trx: Transaction<DB>, caseIds: string[]): Promise<Set<string>> {
  const keys = new Set<string>();
  for (const caseId of caseIds)
    for (const key of await restrictedRecords(trx, caseId)) keys.add(key);
  return keys;
}

/** Whether a gathered row is (a version of) a restricted record. */
const isRestrictedRow = (
  keys: Set<string>,
  table: DisposableTable,
  row: Record<string, unknown>,
) =>
  table === 'case_note_versions'
    ? keys.has(restrictedKey('case_notes', scalar(row.note_id)))
    : keys.has(restrictedKey(table, scalar(row.id) || scalar(row.case_id)));

/** A scalar of a row as text ('' for anything else). */
const scalar = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : '';

/** The record's id, or its key's parts where it has no id of its own. */
const sourceIdOf = (row: Record<string, unknown>): string =>
  scalar(row.id) ||
  [row.note_id, row.version, row.formulation_id, row.factor_code, row.case_id]
    .map(scalar)
    .filter((v) => v !== '')
    .join(':');

/**
 * Gathers, in the caller's transaction, every record of the person the request's controllers
 * hold, across all the person's cases (episodes): for each controller the tables of its
 * compartment and their content columns (src/domain/subject-access.ts gatheredTables), each
 * record copied as it stands into that controller's item table in case order, then by date.
 * A restricted record (a note's versions too) is gathered already withheld, and cannot be released.
 */
export async function gatherItems(
  trx: Transaction<DB>,
  request: { id: string; personId: string; controller: SarController },
): Promise<Gathered> {
  const cases = await trx
    .selectFrom('cases')
    .select('id')
    .where('person_id', '=', request.personId)
    .orderBy('requested_at')
    .orderBy('id')
    .execute();
  const caseIds = cases.map((c) => c.id);
  const counts: Record<ItemController, number> = { nhs: 0, police: 0 };
  let restricted = 0;
  if (caseIds.length === 0) return { counts, restricted, caseIds };
  const caseOrder = new Map(caseIds.map((id, i) => [id, i]));
  const restrictedSet = await restrictedOf(trx, caseIds);
  for (const controller of controllersOf(request.controller)) {
    const found: Found[] = [];
    const tables = gatheredTables(controller);
    for (const table of tables) {
      for (const { caseId, row } of await rowsOf(trx, table, caseIds)) {
        const body = itemBody(ERASURE[table].erase, row);
        if (body === null) continue;
        found.push({
          caseId,
          table,
          sourceId: sourceIdOf(row),
          recordedAt: recordedAtOf(row),
          body,
          restricted: isRestrictedRow(restrictedSet, table, row),
        });
      }
    }
    found.sort(
      (a, b) =>
        caseOrder.get(a.caseId)! - caseOrder.get(b.caseId)! ||
        (a.recordedAt ?? '').localeCompare(b.recordedAt ?? '') ||
        tables.indexOf(a.table) - tables.indexOf(b.table) ||
        a.sourceId.localeCompare(b.sourceId),
    );
    if (found.length === 0) continue;
    await trx
      .insertInto(SAR_ITEM_TABLES[controller])
      .values(
        found.map((item, position) => ({
          request_id: request.id,
          case_id: item.caseId,
          source_table: item.table,
          source_id: item.sourceId,
          position,
          recorded_at: item.recordedAt ? new Date(item.recordedAt) : null,
          body: item.body,
          ...(item.restricted
            ? { decision: 'withhold' as const, ground: 'restricted_note' as const }
            : {}),
        })),
      )
      .execute();
    counts[controller] = found.length;
    restricted += found.filter((f) => f.restricted).length;
  }
  return { counts, restricted, caseIds };
}
