// The statistics page at national scale: p50/p95 latency of GET /statistics (all hubs) for a
// financial year and for ten years, and of the CSV download, on PostgreSQL with generated data.
// A benchmark, never a test.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/cicero_bench \
//     node --import tsx bench/statistics.ts [--generate] [--runs 40]
//
// --generate first migrates the database and fills it with 10 years × 4,000 requests a year
// from the synthetic data generator (seed "statistics-bench"), unless it already holds them.
// The page is requested in-process (Fastify inject) as a signed-in analyst, one request at a
// time, so the figures are the server's own time: SQL, disclosure control, charts, template.
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { buildApp } from '../src/app.ts';
import { systemClock } from '../src/domain/clock.ts';
import { alreadyGenerated, generateInto } from '../src/features/generator/generate.ts';
import { createUser, signInAs } from '../test/support/auth.ts';
import type { TestApp } from '../test/support/app.ts';
import { testConfig } from '../test/support/app.ts';
import { pino } from 'pino';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('Set DATABASE_URL to a PostgreSQL database (it is migrated if --generate).');
  process.exit(2);
}
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 40;
const SEED = 'statistics-bench';

const database = await openDatabase({ kind: 'postgres', url, poolSize: 10 });
if (args.includes('--generate')) {
  await migrate(database);
  if (!(await alreadyGenerated(database.db, SEED))) {
    const started = performance.now();
    await generateInto(database.db, {
      years: 10,
      requestsPerYear: 4000,
      seed: SEED,
      onYear: (y) =>
        console.log(
          `  year ${y.index + 1}: ${y.counts.cases ?? '?'} cases, ${Math.round(y.ms)} ms`,
        ),
    });
    console.log(`Generated in ${Math.round((performance.now() - started) / 1000)} s`);
  }
}
const cases = await database.db
  .selectFrom('cases')
  .select((eb) => eb.fn.countAll<number>().as('n'))
  .executeTakeFirstOrThrow();
console.log(`Cases in the database: ${Number(cases.n)}`);

const clock = systemClock;
const app = await buildApp({
  config: testConfig(),
  database,
  clock,
  logger: pino({ level: 'silent' }),
});
await app.ready();
const analyst = await signInAs(
  { app, clock } as unknown as TestApp,
  await createUser(database.db, { roles: ['analyst'], name: 'Bench analyst' }),
);

const today = new Date();
const tenYearsAgo = new Date(today.getTime() - 10 * 365.25 * 86_400_000);
const dateQuery = (prefix: string, d: Date) =>
  `${prefix}-day=${d.getUTCDate()}&${prefix}-month=${d.getUTCMonth() + 1}&${prefix}-year=${d.getUTCFullYear()}`;
const pages = [
  ['page, this financial year', '/statistics'],
  [
    'page, ten years',
    `/statistics?period=custom&${dateQuery('from', tenYearsAgo)}&${dateQuery('to', today)}`,
  ],
  [
    'CSV download, ten years',
    `/statistics/export.csv?period=custom&${dateQuery('from', tenYearsAgo)}&${dateQuery('to', today)}`,
  ],
] as const;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

console.log(`\n${runs} requests each, one at a time, after 3 to warm up:`);
console.log('| request | p50 ms | p95 ms | max ms |');
console.log('|---|---:|---:|---:|');
for (const [name, path] of pages) {
  const times: number[] = [];
  for (let i = 0; i < runs + 3; i += 1) {
    const t0 = performance.now();
    const response = await app.inject({
      method: 'GET',
      url: path,
      headers: { cookie: analyst.cookie },
    });
    const ms = performance.now() - t0;
    if (response.statusCode !== 200) throw new Error(`${path}: ${response.statusCode}`);
    if (i >= 3) times.push(ms);
  }
  times.sort((a, b) => a - b);
  console.log(
    `| ${name} | ${percentile(times, 50).toFixed(0)} | ${percentile(times, 95).toFixed(0)} | ${times.at(-1)!.toFixed(0)} |`,
  );
}
await app.close();
await database.close();
