// The statistics queries alone (src/features/statistics/measures.ts), national, for a period
// of N years ending now: one after another in one transaction (as on PGlite) against at the
// same time on several connections sharing one snapshot (as on PostgreSQL), interleaved so
// both see the same load, and checked to give identical figures. A benchmark, never a test.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/cicero_bench \
//     node --import tsx bench/statistics-sql.ts [--years 10] [--runs 10]
import { sql } from 'kysely';
import { openDatabase } from '../src/db/database.ts';
import { measure } from '../src/features/statistics/measures.ts';
import { withSnapshot } from '../src/features/statistics/snapshot.ts';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('Set DATABASE_URL to a PostgreSQL database with generated data.');
  process.exit(2);
}
const args = process.argv.slice(2);
const option = (name: string, fallback: number) =>
  args.includes(name) ? Number(args[args.indexOf(name) + 1]) || fallback : fallback;
const years = option('--years', 10);
const runs = option('--runs', 10);

const database = await openDatabase({ kind: 'postgres', url, poolSize: 10 });
const end = new Date();
const start = new Date(end.getTime() - years * 365.25 * 86_400_000);
const scope = {
  start,
  end,
  countStart: start,
  countEnd: end,
  asAt: end,
  hubIds: null,
  namedClinicians: true,
};
const prepare = async (trx: Parameters<Parameters<typeof withSnapshot>[2]>[0]) => {
  await sql`SET LOCAL jit = off`.execute(trx);
  await sql`SET LOCAL work_mem = '32MB'`.execute(trx);
};

const times = { sequential: [] as number[], parallel: [] as number[] };
let reference: string | null = null;
for (let i = 0; i < runs + 1; i += 1) {
  for (const mode of ['sequential', 'parallel'] as const) {
    const t0 = performance.now();
    const raw = await withSnapshot(
      database.db,
      { parallel: mode === 'parallel', prepare },
      (_trx, run) => measure(run, scope),
    );
    const ms = performance.now() - t0;
    const figures = JSON.stringify(raw);
    reference ??= figures;
    if (figures !== reference) throw new Error(`${mode}: the figures differ`);
    if (i > 0) times[mode].push(ms);
  }
}
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
console.log(
  `Statistics queries, national, ${years} years, ${runs} runs each (after 1 to warm up):`,
);
console.log('| queries | p50 ms | p95 ms |');
console.log('|---|---:|---:|');
for (const [mode, list] of Object.entries(times)) {
  list.sort((a, b) => a - b);
  console.log(
    `| ${mode} | ${percentile(list, 50).toFixed(0)} | ${percentile(list, 95).toFixed(0)} |`,
  );
}
await database.close();
