/**
 * How fast verify-audit walks the chain. Not a test: run it by hand.
 *
 *   node --import tsx bench/audit-verify.ts [--rows 200000] [--postgres postgres://postgres@127.0.0.1:5432/postgres]
 *
 * With --postgres it creates a scratch database on that server and drops it afterwards;
 * without, it uses an in-memory embedded database.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg, tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { systemClock } from '../src/domain/clock.ts';
import { auditKeyId, auditKeyring } from '../src/domain/audit-keys.ts';
import { sealAudit } from '../src/features/audit/seal.ts';
import { verifyAudit } from '../src/features/audit/verify.ts';

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '200000' }, postgres: { type: 'string' } },
});
const rows = Number.parseInt(values.rows, 10);
if (!Number.isInteger(rows) || rows < 1) throw new Error('--rows must be a positive whole number');

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function open(): Promise<{ database: Database; done(): Promise<void> }> {
  if (!values.postgres) {
    const database = await openDatabase({ kind: 'pglite' });
    return { database, done: () => database.close() };
  }
  const serverUrl = values.postgres;
  const name = `cicero_bench_${randomBytes(4).toString('hex')}`;
  await admin(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 2 });
  return {
    database,
    async done() {
      await database.close();
      await admin(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;

// A scratch key and checkpoint folder, as the configured ones would be (removed at the end).
const secret = randomBytes(32);
const anchors = {
  keyring: auditKeyring([{ id: auditKeyId(secret), secret }]),
  checkpointDir: mkdtempSync(join(tmpdir(), 'cicero-bench-checkpoints-')),
};
const scratch = await open();
const database = scratch.database;
try {
  await migrate(database);
  // Realistic rows: ids, a role, a hub, a subject and a small detail, in transactions of 1,000.
  let t = process.hrtime.bigint();
  for (let from = 1; from <= rows; from += 1000) {
    const to = Math.min(rows, from + 999);
    await sql`
      INSERT INTO audit_events (occurred_at, actor_user_id, actor_role, hub_id, action,
        subject_type, subject_id, person_id, request_id, outcome, detail)
      SELECT now() + make_interval(secs => i), gen_random_uuid(), 'clinician', gen_random_uuid(),
        'consultation', 'case', 'case-' || i, gen_random_uuid(), 'req-' || i, 'success',
        jsonb_build_object('n', i, 'view', 'summary')
      FROM generate_series(${from}::int, ${to}::int) AS i`.execute(database.db);
  }
  const inserted = seconds(t);
  t = process.hrtime.bigint();
  const sealed = await sealAudit(database.db, systemClock, anchors);
  const sealing = seconds(t);
  t = process.hrtime.bigint();
  const result = await verifyAudit(database.db, anchors);
  const verifying = seconds(t);
  // Again: the first read after the bulk load also sets every row's hint bits.
  t = process.hrtime.bigint();
  await verifyAudit(database.db, anchors);
  const again = seconds(t);
  if (!result.ok) throw new Error(`verification failed at seq ${result.seq}: ${result.problem}`);
  const command = `node --import tsx bench/audit-verify.ts --rows ${rows}${values.postgres ? ` --postgres ${values.postgres}` : ''}`;
  console.log(
    `database:  ${database.kind === 'postgres' ? 'PostgreSQL' : 'PGlite (embedded, in memory)'}`,
  );
  console.log(`inserted:  ${rows} rows in ${inserted.toFixed(2)} s`);
  console.log(
    `sealed:    ${sealed.sealed} rows in ${sealing.toFixed(2)} s (${Math.round(sealed.sealed / sealing)} rows/s)`,
  );
  console.log(`verified:  ${result.rows} rows in ${verifying.toFixed(2)} s`);
  console.log(`verify-audit speed: ${Math.round(result.rows / verifying)} rows/second`);
  console.log(`verify-audit speed, again: ${Math.round(result.rows / again)} rows/second`);
  console.log(`machine load average (1 min): ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs`);
  console.log(`command:   ${command}`);
} finally {
  await scratch.done();
  rmSync(anchors.checkpointDir, { recursive: true, force: true });
}
