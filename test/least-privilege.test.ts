import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { applyDbRoles, migrateCommand } from '../src/db/commands.ts';
import { openDatabase, type Database } from '../src/db/database.ts';
import { listMigrations, migrate, migrationLabel } from '../src/db/migrate.ts';
import { APPEND_ONLY_TABLES } from '../src/db/grants.ts';
import { grantsComplete, privilegeProblems } from '../src/db/privileges.ts';
import { prepareDatabase } from '../src/db/startup.ts';
import { createUser } from './support/auth.ts';
import { requestToConsent } from './support/http-journey.ts';
import {
  freePort,
  NEEDS_POSTGRES,
  repoRoot,
  startAppProcess,
  type AppProcess,
} from './resilience/support.ts';

/**
 * Least privilege on a real PostgreSQL server (docs/audit.md, "Production grants"): the two
 * roles made by `cicero db-roles`, the schema built by `cicero migrate` as the owner, and the
 * service started in production as the runtime role, where it runs a journey and seals the
 * audit log, and cannot touch the schema, a trigger or an audit row.
 */
const id = randomBytes(4).toString('hex');
// cicero_t_*: scripts/sweep-test-databases.ts drops what an interrupted run leaves behind.
const dbName = `cicero_t_roles_${id}`;
const owner = `cicero_t_owner_${id}`;
const runtime = `cicero_t_app_${id}`;
const member = `cicero_t_member_${id}`;
const password = randomBytes(12).toString('hex');
const tmp = mkdtempSync('/tmp/roles-least-privilege-');

/** TEST_DATABASE_URL (a superuser) pointed at this test's database, or as one of its roles. */
function urlOf(user?: string): string {
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${dbName}`;
  if (user) {
    url.username = user;
    url.password = password;
  }
  return url.toString();
}

async function asServerAdmin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** What an operator sets for production (AUDIT_KEY: the audit helper's key, docs/audit.md). */
const productionEnv = {
  NODE_ENV: 'production',
  SESSION_SECRET: randomBytes(24).toString('hex'),
  AUDIT_KEY: randomBytes(32).toString('hex'),
  AUDIT_CHECKPOINT_DIR: join(tmp, 'checkpoints'),
  DATA_DIR: join(tmp, 'data'),
  LOG_LEVEL: 'warn',
};

async function cicero(env: Record<string, string>, ...args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', ...args],
      { cwd: repoRoot, env: { PATH: process.env.PATH ?? '', ...productionEnv, ...env } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const open = (user?: string) => openDatabase({ kind: 'postgres', url: urlOf(user), poolSize: 3 });

let asOwner: Database;
let asRuntime: Database;
let asSuperuser: Database;
let service: AppProcess | undefined;

before(async () => {
  if (NEEDS_POSTGRES) return;
  await asServerAdmin(`CREATE DATABASE ${dbName}`);
});

after(async () => {
  if (NEEDS_POSTGRES) return;
  if (service && service.child.exitCode === null) {
    service.child.kill('SIGKILL');
    await service.exited;
  }
  await Promise.all([asOwner?.close(), asRuntime?.close(), asSuperuser?.close()]);
  await asServerAdmin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  for (const role of [member, runtime, owner]) await asServerAdmin(`DROP ROLE IF EXISTS ${role}`);
  rmSync(tmp, { recursive: true, force: true });
});

test(
  'db-roles --apply makes the two roles; migrate, as the owner, builds the schema and grants the service role',
  { skip: NEEDS_POSTGRES, timeout: 120_000 },
  async () => {
    // The first time, as a superuser (it makes the roles); DATABASE_URL alone serves both.
    const roles = await cicero(
      { DATABASE_URL: urlOf() },
      'db-roles',
      '--owner',
      owner,
      '--runtime',
      runtime,
      '--apply',
    );
    assert.equal(roles.code, 0, roles.stderr);
    assert.match(roles.stdout, /No tables yet: run `cicero migrate` as cicero_t_owner_/);
    for (const role of [owner, runtime]) {
      await asServerAdmin(`ALTER ROLE ${role} PASSWORD '${password}'`);
    }
    const migrated = await cicero(
      { MIGRATION_DATABASE_URL: urlOf(owner), DATABASE_URL: urlOf(runtime) },
      'migrate',
    );
    assert.equal(migrated.code, 0, migrated.stderr);
    assert.match(migrated.stdout, /Applied: 0001_foundation, /);
    assert.match(migrated.stdout, new RegExp(`Grants of ${runtime} .*: complete on \\d+ tables`));

    asOwner = await open(owner);
    asRuntime = await open(runtime);
    asSuperuser = await open();
    const owners = await sql<{ owner: string }>`
      SELECT DISTINCT pg_get_userbyid(relowner)::text AS owner FROM pg_class
      WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'`.execute(asSuperuser.db);
    assert.deepEqual(owners.rows, [{ owner }], 'the owner owns every table');
    assert.ok(grantsComplete(await privilegeProblems(asSuperuser.db, runtime)));
    // Later runs need only the owner.
    const again = await applyDbRoles(asOwner, { owner, runtime });
    assert.equal(again.code, 0, again.err.join('\n'));
    assert.match(again.out.join('\n'), /holds exactly the grants the service needs on \d+ tables/);
  },
);

test(
  'the runtime role cannot change the schema, a trigger or an audit row',
  { skip: NEEDS_POSTGRES },
  async () => {
    assert.ok(asRuntime, 'set up by the first test');
    // Each append-only table's first column, to write an UPDATE of it.
    const { rows: firstColumns } = await sql<{ table: string; column: string }>`
      SELECT c.relname AS table, a.attname AS column FROM pg_class c
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = 1
      WHERE c.relnamespace = 'public'::regnamespace AND c.relname IN (${sql.join(APPEND_ONLY_TABLES)})
      ORDER BY 1`.execute(asRuntime.db);
    assert.equal(firstColumns.length, APPEND_ONLY_TABLES.length, 'every append-only table exists');
    const refused: [string, RegExp][] = [
      ...firstColumns.flatMap(({ table, column }): [string, RegExp][] =>
        [
          `UPDATE ${table} SET ${column} = ${column}`,
          `DELETE FROM ${table}`,
          `TRUNCATE ${table}`,
        ].map((statement) => [statement, new RegExp(`permission denied for table ${table}`)]),
      ),
      ['TRUNCATE cases', /permission denied for table cases/],
      ['CREATE TABLE intruder (id int)', /permission denied for schema public/],
      ['CREATE VIEW intruder AS SELECT 1', /permission denied for schema public/],
      ['ALTER TABLE audit_events DISABLE TRIGGER USER', /must be owner of table audit_events/],
      ['ALTER TABLE audit_seals DISABLE TRIGGER ALL', /must be owner of table audit_seals/],
      ['DROP TRIGGER audit_events_append_only ON audit_events', /must be owner of/],
      [
        'CREATE TRIGGER intruder BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()',
        /permission denied for table audit_events/,
      ],
      ['ALTER TABLE cases ADD COLUMN intruder int', /must be owner of table cases/],
      ['DROP TABLE sessions', /must be owner of table sessions/],
      ["INSERT INTO schema_migrations (version, name) VALUES (9998, 'x')", /permission denied/],
      [`SET ROLE ${owner}`, /permission denied to set role/],
    ];
    for (const [statement, expected] of refused) {
      await assert.rejects(sql.raw(statement).execute(asRuntime.db), expected, statement);
    }
    // What it may do: read and append audit rows.
    await sql`INSERT INTO audit_events (occurred_at, action, subject_type, outcome)
              VALUES (now(), 'admin', 'least-privilege-test', 'success')`.execute(asRuntime.db);
  },
);

test(
  'production start refuses a superuser, the owner and a member of the owner, and passes the runtime role',
  { skip: NEEDS_POSTGRES },
  async () => {
    assert.ok(asOwner, 'set up by the first test');
    const production = { nodeEnv: 'production' as const };
    await assert.rejects(prepareDatabase(production, asSuperuser), (error: Error) => {
      assert.match(error.message, /will not run as the database role postgres: it is a superuser/);
      assert.match(error.message, /cicero db-roles/);
      return true;
    });
    await assert.rejects(
      prepareDatabase(production, asOwner),
      new RegExp(`role ${owner}: it owns the tables \\(it could disable the audit triggers\\)`),
    );
    await asServerAdmin(`CREATE ROLE ${member} LOGIN PASSWORD '${password}' IN ROLE ${owner}`);
    const asMember = await open(member);
    try {
      await assert.rejects(
        prepareDatabase(production, asMember),
        new RegExp(`role ${member}: it is a member of ${owner}, which owns the tables`),
      );
    } finally {
      await asMember.close();
    }
    assert.equal(await prepareDatabase(production, asRuntime), 'checked');
    // Given CREATE on the database (it could make a schema of its own): refused until
    // db-roles, applied by a superuser, takes it back.
    await asServerAdmin(`GRANT CREATE ON DATABASE ${dbName} TO ${runtime}`);
    await assert.rejects(
      prepareDatabase(production, asRuntime),
      /it may create objects in schema public or schemas in the database; revoke CREATE/,
    );
    const revoked = await applyDbRoles(asSuperuser, { owner, runtime });
    assert.equal(revoked.code, 0, revoked.err.join('\n'));
    assert.equal(await prepareDatabase(production, asRuntime), 'checked');
    // Outside production the same connection migrates (nothing to do: no DDL, no error).
    assert.equal(await prepareDatabase({ nodeEnv: 'development' }, asRuntime), 'migrated');
  },
);

test(
  'production start checks the schema and the grants; migrate as the owner puts them right',
  { skip: NEEDS_POSTGRES, timeout: 120_000 },
  async () => {
    assert.ok(asOwner, 'set up by the first test');
    const production = { nodeEnv: 'production' as const };
    const last = listMigrations().at(-1)!;
    await sql`DELETE FROM schema_migrations WHERE version = ${last.version}`.execute(asOwner.db);
    await assert.rejects(
      prepareDatabase(production, asRuntime),
      new RegExp(
        `schema is not up to date \\(1 migration to apply, from ${migrationLabel(last)}\\): run \`cicero migrate\` as the schema owner`,
      ),
    );
    await sql`INSERT INTO schema_migrations (version, name) VALUES (${last.version}, ${last.name})`.execute(
      asOwner.db,
    );

    // A grant taken away, then one given too many: each stops the start, naming it.
    await sql.raw(`REVOKE UPDATE ON scheduled_jobs FROM ${runtime}`).execute(asOwner.db);
    await assert.rejects(
      prepareDatabase(production, asRuntime),
      /does not hold the grants Cicero needs \(lacks UPDATE on scheduled_jobs\): run `cicero db-roles/,
    );
    await sql.raw(`GRANT DELETE ON audit_events TO ${runtime}`).execute(asOwner.db);
    await assert.rejects(
      prepareDatabase(production, asRuntime),
      /\(lacks UPDATE on scheduled_jobs, holds DELETE on audit_events\)/,
    );
    const mended = await migrateCommand(asOwner);
    assert.equal(mended.code, 0, mended.err.join('\n'));
    assert.match(mended.out.join('\n'), /Database is up to date\.\nGrants of .*: complete/);
    assert.equal(await prepareDatabase(production, asRuntime), 'checked');

    // A later migration adds a table: the runtime role cannot apply it, the owner can, and the
    // service may then work its rows.
    const dir = join(tmp, 'migrations');
    const source = join(repoRoot, 'src', 'db', 'migrations');
    mkdirSync(dir);
    for (const m of listMigrations()) {
      const file = `${migrationLabel(m)}.sql`;
      copyFileSync(join(source, file), join(dir, file));
    }
    writeFileSync(
      join(dir, '9999_future_table.sql'),
      'CREATE TABLE future_things (id int PRIMARY KEY, note text);',
    );
    await assert.rejects(
      migrate(asRuntime, dir),
      new RegExp(
        `role ${runtime} may not change the schema \\(1 migrations to apply, from 9999_future_table\\): run \`cicero migrate\` as the schema owner \\(MIGRATION_DATABASE_URL\\)`,
      ),
    );
    assert.deepEqual(await migrate(asOwner, dir), ['9999_future_table']);
    await sql`INSERT INTO future_things VALUES (1, 'a')`.execute(asRuntime.db);
    await sql`UPDATE future_things SET note = 'b'`.execute(asRuntime.db);
    await sql`DELETE FROM future_things`.execute(asRuntime.db);
    assert.ok(grantsComplete(await privilegeProblems(asOwner.db, runtime)));
    await sql`DROP TABLE future_things`.execute(asOwner.db);
    await sql`DELETE FROM schema_migrations WHERE version = 9999`.execute(asOwner.db);
  },
);

async function unsealedEvents(db: Database['db']): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM audit_events e
    WHERE NOT EXISTS (SELECT 1 FROM audit_seals s WHERE s.event_id = e.id)`.execute(db);
  return rows[0]!.n;
}

test(
  'in production as the runtime role the service runs a journey and its job seals the audit log',
  { skip: NEEDS_POSTGRES, timeout: 180_000 },
  async () => {
    assert.ok(asRuntime, 'set up by the first test');
    const db = asRuntime.db;
    const officer = await createUser(db, { roles: ['case_officer'], hubCodes: ['WM'] });
    const clinician = await createUser(db, { roles: ['clinician'], hubCodes: ['WM'] });
    const lead = await createUser(db, { roles: ['hub_lead'], hubCodes: ['WM'] });
    service = await startAppProcess({ ...productionEnv, DATABASE_URL: urlOf(runtime) });

    // A request, triage, allocation and consent, over HTTP.
    const caseId = await requestToConsent(service.baseUrl, { officer, clinician, lead });
    assert.match(caseId, /^[0-9a-f-]{36}$/);

    // The service's job seals every event, as the runtime role (a bounded wait, not a timing).
    const deadline = Date.now() + 60_000;
    while ((await unsealedEvents(db)) > 0) {
      assert.ok(
        Date.now() < deadline,
        `events still unsealed after a minute:\n${service.output()}`,
      );
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const job = await db
      .selectFrom('scheduled_jobs')
      .select(['runs', 'failures', 'last_error'])
      .where('name', '=', 'audit.seal')
      .executeTakeFirstOrThrow();
    assert.ok(job.runs > 0);
    assert.equal(job.failures, 0, `the sealer failed: ${job.last_error}`);
    const actions = await db
      .selectFrom('audit_events')
      .select('subject_type')
      .where('outcome', '=', 'success')
      .execute();
    for (const subject of ['support_request', 'triage_decision']) {
      assert.ok(
        actions.some((a) => a.subject_type === subject),
        `${subject} audited`,
      );
    }

    service.child.kill('SIGTERM');
    assert.equal((await service.exited).code, 0, service.output());
    // The log verifies, read as the runtime role.
    const verified = await cicero({ DATABASE_URL: urlOf(runtime) }, 'verify-audit');
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);
    assert.match(verified.stdout, /Audit log verified/);
  },
);

test(
  'production start as the owner is refused in one line saying what to do',
  { skip: NEEDS_POSTGRES, timeout: 120_000 },
  async () => {
    assert.ok(asOwner, 'set up by the first test');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? '',
        ...productionEnv,
        DATABASE_URL: urlOf(owner),
        PORT: String(await freePort()),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    // 'close' comes after the output is all read.
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    assert.equal(code, 1, stderr);
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
    assert.match(
      stderr.trim(),
      new RegExp(
        `^Cicero cannot start: in production Cicero will not run as the database role ${owner}: it owns the tables .*; run the service as a role that cannot change the schema \\(\`cicero db-roles\` prints the SQL; migrations run as the owner through MIGRATION_DATABASE_URL\\)$`,
      ),
    );
  },
);
