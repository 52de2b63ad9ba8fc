// Where a page's database time goes: for one sample of each page of the load mix (statistics
// aside: bench/statistics-sql.ts covers them), captures the SQL the application runs for it,
// times each read one at a time (mean of 5), prints the slowest three, and the plan
// (EXPLAIN ANALYZE, BUFFERS) of any read over --explain-ms. A benchmark, never a test.
//
//   node --import tsx bench/page-sql.ts --database-url postgres://.../cicero_load_10y_... [--explain-ms 4]
//
// Use it on a database bench/load.ts kept (--prepare-only or --keep).
import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../src/db/database.ts';
import '../src/db/database.ts'; // the application's pg type parsers
import type { DB } from '../src/db/schema.ts';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { systemClock } from '../src/domain/clock.ts';
import { textArgument, wholeArgument } from './support/measure.ts';
import { pickSamples, sessionCookies } from './support/samples.ts';

const url = textArgument('database-url');
if (!url) {
  console.error('Pass --database-url of a database bench/load.ts made.');
  process.exit(2);
}
const explainMs = wholeArgument('explain-ms', 4);

interface Captured {
  sql: string;
  parameters: readonly unknown[];
}
const pool = new pg.Pool({ connectionString: url, max: 10 });
let sink: Captured[] | undefined;
const db = new Kysely<DB>({
  dialect: new PostgresDialect({ pool }),
  log(event) {
    if (event.level === 'query') sink?.push(event.query);
  },
});
const database: Database = {
  kind: 'postgres',
  db,
  runScript: async (script) => void (await pool.query(script)),
  ping: async () => (await pool.query('SELECT 1'), { ok: true }),
  close: () => db.destroy(),
};
const config = loadConfig({
  NODE_ENV: 'production',
  SECURE_COOKIES: 'false',
  SESSION_SECRET: randomBytes(32).toString('hex'),
  AUDIT_KEY: randomBytes(32).toString('hex'),
  DATABASE_URL: url,
  LOG_LEVEL: 'silent',
});
const app = await buildApp({ config, database, clock: systemClock });
const seen = new Set<string>();
const samples = (await pickSamples(db, 1)).filter(
  (s) => !s.page.startsWith('Statistics') && !seen.has(s.page) && seen.add(s.page),
);
const cookies = await sessionCookies(
  db,
  samples.map((s) => s.userId),
);
const writes = /^\s*(begin|start transaction|commit|rollback|insert|update|delete)/i;
const client = await pool.connect();
try {
  for (const sample of samples) {
    sink = [];
    await app.inject({
      method: 'GET',
      url: sample.path,
      headers: { cookie: cookies.get(sample.userId)! },
    });
    const reads = sink.filter((q) => !writes.test(q.sql));
    sink = undefined;
    const timed: { ms: number; query: Captured }[] = [];
    for (const query of reads) {
      const from = performance.now();
      for (let i = 0; i < 5; i++) await client.query(query.sql, [...query.parameters]);
      timed.push({ ms: (performance.now() - from) / 5, query });
    }
    timed.sort((a, b) => b.ms - a.ms);
    const total = timed.reduce((sum, t) => sum + t.ms, 0);
    console.log(`## ${sample.page}: ${total.toFixed(1)} ms in ${timed.length} reads`);
    for (const { ms, query } of timed.slice(0, 3)) {
      console.log(`  ${ms.toFixed(2)} ms  ${query.sql.replace(/\s+/g, ' ').slice(0, 140)}`);
    }
    for (const { ms, query } of timed.filter((t) => t.ms > explainMs)) {
      const plan = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, BUFFERS) ${query.sql}`,
        [...query.parameters],
      );
      console.log(`\n  ${ms.toFixed(2)} ms:\n${query.sql}\n`);
      console.log(plan.rows.map((r) => r['QUERY PLAN']).join('\n'), '\n');
    }
  }
} finally {
  client.release();
  await app.close();
  await database.close();
}
