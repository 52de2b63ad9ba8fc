/**
 * Least privilege on PostgreSQL (docs/audit.md, "Production grants"): two database roles.
 *
 * - The owner owns the schema and runs `cicero migrate`.
 * - The runtime role is what the service connects as: it reads and writes rows, never changes
 *   the schema or a trigger, and only appends to the audit tables.
 *
 * This file is the policy and the SQL that applies it, with no I/O; the catalog checks that
 * compare a database with it are in privileges.ts.
 */

/** Table privileges the policy decides, held or not. (REFERENCES needs CREATE to be of use.) */
export const TABLE_PRIVILEGES = [
  'SELECT',
  'INSERT',
  'UPDATE',
  'DELETE',
  'TRUNCATE',
  'TRIGGER',
] as const;
export type TablePrivilege = (typeof TABLE_PRIVILEGES)[number];

/**
 * Written once and never changed: the runtime role may read and add rows, nothing more. Every
 * table guarded by the audit_refuse_change() trigger belongs here (grants.test.ts checks).
 */
export const APPEND_ONLY_TABLES: readonly string[] = [
  'audit_events',
  'audit_seals',
  'audit_seal_macs',
];

/** Read by the service (is the schema up to date?), written by migrations only. */
export const READ_ONLY_TABLES: readonly string[] = ['schema_migrations'];

const ROW_WORK: readonly TablePrivilege[] = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'];

/**
 * What the runtime role holds on a table (or view) of schema public: every table the app has
 * gets the four row privileges, except the append-only and read-only ones. TRUNCATE and TRIGGER
 * never. A table a migration adds is covered without a change here; an append-only one must be
 * listed above.
 */
export function runtimeTablePrivileges(table: string): readonly TablePrivilege[] {
  if (APPEND_ONLY_TABLES.includes(table)) return ['SELECT', 'INSERT'];
  if (READ_ONLY_TABLES.includes(table)) return ['SELECT'];
  return ROW_WORK;
}

/** Sequences (none today): nextval and currval need USAGE; setval would need UPDATE. */
export const RUNTIME_SEQUENCE_PRIVILEGES = ['USAGE', 'SELECT'] as const;

/** A role name the script can use unquoted: lower case letters, digits and underscores. */
export function roleNameProblem(name: string): string | null {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) {
    return `"${name}" is not a role name Cicero uses: lower-case letters, digits and underscores, starting with a letter or underscore, at most 63`;
  }
  if (name.startsWith('pg_') || ['public', 'none', 'current_user', 'session_user'].includes(name)) {
    return `"${name}" is reserved by PostgreSQL`;
  }
  return null;
}

export interface RoleNames {
  owner: string;
  runtime: string;
}

const literal = (name: string) => `'${name}'`;
const list = (names: readonly string[]) => names.map(literal).join(', ');

/**
 * Re-applies the table grants of `runtime` to every table, view and sequence now in schema
 * public, exactly as the policy says (whatever else was granted before is revoked). Needs the
 * tables' owner or a superuser. Run by `db-roles --apply` and at the end of `cicero migrate`.
 */
export function tableGrantsSql(runtime: string): string {
  return `DO $tables$
DECLARE t record;
BEGIN
  FOR t IN
    SELECT c.relname, c.relkind FROM pg_class c
    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
      AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                      AND d.objid = c.oid AND d.deptype = 'e')
    ORDER BY c.relname
  LOOP
    IF t.relkind = 'S' THEN
      EXECUTE format('REVOKE ALL ON SEQUENCE public.%I FROM ${runtime}', t.relname);
      EXECUTE format('GRANT ${RUNTIME_SEQUENCE_PRIVILEGES.join(', ')} ON SEQUENCE public.%I TO ${runtime}', t.relname);
    ELSE
      EXECUTE format('REVOKE ALL ON TABLE public.%I FROM ${runtime}', t.relname);
      EXECUTE format('GRANT %s ON TABLE public.%I TO ${runtime}',
        CASE
          WHEN t.relname IN (${list(APPEND_ONLY_TABLES)}) THEN '${runtimeTablePrivileges(APPEND_ONLY_TABLES[0]!).join(', ')}'
          WHEN t.relname IN (${list(READ_ONLY_TABLES)}) THEN '${runtimeTablePrivileges(READ_ONLY_TABLES[0]!).join(', ')}'
          ELSE '${ROW_WORK.join(', ')}'
        END, t.relname);
    END IF;
  END LOOP;
END $tables$;`;
}

/**
 * The whole set-up, safe to run again: the two roles, their rights on the database and schema
 * public, PostgreSQL's default privileges for tables the owner adds later, and the grants on
 * the tables there are now. Each step is skipped when already in place, so a run by the owner
 * needs no more than the owner's rights once a superuser has made the roles. No BEGIN/COMMIT:
 * the caller runs it in one transaction.
 */
export function dbRolesSql({ owner, runtime }: RoleNames): string {
  const o = literal(owner);
  const r = literal(runtime);
  return `-- 1. The roles (needs a superuser or CREATEROLE; skipped for a role that exists).
--    ${owner} owns the schema and runs \`cicero migrate\` (MIGRATION_DATABASE_URL);
--    ${runtime} is what the service connects as (DATABASE_URL).
--    Passwords are set apart, never printed: ALTER ROLE … PASSWORD, or \\password in psql.
DO $roles$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${o}) THEN
    CREATE ROLE ${owner} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${r}) THEN
    CREATE ROLE ${runtime} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS;
  END IF;
  IF (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = ${r}) THEN
    RAISE EXCEPTION '${runtime} is a superuser or has CREATEROLE: the service cannot run as it';
  END IF;
  IF pg_has_role(${r}, ${o}, 'MEMBER') THEN
    RAISE EXCEPTION '${runtime} is a member of ${owner}: the service would hold the owner''s rights';
  END IF;
END $roles$;

-- 2. The database and schema public (needs the database's owner or a superuser; each grant is
--    skipped when already held). The owner may create tables and trusted extensions (pg_trgm);
--    nobody else may create anything in public.
DO $database$
BEGIN
  IF NOT has_database_privilege(${o}, current_database(), 'CONNECT') THEN
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO ${owner}', current_database());
  END IF;
  IF NOT has_database_privilege(${o}, current_database(), 'CREATE') THEN
    EXECUTE format('GRANT CREATE ON DATABASE %I TO ${owner}', current_database());
  END IF;
  IF NOT has_database_privilege(${r}, current_database(), 'CONNECT') THEN
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO ${runtime}', current_database());
  END IF;
  IF NOT has_schema_privilege(${o}, 'public', 'USAGE') THEN
    GRANT USAGE ON SCHEMA public TO ${owner};
  END IF;
  IF NOT has_schema_privilege(${o}, 'public', 'CREATE') THEN
    GRANT CREATE ON SCHEMA public TO ${owner};
  END IF;
  IF EXISTS (SELECT FROM pg_namespace n, aclexplode(n.nspacl) a
             WHERE n.nspname = 'public' AND a.grantee = 0 AND a.privilege_type = 'CREATE') THEN
    REVOKE CREATE ON SCHEMA public FROM PUBLIC;
  END IF;
  IF has_schema_privilege(${r}, 'public', 'CREATE') THEN
    REVOKE CREATE ON SCHEMA public FROM ${runtime};
  END IF;
  IF has_database_privilege(${r}, current_database(), 'CREATE') THEN
    EXECUTE format('REVOKE CREATE ON DATABASE %I FROM ${runtime}', current_database());
  END IF;
  IF NOT has_schema_privilege(${r}, 'public', 'USAGE') THEN
    GRANT USAGE ON SCHEMA public TO ${runtime};
  END IF;
END $database$;

-- 3. What ${runtime} may do to rows (needs ${owner} or a superuser). Tables ${owner} adds
--    later get the row privileges by default; \`cicero migrate\` ends by re-applying the
--    grants below, which also takes UPDATE and DELETE off append-only tables
--    (${APPEND_ONLY_TABLES.join(', ')}). Never TRUNCATE or TRIGGER.
ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public
  GRANT ${ROW_WORK.join(', ')} ON TABLES TO ${runtime};
ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public
  GRANT ${RUNTIME_SEQUENCE_PRIVILEGES.join(', ')} ON SEQUENCES TO ${runtime};
${tableGrantsSql(runtime)}
`;
}
