import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { testDatabase } from '../../../test/support/database.ts';
import { tablesOf } from '../../domain/compartments.ts';
import {
  ERASURE,
  PERSON_ERASE,
  RELEASED_DIRECTIONS,
  type DisposableTable,
} from '../../domain/disposal.ts';

/**
 * Every text, JSON, array and bytea column of every health and police table is either erased
 * by a disposal or declared a kept code (src/domain/disposal.ts): a column (or table) added
 * later without a decision fails here; a rule naming a column that does not exist fails too.
 */
test('every content column of the health and police tables has a disposal decision', async () => {
  const database = await testDatabase();
  try {
    const tables = [...tablesOf('health'), ...tablesOf('police')];
    const rows = await sql<{ table_name: string; column_name: string; data_type: string }>`
      SELECT table_name, column_name, data_type FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name IN (${sql.join(tables)})`.execute(
      database.db,
    );
    const existing = new Set(rows.rows.map((r) => r.table_name));
    assert.deepEqual(
      tables.filter((t) => !existing.has(t)),
      [],
      'every declared table exists',
    );
    const undecided: string[] = [];
    const columnsOf = new Map<string, Set<string>>();
    for (const r of rows.rows) {
      columnsOf.set(r.table_name, (columnsOf.get(r.table_name) ?? new Set()).add(r.column_name));
      if (!['text', 'character varying', 'json', 'jsonb', 'bytea', 'ARRAY'].includes(r.data_type))
        continue;
      const rule = ERASURE[r.table_name as DisposableTable];
      const decided = [...rule.erase, ...rule.keep, ...(rule.contents ?? [])];
      if (!decided.includes(r.column_name)) undecided.push(`${r.table_name}.${r.column_name}`);
    }
    assert.deepEqual(undecided, [], 'columns with no disposal decision');
    for (const [table, rule] of Object.entries(ERASURE)) {
      const columns = columnsOf.get(table)!;
      for (const column of [...rule.erase, ...rule.keep, ...(rule.contents ?? [])]) {
        assert.ok(columns.has(column), `${table}.${column} exists`);
      }
      const key = rule.via === 'case_id' ? 'case_id' : rule.via.column;
      assert.ok(columns.has(key), `${table}.${key} finds its case`);
    }
    const people = await sql<{ column_name: string }>`SELECT column_name
      FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = 'people'`.execute(database.db);
    const personColumns = new Set(people.rows.map((r) => r.column_name));
    for (const column of [...PERSON_ERASE.required, ...PERSON_ERASE.optional]) {
      assert.ok(personColumns.has(column), `people.${column} exists`);
    }
    // Every direction a released copy may have belongs to a clock (a new one fails here).
    const check = await sql<{ definition: string }>`SELECT pg_get_constraintdef(c.oid) AS definition
      FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid
      WHERE r.relname = 'released_items' AND c.conname = 'released_items_direction_check'`.execute(
      database.db,
    );
    const directions = [...check.rows[0]!.definition.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]!);
    assert.ok(directions.length >= 3, directions.join());
    assert.deepEqual(
      directions.filter(
        (d) => !RELEASED_DIRECTIONS.health.includes(d) && !RELEASED_DIRECTIONS.police.includes(d),
      ),
      [],
      'released directions with no clock',
    );
  } finally {
    await database.close();
  }
});
