import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { sql } from 'kysely';
import ts from 'typescript';
import { testDatabase } from './support/database.ts';

/**
 * The table types (src/db/schema.ts, joined from each feature's tables.ts) hold the migrated
 * schema: every table and column of the public schema after all migrations is in the Kysely
 * `DB` type, and every table and column of `DB` is in the database. The type's tables and
 * columns are read with the TypeScript compiler, so a column added by a migration but not to
 * tables.ts (or left in tables.ts after a migration drops it) fails here.
 */

const SCHEMA_FILE = fileURLToPath(new URL('../src/db/schema.ts', import.meta.url));
const TSCONFIG = fileURLToPath(new URL('../tsconfig.json', import.meta.url));

/** table → column names, of the `DB` type as the compiler sees it. */
function typedColumns(): Map<string, Set<string>> {
  const config = ts.readConfigFile(TSCONFIG, (path) => ts.sys.readFile(path));
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, process.cwd());
  const program = ts.createProgram([SCHEMA_FILE], { ...options, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(SCHEMA_FILE);
  assert.ok(source, 'src/db/schema.ts is read');
  const module = checker.getSymbolAtLocation(source);
  const db = module && checker.getExportsOfModule(module).find((s) => s.name === 'DB');
  assert.ok(db, 'src/db/schema.ts exports DB');
  const tables = new Map<string, Set<string>>();
  for (const table of checker.getDeclaredTypeOfSymbol(db).getProperties()) {
    const type = checker.getTypeOfSymbol(table);
    tables.set(table.name, new Set(type.getProperties().map((column) => column.name)));
  }
  return tables;
}

async function migratedColumns(): Promise<Map<string, Set<string>>> {
  const database = await testDatabase();
  try {
    const { rows } = await sql<{ table_name: string; column_name: string }>`
      SELECT c.table_name, c.column_name
      FROM information_schema.columns c
      JOIN information_schema.tables t
        ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = 'public'
      ORDER BY c.table_name, c.ordinal_position`.execute(database.db);
    const tables = new Map<string, Set<string>>();
    for (const row of rows) {
      const columns = tables.get(row.table_name) ?? new Set<string>();
      columns.add(row.column_name);
      tables.set(row.table_name, columns);
    }
    return tables;
  } finally {
    await database.close();
  }
}

test('the table types hold every table and column of the migrated schema, and no other', async () => {
  const [typed, migrated] = [typedColumns(), await migratedColumns()];
  assert.ok(migrated.size > 10, 'the migrations made the tables');
  const problems: string[] = [];
  for (const [table, columns] of migrated) {
    const declared = typed.get(table);
    if (!declared) {
      problems.push(`table ${table} is migrated but not in the DB type (tables.ts)`);
      continue;
    }
    for (const column of columns) {
      if (!declared.has(column)) problems.push(`column ${table}.${column} is not in tables.ts`);
    }
  }
  for (const [table, columns] of typed) {
    const actual = migrated.get(table);
    if (!actual) {
      problems.push(`table ${table} is in the DB type but no migration makes it`);
      continue;
    }
    for (const column of columns) {
      if (!actual.has(column)) problems.push(`column ${table}.${column} is typed but not migrated`);
    }
  }
  assert.deepEqual(problems, []);
});
