/**
 * How fast the generator builds a national-scale dataset on PostgreSQL. Not a test: run it by
 * hand against a fresh database, for example
 *
 *   createdb -h 127.0.0.1 -U postgres cicero_bench
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/cicero_bench node --import tsx bench/generate.ts
 *
 * Options: --years (10), --requests-per-year (4000), --seed (bench). It migrates the database,
 * generates, seals the audit rows (as the scheduled job would, with a bench key derived from the
 * database name: bench/support/audit-anchors.ts) and prints rows per second.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { systemClock } from '../src/domain/clock.ts';
import { sealAudit } from '../src/features/audit/seal.ts';
import { generateInto } from '../src/features/generator/generate.ts';
import { benchAuditAnchors, benchAuditEnv } from './support/audit-anchors.ts';

const { values } = parseArgs({
  options: {
    years: { type: 'string', default: '10' },
    'requests-per-year': { type: 'string', default: '4000' },
    seed: { type: 'string', default: 'bench' },
  },
});
const url = process.env.DATABASE_URL;
if (!url) throw new Error('Set DATABASE_URL to a fresh PostgreSQL database');

const database = await openDatabase({ kind: 'postgres', url, poolSize: 2 });
const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;
try {
  await migrate(database);
  console.log(
    `${cpus().length} CPUs, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const began = process.hrtime.bigint();
  const counts = await generateInto(database.db, {
    years: Number(values.years),
    requestsPerYear: Number(values['requests-per-year']),
    seed: values.seed,
    onYear: ({ index, counts: year, ms }) => {
      const rows = Object.values(year).reduce((a, b) => a + b, 0);
      console.log(`year ${index + 1}: ${rows} rows in ${(ms / 1000).toFixed(1)} s`);
    },
  });
  const took = seconds(began);
  const rows = Object.entries(counts)
    .filter(([table]) => table !== 'staff')
    .reduce((sum, [, n]) => sum + n, 0);
  console.log(
    `Generated ${counts.cases} requests, ${rows} rows (${counts.audit_events} audit rows) in ${took.toFixed(1)} s: ${Math.round(rows / took)} rows/s`,
  );
  const sealing = process.hrtime.bigint();
  const pass = await sealAudit(database.db, systemClock, benchAuditAnchors(url));
  console.log(`Sealed ${pass.sealed} audit rows in ${seconds(sealing).toFixed(1)} s`);
  const audit = benchAuditEnv(url);
  console.log(
    `verify with: AUDIT_KEY=${audit.AUDIT_KEY} AUDIT_CHECKPOINT_DIR=${audit.AUDIT_CHECKPOINT_DIR} npm run cicero -- verify-audit`,
  );
} finally {
  await database.close();
}
