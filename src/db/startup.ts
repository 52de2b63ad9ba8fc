import type { Config } from '../config.ts';
import type { Database } from './database.ts';
import { migrate, migrationLabel, pendingMigrations } from './migrate.ts';
import { connectedRole, privilegeProblems } from './privileges.ts';

/** The service will not start: one line saying why and what to do. */
export class StartRefused extends Error {}

const SET_UP =
  'run the service as a role that cannot change the schema (`cicero db-roles` prints the SQL; migrations run as the owner through MIGRATION_DATABASE_URL)';

/**
 * Brings the database ready for the service at start. The embedded database, and PostgreSQL
 * outside production, migrate as they always have. In production on PostgreSQL the service
 * runs no DDL: it refuses to start as a role that could change the schema or the audit log (a
 * superuser, a role with CREATEROLE, an owner of the tables or a member of one, a role that
 * may create in schema public or in the database), when migrations are waiting, or when its grants are not what
 * the service needs. Each refusal is a StartRefused naming what to do.
 */
export async function prepareDatabase(
  config: Pick<Config, 'nodeEnv'>,
  database: Database,
): Promise<'migrated' | 'checked'> {
  if (database.kind === 'pglite' || config.nodeEnv !== 'production') {
    await migrate(database);
    return 'migrated';
  }
  const role = await connectedRole(database.db);
  const refuse = (why: string, what = SET_UP) =>
    new StartRefused(
      `in production Cicero will not run as the database role ${role.name}: ${why}; ${what}`,
    );
  if (role.superuser) throw refuse('it is a superuser');
  if (role.createRole) throw refuse('it has CREATEROLE (it could grant itself the owner role)');
  if (role.owns.length) {
    const owners = role.owns.join(', ');
    throw refuse(
      role.owns.includes(role.name)
        ? 'it owns the tables (it could disable the audit triggers)'
        : `it is a member of ${owners}, which owns the tables (it could disable the audit triggers)`,
    );
  }
  if (role.createsInSchema) {
    throw refuse(
      'it may create objects in schema public or schemas in the database',
      'revoke CREATE on both from it (`cicero db-roles --apply` does), and do not make it the owner of the database',
    );
  }
  const pending = await pendingMigrations(database);
  if (pending.length) {
    throw new StartRefused(
      `the database schema is not up to date (${pending.length} migration${pending.length === 1 ? '' : 's'} to apply, from ${migrationLabel(pending[0]!)}): run \`cicero migrate\` as the schema owner (MIGRATION_DATABASE_URL), then start again`,
    );
  }
  const problems = await privilegeProblems(database.db, role.name);
  const wrong = [
    ...problems.missing.map((p) => `lacks ${p}`),
    ...problems.forbidden.map((p) => `holds ${p}`),
  ];
  if (wrong.length) {
    const shown =
      wrong.slice(0, 3).join(', ') + (wrong.length > 3 ? ` and ${wrong.length - 3} more` : '');
    throw new StartRefused(
      `the database role ${role.name} does not hold the grants Cicero needs (${shown}): run \`cicero db-roles --owner <owner> --runtime ${role.name} --apply\` as the owner, then start again`,
    );
  }
  return 'checked';
}
