import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../../src/db/database.ts';
import { tablesOf } from '../../src/domain/compartments.ts';

/**
 * Canaries for the boundary crawl (test/leak/boundary.test.ts, docs/boundary.md).
 *
 * Every text and JSON column of every health-compartment table (TABLE_COMPARTMENTS, found in
 * the database itself, so a table added later is covered without touching this file) is
 * overwritten, row by row, with a unique marker `CANARY-<table>-<column>-<nnnn>`. A response,
 * header or log line holding one of them is health information that crossed the boundary.
 * The number is zero-padded so no canary is a prefix of another; a column too narrow for that
 * gets the short form `CANARY-<nnnn>` (the registry still knows where each one lives).
 */

export const CANARY_PATTERN = /CANARY-[A-Za-z0-9_.-]+/g;

export interface Canary {
  value: string;
  table: string;
  column: string;
  /** The case the row belongs to, when the table (or its parent) says. */
  caseId: string | null;
  /** The row's `id` column, when it has one. */
  rowId: string | null;
}

export interface CanaryColumn {
  table: string;
  column: string;
  dataType: string;
}

export interface SkippedColumn extends CanaryColumn {
  /** Why no canary could be written: a closed list of values (CHECK) or a reference. */
  reason: string;
}

export interface CanaryRegistry {
  canaries: Canary[];
  byValue: Map<string, Canary>;
  /** Health tables that exist but had no rows to paint: their columns are not covered. */
  emptyTables: string[];
  /** Health tables declared in TABLE_COMPARTMENTS that do not exist (yet) in the database. */
  missingTables: string[];
  /** Columns that refuse a free-text value: a leak there shows as a label, not a canary. */
  skippedColumns: SkippedColumn[];
  /** The columns that hold canaries. */
  paintedColumns: CanaryColumn[];
  /** Which canary strings a text holds, as distinct values (known or not). */
  find: (text: string) => string[];
  describe: (value: string) => string;
}

const TEXT_TYPES = new Set(['text', 'character varying', 'character', 'json', 'jsonb']);

/** The text/JSON columns of the health tables, read from information_schema. */
export async function healthTextColumns(
  database: Database,
): Promise<{ columns: CanaryColumn[]; existing: string[]; missing: string[] }> {
  const declared = tablesOf('health');
  const rows = await sql<{ table_name: string; column_name: string; data_type: string }>`
    SELECT table_name, column_name, data_type
    FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name IN (${sql.join(declared)})
    ORDER BY table_name, ordinal_position`.execute(database.db);
  const existing = [...new Set(rows.rows.map((r) => r.table_name))].sort();
  return {
    columns: rows.rows
      .filter((r) => TEXT_TYPES.has(r.data_type))
      .map((r) => ({ table: r.table_name, column: r.column_name, dataType: r.data_type })),
    existing,
    missing: declared.filter((t) => !existing.includes(t)).sort(),
  };
}

/** A parent table with a case_id that this table references (formulation_factors → formulations). */
async function caseParent(
  database: Database,
  table: string,
): Promise<{ column: string; parent: string } | null> {
  const rows = await sql<{ column_name: string; parent: string }>`
    SELECT kcu.column_name, ccu.table_name AS parent
    FROM information_schema.table_constraints tc
    JOIN information_schema.key_column_usage kcu
      ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
    JOIN information_schema.constraint_column_usage ccu
      ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
    JOIN information_schema.columns c
      ON c.table_schema = tc.table_schema AND c.table_name = ccu.table_name
      AND c.column_name = 'case_id'
    WHERE tc.table_schema = current_schema() AND tc.table_name = ${table}
      AND tc.constraint_type = 'FOREIGN KEY'
    ORDER BY kcu.column_name
    LIMIT 1`.execute(database.db);
  const row = rows.rows[0];
  return row ? { column: row.column_name, parent: row.parent } : null;
}

const quote = (identifier: string) => sql.id(identifier);
const CLOSED_VOCABULARY: Record<string, string> = {
  '23514': 'a CHECK constraint allows only a closed list of values',
  '23503': 'a foreign key: the value is a reference, not free text',
  '22P02': 'the value must have a particular form',
};

/**
 * Overwrites every text/JSON column of every row of every health table with a unique canary,
 * straight in the database (triggers that freeze signed-off records are switched off for the
 * duration: this is a test database). Columns whose constraints refuse free text are reported.
 */
export async function paintCanaries(database: Database): Promise<CanaryRegistry> {
  const { db } = database;
  const { columns, existing, missing } = await healthTextColumns(database);
  const canaries: Canary[] = [];
  const skipped: SkippedColumn[] = [];
  const painted: CanaryColumn[] = [];
  const emptyTables: string[] = [];
  let n = 0;

  for (const table of existing) {
    const tableColumns = columns.filter((c) => c.table === table);
    const hasColumn = async (name: string) =>
      (
        await sql<{ n: number }>`SELECT count(*)::int AS n FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name = ${table}
          AND column_name = ${name}`.execute(db)
      ).rows[0]!.n > 0;
    const hasCaseId = await hasColumn('case_id');
    const hasId = await hasColumn('id');
    const parent = hasCaseId ? null : await caseParent(database, table);
    const caseExpr = hasCaseId
      ? sql`t.case_id::text`
      : parent
        ? sql`(SELECT p.case_id::text FROM ${quote(parent.parent)} p WHERE p.id = t.${quote(parent.column)})`
        : sql`NULL::text`;
    const rows = await sql<{ ctid: string; case_id: string | null; row_id: string | null }>`
      SELECT t.ctid::text AS ctid, ${caseExpr} AS case_id,
        ${hasId ? sql`t.id::text` : sql`NULL::text`} AS row_id
      FROM ${quote(table)} t`.execute(db);
    if (rows.rows.length === 0) {
      emptyTables.push(table);
      continue;
    }
    await sql`ALTER TABLE ${quote(table)} DISABLE TRIGGER USER`.execute(db);
    try {
      // A row may refuse a value another row accepts (a CHECK tying the column to a status):
      // a column is skipped only when no row at all would hold a canary.
      const paintedCount = new Map<string, number>();
      const refused = new Map<string, string>();
      for (const row of rows.rows) {
        let ctid = row.ctid;
        for (const column of tableColumns) {
          n += 1;
          const number = String(n).padStart(4, '0');
          const long = `CANARY-${table}-${column.column}-${number}`;
          // The short form, for columns too narrow for the long one (registry still names them).
          const short = `CANARY-${number}`;
          const candidates: Array<[string, RawBuilder<unknown>]> =
            column.dataType === 'json' || column.dataType === 'jsonb'
              ? [
                  [long, sql`to_jsonb(ARRAY[${long}::text])`],
                  [long, sql`to_jsonb(${long}::text)`],
                  [long, sql`jsonb_build_object('canary', ${long}::text)`],
                ]
              : [
                  [long, sql`${long}::text`],
                  [short, sql`${short}::text`],
                ];
          let value = '';
          let written = false;
          let lastCode = '';
          for (const [candidateValue, candidate] of candidates) {
            try {
              const result = await sql<{ ctid: string }>`
                UPDATE ${quote(table)} SET ${quote(column.column)} = ${candidate}
                WHERE ctid = ${ctid}::tid RETURNING ctid::text AS ctid`.execute(db);
              ctid = result.rows[0]!.ctid;
              value = candidateValue;
              written = true;
              break;
            } catch (error) {
              const code = (error as { code?: unknown }).code;
              lastCode = typeof code === 'string' ? code : '';
              if (!(lastCode in CLOSED_VOCABULARY)) throw error;
            }
          }
          if (written) {
            paintedCount.set(column.column, (paintedCount.get(column.column) ?? 0) + 1);
            canaries.push({
              value,
              table,
              column: column.column,
              caseId: row.case_id,
              rowId: row.row_id,
            });
          } else {
            refused.set(column.column, CLOSED_VOCABULARY[lastCode]!);
          }
        }
      }
      for (const column of tableColumns) {
        if (paintedCount.get(column.column)) painted.push(column);
        else skipped.push({ ...column, reason: refused.get(column.column) ?? 'no row took one' });
      }
    } finally {
      await sql`ALTER TABLE ${quote(table)} ENABLE TRIGGER USER`.execute(db);
    }
  }

  const byValue = new Map(canaries.map((c) => [c.value, c]));
  return {
    canaries,
    byValue,
    emptyTables,
    missingTables: missing,
    skippedColumns: skipped,
    paintedColumns: painted,
    find: (text) => [...new Set(text.match(CANARY_PATTERN) ?? [])],
    describe: (value) => {
      const canary = byValue.get(value);
      return canary ? `${canary.table}.${canary.column}` : 'typed into a health field';
    },
  };
}

export interface FilledTables {
  /** Health tables that had no rows and got one made up from their schema. */
  inserted: string[];
  /** Health tables that had no rows and refused a made-up one, with the database's reason. */
  failed: Array<{ table: string; reason: string }>;
}

interface ColumnInfo {
  column_name: string;
  data_type: string;
  is_nullable: 'YES' | 'NO';
  column_default: string | null;
}

/**
 * Gives every existing health table without rows one row made up from its schema, so its
 * columns hold canaries even before the fixture learns to make such rows through their pages
 * (a table added by a later capability is covered the day it lands). References to `cases`
 * point at `caseId`, to `users` at `userId`, to other tables at one of their rows (made first
 * if need be); a text column limited by a CHECK (… = ANY (ARRAY[…])) gets its first value.
 */
export async function fillEmptyHealthTables(
  database: Database,
  context: { caseId: string; userId: string; now: Date },
): Promise<FilledTables> {
  const { db } = database;
  const { existing } = await healthTextColumns(database);
  const result: FilledTables = { inserted: [], failed: [] };
  const rowOf = new Map<string, string | null>();

  const idOfRow = async (table: string, depth: number): Promise<string | null> => {
    if (rowOf.has(table)) return rowOf.get(table)!;
    const rows = await sql<{ id: string }>`SELECT id::text AS id FROM ${quote(table)} LIMIT 1`
      .execute(db)
      .catch(() => ({ rows: [] as Array<{ id: string }> }));
    if (rows.rows[0]) return rows.rows[0].id;
    if (depth > 3) return null;
    const made = await insertRow(table, depth + 1);
    rowOf.set(table, made);
    if (made) result.inserted.push(table);
    return made;
  };

  const insertRow = async (table: string, depth: number): Promise<string | null> => {
    const columns = (
      await sql<ColumnInfo>`SELECT column_name, data_type, is_nullable, column_default
        FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = ${table}
        ORDER BY ordinal_position`.execute(db)
    ).rows;
    const references = new Map(
      (
        await sql<{ column_name: string; parent: string }>`
          SELECT kcu.column_name, ccu.table_name AS parent
          FROM information_schema.table_constraints tc
          JOIN information_schema.key_column_usage kcu
            ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
          JOIN information_schema.constraint_column_usage ccu
            ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
          WHERE tc.table_schema = current_schema() AND tc.table_name = ${table}
            AND tc.constraint_type = 'FOREIGN KEY'`.execute(db)
      ).rows.map((r) => [r.column_name, r.parent]),
    );
    const checks = (
      await sql<{ definition: string }>`SELECT pg_get_constraintdef(c.oid) AS definition
        FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid
        JOIN pg_namespace n ON n.oid = r.relnamespace
        WHERE n.nspname = current_schema() AND r.relname = ${table} AND c.contype = 'c'`.execute(db)
    ).rows.map((r) => r.definition);
    const allowedValues = (column: string): string[] => {
      for (const definition of checks) {
        const match = new RegExp(`\\(?${column}\\)? = ANY \\(+ARRAY\\[([^\\]]*)\\]`).exec(
          definition,
        );
        if (match) return [...match[1]!.matchAll(/'([^']*)'/g)].map((m) => m[1]!);
      }
      return [];
    };

    // A few attempts: required columns only, then every column; each with the first, second
    // and third allowed value of closed-list columns (CHECKs tying columns together vary).
    let lastError: unknown;
    for (const variant of [0, 1, 2]) {
      for (const everyColumn of [false, true]) {
        const values: Array<[string, RawBuilder<unknown>]> = [];
        let unresolved = false;
        for (const c of columns) {
          const parent = references.get(c.column_name);
          if (parent) {
            // Optional references (who signed off, who ended it) stay empty: CHECKs often
            // forbid them being the same person as the required ones.
            if (c.is_nullable === 'YES') continue;
            const id =
              parent === 'cases'
                ? context.caseId
                : parent === 'users'
                  ? context.userId
                  : await idOfRow(parent, depth);
            if (!id) unresolved = true;
            values.push([c.column_name, sql`${id}`]);
            continue;
          }
          if (c.column_default !== null) continue;
          if (c.is_nullable === 'YES' && !everyColumn) continue;
          const type = c.data_type;
          const allowed = allowedValues(c.column_name);
          values.push([
            c.column_name,
            type === 'uuid'
              ? sql`gen_random_uuid()`
              : ['integer', 'smallint', 'bigint', 'numeric'].includes(type)
                ? sql`1`
                : type === 'boolean'
                  ? sql`false`
                  : type === 'date'
                    ? sql`${context.now.toISOString().slice(0, 10)}::date`
                    : type.startsWith('timestamp')
                      ? sql`${context.now}`
                      : type === 'json' || type === 'jsonb'
                        ? sql`'["Made up"]'::jsonb`
                        : type === 'ARRAY'
                          ? sql`'{}'`
                          : sql`${
                              allowed.length
                                ? allowed[variant % allowed.length]!
                                : 'Made up for the boundary crawl'
                            }`,
          ]);
        }
        if (unresolved) return null;
        const hasId = columns.some((c) => c.column_name === 'id');
        try {
          const inserted = await sql<{ id: string | null }>`
            INSERT INTO ${quote(table)} ${
              values.length
                ? sql`(${sql.join(values.map(([name]) => quote(name)))})
                  VALUES (${sql.join(values.map(([, value]) => value))})`
                : sql`DEFAULT VALUES`
            }
            RETURNING ${hasId ? sql`id::text` : sql`NULL::text`} AS id`.execute(db);
          return inserted.rows[0]?.id ?? null;
        } catch (error) {
          lastError = error;
        }
      }
    }
    throw lastError;
  };

  for (const table of existing) {
    const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${quote(table)}`.execute(
      db,
    );
    if (count.rows[0]!.n > 0) continue;
    try {
      await insertRow(table, 0);
      result.inserted.push(table);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const constraint = (error as { constraint?: unknown }).constraint;
      result.failed.push({
        table,
        reason: `${typeof code === 'string' ? code : 'error'}${
          typeof constraint === 'string' ? ` (${constraint})` : ''
        }`,
      });
    }
  }
  return result;
}
