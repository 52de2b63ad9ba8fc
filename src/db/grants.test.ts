import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { sql } from 'kysely';
import { dbRolesCommand, dbRolesScript, parseDbRolesArgs } from './commands.ts';
import { openDatabase, type Database } from './database.ts';
import {
  APPEND_ONLY_TABLES,
  dbRolesSql,
  roleNameProblem,
  runtimeTablePrivileges,
} from './grants.ts';
import { migrate, pendingMigrations } from './migrate.ts';
import { testDatabase, usingPostgres } from '../../test/support/database.ts';
import { grantsComplete, privilegeProblems, runtimeRoles } from './privileges.ts';
import { prepareDatabase } from './startup.ts';

test('the service may only read and append audit rows, read the migrations, and work rows elsewhere', () => {
  assert.deepEqual(runtimeTablePrivileges('audit_events'), ['SELECT', 'INSERT']);
  assert.deepEqual(runtimeTablePrivileges('audit_seals'), ['SELECT', 'INSERT']);
  assert.deepEqual(runtimeTablePrivileges('schema_migrations'), ['SELECT']);
  assert.deepEqual(runtimeTablePrivileges('cases'), ['SELECT', 'INSERT', 'UPDATE', 'DELETE']);
  assert.deepEqual(runtimeTablePrivileges('a_table_added_next_year'), [
    'SELECT',
    'INSERT',
    'UPDATE',
    'DELETE',
  ]);
  for (const table of ['cases', 'audit_events', 'schema_migrations']) {
    for (const never of ['TRUNCATE', 'TRIGGER'] as const) {
      assert.ok(!runtimeTablePrivileges(table).includes(never), `${never} on ${table}`);
    }
  }
});

test('every table the append-only trigger guards is append-only for the service too', async () => {
  const database = await testDatabase();
  try {
    const { rows } = await sql<{ name: string }>`
      SELECT DISTINCT c.relname AS name FROM pg_trigger t
      JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid
      WHERE p.proname = 'audit_refuse_change' AND NOT t.tgisinternal
      ORDER BY 1`.execute(database.db);
    assert.ok(rows.length >= 2);
    assert.deepEqual(
      rows.map((r) => r.name),
      [...APPEND_ONLY_TABLES].sort(),
      'APPEND_ONLY_TABLES in src/db/grants.ts',
    );
  } finally {
    await database.close();
  }
});

test('role names are plain identifiers, never reserved ones', () => {
  for (const good of ['cicero_app', 'cicero_owner', '_x', 'a1']) {
    assert.equal(roleNameProblem(good), null, good);
  }
  for (const bad of [
    'Cicero',
    'cicero-app',
    "x'; DROP TABLE cases; --",
    'x y',
    '1app',
    '',
    'a'.repeat(64),
    'pg_monitor',
    'public',
  ]) {
    assert.ok(roleNameProblem(bad), bad);
  }
});

test('db-roles reads --owner, --runtime and --apply, and refuses anything else', () => {
  assert.deepEqual(parseDbRolesArgs(['--owner', 'o', '--runtime', 'r']), {
    ok: true,
    roles: { owner: 'o', runtime: 'r' },
    apply: false,
  });
  assert.deepEqual(parseDbRolesArgs(['--apply', '--runtime=r', '--owner=o']), {
    ok: true,
    roles: { owner: 'o', runtime: 'r' },
    apply: true,
  });
  const refused = (args: string[]) => {
    const parsed = parseDbRolesArgs(args);
    return parsed.ok ? 'accepted' : parsed.error;
  };
  assert.match(refused(['--owner', 'o']), /--owner and --runtime/);
  assert.match(refused(['--owner', 'o', '--runtime', 'o']), /two different roles/);
  assert.match(refused(['--owner', 'o', '--runtime', 'Bad-Name']), /not a role name/);
  assert.match(refused(['--owner', 'o', '--runtime', 'r', '--force']), /unknown option --force/);
  assert.match(refused(['--owner', '--runtime', 'r']), /--owner needs a value/);
  assert.match(refused(['--owner', 'o', '--owner', 'p', '--runtime', 'r']), /given twice/);
});

test('db-roles prints one transaction making both roles, default privileges and grants, no password', async () => {
  const printed = await dbRolesCommand(['--owner', 'c_owner', '--runtime', 'c_app'], {});
  assert.equal(printed.code, 0);
  assert.deepEqual(printed.out, dbRolesScript({ owner: 'c_owner', runtime: 'c_app' }));
  const text = printed.out.join('\n');
  assert.equal(printed.out[1], 'BEGIN;');
  assert.equal(printed.out.at(-1), 'COMMIT;');
  assert.match(text, /CREATE ROLE c_owner LOGIN NOSUPERUSER/);
  assert.match(text, /CREATE ROLE c_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT/);
  assert.match(
    text,
    /ALTER DEFAULT PRIVILEGES FOR ROLE c_owner IN SCHEMA public\s+GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO c_app/,
  );
  assert.match(text, /REVOKE CREATE ON SCHEMA public FROM c_app/);
  for (const table of APPEND_ONLY_TABLES) assert.ok(text.includes(`'${table}'`), table);
  assert.doesNotMatch(text, /PASSWORD '|TRUNCATE ON|TRIGGER ON/);
  const wrong = await dbRolesCommand(['--owner', 'c_owner'], {});
  assert.equal(wrong.code, 2);
  assert.match(wrong.err.join('\n'), /Usage: db-roles --owner OWNER --runtime RUNTIME/);
});

test('db-roles --apply refuses the embedded database: it has no roles', async () => {
  const result = await dbRolesCommand(['--owner', 'o', '--runtime', 'r', '--apply'], {
    DATA_DIR: '/tmp/roles-unused',
  });
  assert.equal(result.code, 1);
  assert.match(result.err.join('\n'), /is for PostgreSQL/);
});

/** One fresh embedded database for the tests below, migrated by the first (as at start). */
let embedded: Promise<Database> | undefined;
const freshEmbedded = () => (embedded ??= openDatabase({ kind: 'pglite' }));
after(async () => (await embedded)?.close());
// The PostgreSQL run has its own, on a real server: test/least-privilege.test.ts.
const EMBEDDED_ONLY = { skip: usingPostgres() && 'embedded database only' };

test(
  'the embedded database migrates at start, in production too; it has no service roles',
  EMBEDDED_ONLY,
  async () => {
    const database = await freshEmbedded();
    assert.equal((await pendingMigrations(database)).length > 20, true);
    assert.equal(await prepareDatabase({ nodeEnv: 'production' }, database), 'migrated');
    assert.deepEqual(await pendingMigrations(database), []);
    assert.deepEqual(await runtimeRoles(database.db), []);
  },
);

test(
  'the SQL runs, twice, and leaves the runtime role holding exactly the policy; migrate restores it',
  EMBEDDED_ONLY,
  async () => {
    // PGlite runs it as its one superuser: enough to check the SQL and the catalog checks.
    const database = await freshEmbedded();
    await prepareDatabase({ nodeEnv: 'development' }, database);
    const runtime = 'grants_test_app';
    for (let run = 0; run < 2; run++) {
      await database.runScript(dbRolesSql({ owner: 'grants_test_owner', runtime }));
    }
    const problems = await privilegeProblems(database.db, runtime);
    assert.ok(problems.checked > 30, `${problems.checked} tables checked`);
    assert.deepEqual(problems, { missing: [], forbidden: [], checked: problems.checked });
    assert.deepEqual(await runtimeRoles(database.db), [runtime]);
    // A grant taken away, and one too many: both named.
    await sql.raw(`REVOKE UPDATE ON scheduled_jobs FROM ${runtime}`).execute(database.db);
    await sql.raw(`GRANT DELETE, TRUNCATE ON audit_seals TO ${runtime}`).execute(database.db);
    const wrong = await privilegeProblems(database.db, runtime);
    assert.deepEqual(wrong.missing, ['UPDATE on scheduled_jobs']);
    assert.deepEqual(wrong.forbidden, ['DELETE on audit_seals', 'TRUNCATE on audit_seals']);
    assert.ok(!grantsComplete(wrong));
    // `cicero migrate` puts the policy back: the role is named in the default privileges.
    assert.deepEqual(await migrate(database), []);
    assert.ok(grantsComplete(await privilegeProblems(database.db, runtime)));
  },
);
