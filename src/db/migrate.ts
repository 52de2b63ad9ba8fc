import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Database } from './database.ts';

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

/**
 * Applies every migration not yet recorded, each in its own transaction with its record.
 * Safe to run twice and from several instances at once: each script takes a transaction-level
 * advisory lock and re-checks, so a migration applied by another instance is skipped.
 */
export async function migrate(database: Database, dir?: string): Promise<string[]> {
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
  for (const m of listMigrations(dir)) {
    if (applied.has(m.version)) continue;
    const label = `${String(m.version).padStart(4, '0')}_${m.name}`;
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
