import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase, type Database } from './database.ts';
import { listMigrations, migrate } from './migrate.ts';

/**
 * Migration 0080 moves roles and hubs into role assignments. An existing account that mixes
 * sides stops it before anything changes, naming the account and its roles; once the account
 * is split, the same migration moves every role into each of the user's hubs.
 */

const source = join(import.meta.dirname, 'migrations');

/** A folder holding the migrations up to `last`, so a database can stop before 0080. */
function migrationsUpTo(last: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'cicero-0080-'));
  for (const m of listMigrations().filter((m) => m.version <= last)) {
    const file = `${String(m.version).padStart(4, '0')}_${m.name}.sql`;
    copyFileSync(join(source, file), join(dir, file));
  }
  return dir;
}

async function user(
  database: Database,
  email: string,
  roles: string[],
  hubCodes: string[],
): Promise<string> {
  const { rows } = await sql<{
    id: string;
  }>`INSERT INTO users (email, name) VALUES (${email}, 'Someone') RETURNING id`.execute(
    database.db,
  );
  const id = rows[0]!.id;
  for (const role of roles) {
    await sql`INSERT INTO user_roles (user_id, role) VALUES (${id}, ${role})`.execute(database.db);
  }
  for (const code of hubCodes) {
    await sql`INSERT INTO user_hubs (user_id, hub_id) SELECT ${id}, id FROM hubs WHERE code = ${code}`.execute(
      database.db,
    );
  }
  return id;
}

test('0080 stops on an account that mixes sides, names it, changes nothing; then moves roles into hubs', async () => {
  const database = await openDatabase({ kind: 'pglite' });
  try {
    await migrate(database, migrationsUpTo(79));
    const mixed = await user(
      database,
      'both.sides@test.cicero.example',
      ['clinician', 'case_officer'],
      ['WM'],
    );
    const lead = await user(
      database,
      'lead.two.hubs@test.cicero.example',
      ['hub_lead', 'clinician'],
      ['WM', 'NW'],
    );
    await user(database, 'ig@test.cicero.example', ['ig_officer'], []);

    await assert.rejects(migrate(database), (error: Error) => {
      assert.match(error.message, /roles of one side only/);
      assert.match(
        error.message,
        /both\.sides@test\.cicero\.example holds case_officer, clinician/,
      );
      assert.doesNotMatch(error.message, /lead\.two\.hubs/);
      return true;
    });
    const versions = await sql<{
      v: number;
    }>`SELECT max(version) AS v FROM schema_migrations`.execute(database.db);
    assert.equal(Number(versions.rows[0]!.v), 73, 'nothing after 0073 recorded');
    const stillThere = await sql<{ n: number }>`SELECT count(*)::int AS n FROM user_roles`.execute(
      database.db,
    );
    assert.equal(stillThere.rows[0]!.n, 5, 'user_roles untouched');

    // The administrator splits the account; the migration then runs.
    await sql`DELETE FROM user_roles WHERE user_id = ${mixed} AND role = 'case_officer'`.execute(
      database.db,
    );
    await migrate(database);
    const { rows } = await sql<{ role: string; code: string | null; side: string }>`
      SELECT a.role, h.code, a.side FROM role_assignments a LEFT JOIN hubs h ON h.id = a.hub_id
       WHERE a.user_id = ${lead} ORDER BY a.role, h.code`.execute(database.db);
    assert.deepEqual(rows, [
      { role: 'clinician', code: 'NW', side: 'health' },
      { role: 'clinician', code: 'WM', side: 'health' },
      { role: 'hub_lead', code: 'NW', side: 'health' },
      { role: 'hub_lead', code: 'WM', side: 'health' },
    ]);
    const ig = await sql<{ hub_id: string | null; side: string }>`
      SELECT a.hub_id, u.side FROM role_assignments a JOIN users u ON u.id = a.user_id
       WHERE a.role = 'ig_officer'`.execute(database.db);
    assert.deepEqual(ig.rows, [{ hub_id: null, side: 'oversight' }]);

    // And the database now refuses a role of another side for an account.
    await assert.rejects(
      sql`INSERT INTO role_assignments (user_id, role, hub_id, side)
          SELECT ${lead}, 'case_officer', id, 'police' FROM hubs WHERE code = 'WM'`.execute(
        database.db,
      ),
      /role_assignments_one_side|foreign key/,
    );
  } finally {
    await database.close();
  }
});
