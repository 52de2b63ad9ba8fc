import { sql } from 'kysely';
import { loadConfig } from '../config.ts';
import type { Database } from './database.ts';
import { dbRolesSql, roleNameProblem, type RoleNames } from './grants.ts';
import { migrate } from './migrate.ts';
import { openMigrationDatabase } from './open.ts';
import { grantsComplete, privilegeProblems, runtimeRoles } from './privileges.ts';

/** What a command prints and its exit code (the shape of the admin commands' results). */
export interface CommandResult {
  code: number;
  out: string[];
  err: string[];
}

export const DB_ROLES_USAGE = 'db-roles --owner OWNER --runtime RUNTIME [--apply]';

/** `--owner NAME --runtime NAME [--apply]`, in any order. */
export function parseDbRolesArgs(
  args: string[],
): { ok: true; roles: RoleNames; apply: boolean } | { ok: false; error: string } {
  const given: Partial<Record<'owner' | 'runtime', string>> = {};
  let apply = false;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (arg === '--apply') {
      apply = true;
      continue;
    }
    const [flag, inline] = arg.startsWith('--') ? arg.slice(2).split(/=(.*)/s, 2) : [undefined];
    if (flag !== 'owner' && flag !== 'runtime')
      return { ok: false, error: `unknown option ${arg}` };
    const value = inline ?? args[++i];
    if (value === undefined || value.startsWith('--')) {
      return { ok: false, error: `--${flag} needs a value` };
    }
    if (given[flag] !== undefined) return { ok: false, error: `--${flag} is given twice` };
    given[flag] = value;
  }
  if (!given.owner || !given.runtime) {
    return { ok: false, error: 'name both roles: --owner and --runtime' };
  }
  for (const name of [given.owner, given.runtime]) {
    const problem = roleNameProblem(name);
    if (problem) return { ok: false, error: problem };
  }
  if (given.owner === given.runtime) {
    return { ok: false, error: 'the owner and the runtime role must be two different roles' };
  }
  return { ok: true, roles: { owner: given.owner, runtime: given.runtime }, apply };
}

/**
 * `cicero db-roles`: prints the SQL, or with --apply runs it on MIGRATION_DATABASE_URL (else
 * DATABASE_URL), which must be PostgreSQL.
 */
export async function dbRolesCommand(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<CommandResult> {
  const parsed = parseDbRolesArgs(args);
  if (!parsed.ok) {
    return { code: 2, out: [], err: [`db-roles: ${parsed.error}`, `Usage: ${DB_ROLES_USAGE}`] };
  }
  if (!parsed.apply) return { code: 0, out: dbRolesScript(parsed.roles), err: [] };
  const config = loadConfig(env);
  if (!config.databaseUrl) {
    return {
      code: 1,
      out: [],
      err: [
        'db-roles --apply is for PostgreSQL (DATABASE_URL): the embedded database has no roles',
      ],
    };
  }
  const database = await openMigrationDatabase(config);
  try {
    return await applyDbRoles(database, parsed.roles);
  } finally {
    await database.close();
  }
}

/**
 * `cicero migrate` (on the owner's connection): applies what is waiting, then says whether
 * each of the service's roles holds exactly its grants (migrate re-applies them).
 */
export async function migrateCommand(database: Database): Promise<CommandResult> {
  const applied = await migrate(database);
  const out = [applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.'];
  const err: string[] = [];
  for (const role of database.kind === 'postgres' ? await runtimeRoles(database.db) : []) {
    const problems = await privilegeProblems(database.db, role);
    if (grantsComplete(problems)) {
      out.push(`Grants of ${role} (the service's role): complete on ${problems.checked} tables.`);
    } else {
      err.push(
        `Grants of ${role} are not what the service needs: ${[...problems.missing.map((p) => `lacks ${p}`), ...problems.forbidden.map((p) => `holds ${p}`)].join(', ')}`,
      );
    }
  }
  return { code: err.length ? 1 : 0, out, err };
}

/** The SQL to review and run (psql -f), in one transaction. */
export function dbRolesScript(roles: RoleNames): string[] {
  return [
    `-- Cicero's database roles (docs/audit.md, "Production grants"). Safe to run again.`,
    'BEGIN;',
    dbRolesSql(roles).trimEnd(),
    'COMMIT;',
  ];
}

/**
 * Applies the SQL in one transaction on `database` (the owner's connection, or a superuser's
 * the first time, to make the roles), then says whether the runtime role now holds exactly
 * what the service needs.
 */
export async function applyDbRoles(database: Database, roles: RoleNames): Promise<CommandResult> {
  if (database.kind !== 'postgres') {
    return {
      code: 1,
      out: [],
      err: [
        'db-roles --apply is for PostgreSQL (DATABASE_URL): the embedded database has no roles',
      ],
    };
  }
  try {
    await database.runScript(dbRolesSql(roles));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: unknown }).code;
    return {
      code: 1,
      out: [],
      err: [
        `db-roles: ${message}`,
        ...(code === '42501'
          ? [
              'Apply it as a superuser (or a role with CREATEROLE that owns the database) the first time, or have one run the printed SQL; later runs need only the owner.',
            ]
          : []),
      ],
    };
  }
  const out = [`Applied: ${roles.owner} owns the schema, ${roles.runtime} is the service's role.`];
  const problems = await privilegeProblems(database.db, roles.runtime);
  const owners = (
    await sql<{ owner: string }>`
      SELECT DISTINCT pg_get_userbyid(c.relowner)::text AS owner FROM pg_class c
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
      ORDER BY 1`.execute(database.db)
  ).rows.map((r) => r.owner);
  if (problems.checked === 0) {
    out.push(
      `No tables yet: run \`cicero migrate\` as ${roles.owner} (MIGRATION_DATABASE_URL); it grants ${roles.runtime} what it needs on every table it adds.`,
    );
  } else if (problems.missing.length || problems.forbidden.length) {
    return {
      code: 1,
      out,
      err: [
        `${roles.runtime} still does not hold what the service needs:`,
        ...problems.missing.map((p) => `  lacks ${p}`),
        ...problems.forbidden.map((p) => `  holds ${p} (through PUBLIC or another role?)`),
      ],
    };
  } else {
    out.push(
      `${roles.runtime} holds exactly the grants the service needs on ${problems.checked} tables.`,
    );
  }
  const others = owners.filter((o) => o !== roles.owner);
  if (others.length) {
    out.push(
      `Note: tables are owned by ${others.join(', ')}, not ${roles.owner}: run migrations as their owner, or name it with --owner.`,
    );
  }
  out.push(
    `Next: set passwords for new roles (ALTER ROLE … PASSWORD), then DATABASE_URL connects as ${roles.runtime} and MIGRATION_DATABASE_URL as ${roles.owner}.`,
  );
  return { code: 0, out, err: [] };
}
