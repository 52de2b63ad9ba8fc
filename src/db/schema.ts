import type { Generated } from 'kysely';

/**
 * Table types for Kysely, one interface per capability, joined into DB.
 * Each capability keeps its tables' types beside its migration's intent.
 */
export interface MigrationTables {
  schema_migrations: {
    version: number;
    name: string;
    applied_at: Generated<Date>;
  };
}

export type DB = MigrationTables;
