import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { sql } from 'kysely';
import { testDatabase } from '../../test/support/database.ts';
import { listMigrations, migrate } from './migrate.ts';

test('every migration is recorded and a second run applies nothing', async () => {
  const database = await testDatabase();
  try {
    const recorded = await sql<{
      version: number;
    }>`SELECT version FROM schema_migrations ORDER BY version`.execute(database.db);
    assert.deepEqual(
      recorded.rows.map((r) => r.version),
      listMigrations().map((m) => m.version),
    );
    assert.deepEqual(await migrate(database), []);
  } finally {
    await database.close();
  }
});

test('pg_trgm is enabled', async () => {
  const database = await testDatabase();
  try {
    const { rows } = await sql<{
      s: number;
    }>`SELECT similarity('Jonathan', 'Johnathan')::float8 AS s`.execute(database.db);
    assert.ok(rows[0]!.s > 0.4);
  } finally {
    await database.close();
  }
});

test('a failing migration rolls back whole and is not recorded', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cicero-mig-'));
  writeFileSync(join(dir, '9001_good.sql'), 'CREATE TABLE mig_good (id int);');
  writeFileSync(
    join(dir, '9002_bad.sql'),
    'CREATE TABLE mig_half (id int); SELECT no_such_function();',
  );
  const database = await testDatabase();
  try {
    await assert.rejects(migrate(database, dir), /9002_bad failed/);
    const tables = await sql<{ name: string }>`
      SELECT table_name AS name FROM information_schema.tables WHERE table_name LIKE 'mig_%'`.execute(
      database.db,
    );
    assert.deepEqual(
      tables.rows.map((r) => r.name),
      ['mig_good'],
    );
    const versions = await sql<{
      name: string;
    }>`SELECT name FROM schema_migrations WHERE name IN ('good','bad')`.execute(database.db);
    assert.deepEqual(
      versions.rows.map((r) => r.name),
      ['good'],
    );
  } finally {
    await database.close();
  }
});

test('badly named migration files are refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cicero-mig-'));
  writeFileSync(join(dir, '1_x.sql'), 'SELECT 1;');
  assert.throws(() => listMigrations(dir), /0001_name\.sql/);
});
