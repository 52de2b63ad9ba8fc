import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.ts';
import { openDatabase, type Database } from './database.ts';

/** The database the configuration names: PostgreSQL when DATABASE_URL is set, else embedded. */
export async function openConfiguredDatabase(config: Config): Promise<Database> {
  if (config.databaseUrl) return openDatabase({ kind: 'postgres', url: config.databaseUrl });
  mkdirSync(config.dataDir, { recursive: true });
  return openDatabase({ kind: 'pglite', dataDir: join(config.dataDir, 'pglite') });
}

/**
 * The database as its schema owner, for `cicero migrate` and `cicero db-roles --apply`:
 * MIGRATION_DATABASE_URL when set, else the same database the service uses.
 */
export function openMigrationDatabase(config: Config): Promise<Database> {
  return openConfiguredDatabase({
    ...config,
    databaseUrl: config.migrationDatabaseUrl ?? config.databaseUrl,
  });
}
