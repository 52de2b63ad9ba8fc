import { sql, type Kysely } from 'kysely';
import { RUNTIME_SEQUENCE_PRIVILEGES, runtimeTablePrivileges, TABLE_PRIVILEGES } from './grants.ts';
import type { DB } from './schema.ts';

/**
 * The catalog checks behind least privilege (grants.ts holds the policy): what the connected
 * role is, what a role holds on each table of schema public, and which roles the owner's
 * default privileges name as the service's.
 */

/** Relations of schema public that belong to Cicero (not to an extension). */
const OURS = sql`c.relnamespace = 'public'::regnamespace
  AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                  AND d.objid = c.oid AND d.deptype = 'e')`;

/** A constant list of privilege names as a SQL array (never user input). */
const textArray = (values: readonly string[]) =>
  sql.raw(`ARRAY[${values.map((v) => `'${v}'`).join(', ')}]::text[]`);

/** Sequence privileges the policy decides. */
const SEQUENCE_DECIDED: readonly string[] = ['USAGE', 'SELECT', 'UPDATE'];

export interface PrivilegeProblems {
  /** "UPDATE on scheduled_jobs": what the service needs and the role lacks. */
  missing: string[];
  /** "DELETE on audit_events": what the role holds and must not. */
  forbidden: string[];
  /** Tables, views and sequences checked. */
  checked: number;
}

/**
 * Compares what `role` holds on every table, view and sequence of schema public (directly, by
 * membership or through PUBLIC) with the policy.
 */
export async function privilegeProblems(db: Kysely<DB>, role: string): Promise<PrivilegeProblems> {
  const { rows } = await sql<{ name: string; kind: string; held: string[] }>`
    SELECT c.relname AS name, c.relkind AS kind,
      ARRAY(
        SELECT p FROM unnest(${textArray(TABLE_PRIVILEGES)}) p
        WHERE CASE WHEN c.relkind = 'S' THEN false
                   ELSE has_table_privilege(${role}::name, c.oid, p) END
        UNION ALL
        SELECT p FROM unnest(${textArray(SEQUENCE_DECIDED)}) p
        WHERE CASE WHEN c.relkind = 'S' THEN has_sequence_privilege(${role}::name, c.oid, p)
                   ELSE false END
      ) AS held
    FROM pg_class c
    WHERE ${OURS} AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
    ORDER BY c.relname`.execute(db);
  const missing: string[] = [];
  const forbidden: string[] = [];
  for (const row of rows) {
    const wanted: readonly string[] =
      row.kind === 'S' ? RUNTIME_SEQUENCE_PRIVILEGES : runtimeTablePrivileges(row.name);
    const decided: readonly string[] = row.kind === 'S' ? SEQUENCE_DECIDED : TABLE_PRIVILEGES;
    for (const privilege of wanted) {
      if (!row.held.includes(privilege)) missing.push(`${privilege} on ${row.name}`);
    }
    for (const privilege of row.held) {
      if (decided.includes(privilege) && !wanted.includes(privilege)) {
        forbidden.push(`${privilege} on ${row.name}`);
      }
    }
  }
  return { missing, forbidden, checked: rows.length };
}

/** True when the role holds exactly what the policy says (no table at all counts as true). */
export const grantsComplete = (problems: PrivilegeProblems): boolean =>
  problems.missing.length === 0 && problems.forbidden.length === 0;

/**
 * The service's roles as PostgreSQL remembers them: grantees of the default privileges on
 * tables in schema public that include all four row privileges (`db-roles` sets them). A
 * read-only role given default SELECT (a reporting role, say) is not one of them.
 */
export async function runtimeRoles(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<{ role: string }>`
    SELECT a.grantee::regrole::text AS role
    FROM pg_default_acl d CROSS JOIN LATERAL aclexplode(d.defaclacl) a
    WHERE d.defaclnamespace = 'public'::regnamespace AND d.defaclobjtype = 'r' AND a.grantee <> 0
    GROUP BY a.grantee
    HAVING array_agg(a.privilege_type::text) @> ${textArray(['SELECT', 'INSERT', 'UPDATE', 'DELETE'])}
    ORDER BY 1`.execute(db);
  return rows.map((r) => r.role);
}

export interface ConnectedRole {
  name: string;
  superuser: boolean;
  createRole: boolean;
  /** Owners of Cicero's tables that this role is, or is a member of. */
  owns: string[];
  /** May create objects in schema public, or schemas in the database. */
  createsInSchema: boolean;
}

/** Who the connection is, and the rights that would let it change the schema. */
export async function connectedRole(db: Kysely<DB>): Promise<ConnectedRole> {
  const { rows } = await sql<{
    name: string;
    superuser: boolean;
    create_role: boolean;
    owns: string[];
    creates: boolean;
  }>`
    SELECT current_user::text AS name, r.rolsuper AS superuser, r.rolcreaterole AS create_role,
      ARRAY(SELECT DISTINCT pg_get_userbyid(c.relowner)::text FROM pg_class c
            WHERE ${OURS} AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
              AND pg_has_role(current_user, c.relowner, 'MEMBER') ORDER BY 1) AS owns,
      has_schema_privilege('public', 'CREATE')
        OR has_database_privilege(current_database(), 'CREATE') AS creates
    FROM pg_roles r WHERE r.rolname = current_user`.execute(db);
  const row = rows[0]!;
  return {
    name: row.name,
    superuser: row.superuser,
    createRole: row.create_role,
    owns: row.owns,
    createsInSchema: row.creates,
  };
}
