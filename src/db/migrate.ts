import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Database } from './database.ts';
import { tableGrantsSql } from './grants.ts';
import { grantsComplete, privilegeProblems, runtimeRoles } from './privileges.ts';

const folder = join(import.meta.dirname, 'migrations');
const pattern = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export interface Migration {
  version: number;
  name: string;
  script: string;
}

/** The numbered SQL files in src/db/migrations, in order. */
export function listMigrations(dir = folder): Migration[] {
  const migrations = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => {
      const match = pattern.exec(file);
      if (!match) throw new Error(`Migration file name must look like 0001_name.sql: ${file}`);
      return {
        version: Number(match[1]),
        name: match[2]!,
        script: readFileSync(join(dir, file), 'utf8'),
      };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (i > 0 && migrations[i - 1]!.version === m.version) {
      throw new Error(`Two migrations share the number ${m.version}`);
    }
  });
  return migrations;
}

// Any fixed number: instances starting together take turns to migrate.
const LOCK = 7242001;

/** Versions recorded in schema_migrations (none when the table is not there yet). Read only. */
async function appliedVersions(database: Database): Promise<Set<number>> {
  const present = await sql<{
    present: boolean;
  }>`SELECT to_regclass('public.schema_migrations') IS NOT NULL AS present`.execute(database.db);
  if (!present.rows[0]?.present) return new Set();
  const { rows } = await sql<{
    version: number;
  }>`SELECT version FROM schema_migrations`.execute(database.db);
  return new Set(rows.map((r) => r.version));
}

/** Migrations in the folder that the database has not recorded, in order. Changes nothing. */
export async function pendingMigrations(database: Database, dir?: string): Promise<Migration[]> {
  const applied = await appliedVersions(database);
  return listMigrations(dir).filter((m) => !applied.has(m.version));
}

/** "0105_name" */
export const migrationLabel = (m: Migration): string =>
  `${String(m.version).padStart(4, '0')}_${m.name}`;

/**
 * Applies every migration not yet recorded, each in its own transaction with its record.
 * Safe to run twice and from several instances at once: each script takes a transaction-level
 * advisory lock and re-checks, so a migration applied by another instance is skipped.
 * With nothing to apply it runs no DDL at all, so a role that may not change the schema (the
 * service's, in production) can call it. It ends by bringing the grants of the service's roles
 * up to date (grants.ts), so tables a migration adds are granted as the policy says.
 */
export async function migrate(database: Database, dir?: string): Promise<string[]> {
  const pending = await pendingMigrations(database, dir);
  const done = pending.length ? await apply(database, pending) : [];
  await refreshRuntimeGrants(database);
  return done;
}

async function apply(database: Database, pending: Migration[]): Promise<string[]> {
  const role = await sql<{
    name: string;
    creates: boolean;
  }>`SELECT current_user::text AS name, has_schema_privilege('public', 'CREATE') AS creates`.execute(
    database.db,
  );
  if (!role.rows[0]?.creates) {
    throw new Error(
      `the database role ${role.rows[0]?.name} may not change the schema (${pending.length} migrations to apply, from ${migrationLabel(pending[0]!)}): run \`cicero migrate\` as the schema owner (MIGRATION_DATABASE_URL)`,
    );
  }
  await database.runScript(`
    SELECT pg_advisory_xact_lock(${LOCK});
    CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    );`);
  const applied = new Set(
    (
      await sql<{ version: number }>`SELECT version FROM schema_migrations`.execute(database.db)
    ).rows.map((r) => r.version),
  );
  const done: string[] = [];
  for (const m of pending) {
    if (applied.has(m.version)) continue;
    const label = migrationLabel(m);
    // The DO block skips the script when another instance applied it while we waited.
    const ran = await database
      .runScript(
        `
      SELECT pg_advisory_xact_lock(${LOCK});
      DO $guard$ BEGIN
        IF EXISTS (SELECT 1 FROM schema_migrations WHERE version = ${m.version}) THEN
          RAISE EXCEPTION 'cicero: migration already applied' USING ERRCODE = 'P0001';
        END IF;
      END $guard$;
      ${m.script}
      ;
      INSERT INTO schema_migrations (version, name) VALUES (${m.version}, '${m.name}');`,
      )
      .then(
        () => true,
        (error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          if (message.includes('cicero: migration already applied')) return false;
          throw new Error(`Migration ${label} failed: ${message}`);
        },
      );
    if (ran) done.push(label);
  }
  return done;
}

/**
 * Re-applies the table grants of each of the service's roles (the grantees of the owner's
 * default privileges, see runtimeRoles) that does not hold exactly what the policy says: a
 * table a migration added, an append-only table the default privileges gave UPDATE to. Nothing
 * happens on the embedded database or where no such role was set up.
 */
async function refreshRuntimeGrants(database: Database): Promise<void> {
  for (const role of await runtimeRoles(database.db)) {
    if (grantsComplete(await privilegeProblems(database.db, role))) continue;
    try {
      await database.runScript(`SELECT pg_advisory_xact_lock(${LOCK});\n${tableGrantsSql(role)}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(
        `could not bring the grants of ${role} up to date (${message}): run migrations as the owner of the tables`,
      );
    }
  }
}
