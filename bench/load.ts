// The load run (issue #8): a realistic mix of signed-in users against the real server on
// PostgreSQL, beside a bare baseline server answering the same requests with the same SQL.
// A benchmark, never a test: it reports, it asserts nothing.
//
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
//     node --import tsx bench/load.ts [--years 1,3,10] [--requests-per-year 4000] [--seed 1]
//       [--concurrency 50] [--think-ms 0] [--seconds 60] [--samples 20] [--people 250000]
//       [--exclude <text in page names>] [--trace-memory] [--app-only] [--keep] [--profile-server DIR (a V8 CPU profile of the server)]
//     node --import tsx bench/load.ts --database-url postgres://.../existing [...]
//     node --import tsx bench/load.ts --years 1,3,10 --prepare-only   (make and keep the databases)
//
// For each size it makes a database, migrates it, fills it with `cicero generate`'s generator
// (timed), pads the people table to `--people` (the person search goal is set at 250,000
// people; bench/support/people.ts), then:
//  1. captures, request by request, the SQL the application runs for each sample of the mix
//     (in process, one request at a time, through a logging Kysely);
//  2. starts the real server (`src/main.ts`, production mode, its own process, jobs running)
//     and runs the mix: `concurrency` users looping for `seconds`, after a warm-up;
//  3. starts the baseline (bench/support/baseline-server.ts) and runs the same mix against it.
// It prints one Markdown table per size: per page req/s, p50/p95/p99, errors, the baseline's
// req/s and the ratio, and each server's peak memory.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
// For its effect too: it registers the pg type parsers the application relies on (int8 as a
// number, a date as its 'YYYY-MM-DD' text); without them the capture's case pages fail.
import type { Database } from '../src/db/database.ts';
import '../src/db/database.ts';
import type { DB } from '../src/db/schema.ts';
import { startBaseline, type CapturedQuery } from './support/baseline-server.ts';
import { benchAuditAnchors, benchAuditEnv } from './support/audit-anchors.ts';
import { padPeople } from './support/people.ts';
import { runLoad, type LoadResult, type LoadSample } from './support/load-client.ts';
import {
  fixed,
  listArgument,
  markdownTable,
  peakRssMiB,
  percentile,
  rssMiB,
  textArgument,
  wholeArgument,
} from './support/measure.ts';
import { MIX, pickSamples, sessionCookies, type PageSample } from './support/samples.ts';

const root = join(import.meta.dirname, '..');
const POOL_SIZE = 10;

interface Options {
  concurrency: number;
  thinkMs: number;
  seconds: number;
  samples: number;
  traceMemory: boolean;
}

/** A Database on `pg` whose Kysely reports each query to `sink` while one is set. */
function capturingDatabase(url: string): {
  database: Database;
  capture: (sink?: CapturedQuery[]) => void;
} {
  let sink: CapturedQuery[] | undefined;
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE });
  pool.on('error', () => {});
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    log(event) {
      if (event.level === 'query' && sink) {
        sink.push({ sql: event.query.sql, parameters: [...event.query.parameters] });
      }
    },
  });
  const database: Database = {
    kind: 'postgres',
    db,
    async runScript(script) {
      await pool.query(script);
    },
    async ping() {
      await pool.query('SELECT 1');
      return { ok: true };
    },
    close: () => db.destroy(),
  };
  return { database, capture: (s) => (sink = s) };
}

/**
 * Statements of the session, the principal and the audit trail: not part of a page's data. Nor
 * is the sharing of a snapshot between the statistics' connections (the baseline runs all of a
 * page's queries in one transaction, and a snapshot id is valid only while its exporter lives).
 */
const overhead = (q: CapturedQuery) =>
  /^\s*(begin|start transaction|commit|rollback|set transaction)/i.test(q.sql) ||
  /pg_export_snapshot|"(sessions|audit_events)"/.test(q.sql);

/**
 * The SQL of each sample, captured from the application itself. Samples that do not answer 200
 * (a page not in this build, say) are dropped with a warning.
 */
async function captureSamples(
  url: string,
  samples: PageSample[],
  cookies: Map<string, string>,
): Promise<{ kept: PageSample[]; queries: CapturedQuery[][] }> {
  const { buildApp } = await import('../src/app.ts');
  const { loadConfig } = await import('../src/config.ts');
  const { systemClock } = await import('../src/domain/clock.ts');
  const { database, capture } = capturingDatabase(url);
  const config = loadConfig({
    NODE_ENV: 'production',
    SECURE_COOKIES: 'false',
    SESSION_SECRET: randomBytes(32).toString('hex'),
    AUDIT_KEY: randomBytes(32).toString('hex'),
    DATABASE_URL: url,
    LOG_LEVEL: 'silent',
  });
  const app = await buildApp({ config, database, clock: systemClock });
  const run = async (path: string, cookie: string) => {
    const sink: CapturedQuery[] = [];
    capture(sink);
    const response = await app.inject({ method: 'GET', url: path, headers: { cookie } });
    capture(undefined);
    return { status: response.statusCode, sink };
  };
  // What every signed-in request costs (loading the session and the principal): not page data.
  const home = await run('/home', cookies.get(samples[0]!.userId)!);
  const principalSql = new Set(home.sink.map((q) => q.sql));
  const kept: PageSample[] = [];
  const queries: CapturedQuery[][] = [];
  const dropped = new Map<string, number>();
  for (const sample of samples) {
    const { status, sink } = await run(sample.path, cookies.get(sample.userId)!);
    if (status !== 200) {
      dropped.set(
        `${sample.page} (${status})`,
        (dropped.get(`${sample.page} (${status})`) ?? 0) + 1,
      );
      continue;
    }
    kept.push(sample);
    queries.push(sink.filter((q) => !overhead(q) && !principalSql.has(q.sql)));
  }
  for (const [page, n] of dropped) console.warn(`  dropped ${n} sample(s) of ${page}`);
  await app.close();
  await database.close();
  return { kept, queries };
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

async function waitReady(base: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    const ok = await fetch(`${base}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('server did not become ready in 60 s');
}

/** The real server in its own process, as `npm start` runs it in production. */
async function startApp(url: string): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort();
  const profileDir = textArgument('profile-server');
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      SESSION_SECRET: randomBytes(32).toString('hex'),
      ...benchAuditEnv(url),
      SECURE_COOKIES: 'false',
      LOG_LEVEL: 'warn',
      DEMO: 'false',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  await waitReady(base, child);
  return { base, child };
}

const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

/** Runs the mix against one server, with a warm-up; samples memory every 10 s if asked. */
async function measure(
  base: string,
  child: ChildProcess,
  samples: LoadSample[],
  options: Options,
): Promise<{ result: LoadResult; peakMiB: number; trace: number[] }> {
  await runLoad({
    base,
    samples,
    concurrency: options.concurrency,
    seconds: 5,
    seed: 7,
    thinkMs: options.thinkMs,
  });
  const trace: number[] = [];
  const timer = options.traceMemory
    ? setInterval(() => trace.push(rssMiB(child.pid)), 10_000)
    : undefined;
  const result = await runLoad({
    base,
    samples,
    concurrency: options.concurrency,
    seconds: options.seconds,
    seed: 1,
    thinkMs: options.thinkMs,
  });
  if (timer) clearInterval(timer);
  return { result, peakMiB: peakRssMiB(child.pid), trace };
}

function report(app: LoadResult, baseline: LoadResult, appPeak: number, basePeak: number): string {
  const rows: string[][] = [];
  const pages = Object.keys(MIX).filter((p) => app.pages[p]);
  for (const page of [...pages, 'All pages']) {
    const of = (r: LoadResult) =>
      page === 'All pages'
        ? Object.values(r.pages).reduce(
            (a, p) => ({
              requests: a.requests + p.requests,
              errors: a.errors + p.errors,
              latenciesMs: a.latenciesMs.concat(p.latenciesMs),
            }),
            { requests: 0, errors: 0, latenciesMs: [] as number[] },
          )
        : (r.pages[page] ?? { requests: 0, errors: 0, latenciesMs: [] });
    const a = of(app);
    const b = of(baseline);
    const sorted = [...a.latenciesMs].sort((x, y) => x - y);
    const appRate = a.requests / app.seconds;
    const baseRate = b.requests / baseline.seconds;
    rows.push([
      page,
      fixed(appRate),
      fixed(percentile(sorted, 50)),
      fixed(percentile(sorted, 95)),
      fixed(percentile(sorted, 99)),
      String(a.errors),
      fixed(baseRate),
      String(b.errors),
      fixed(
        percentile(
          [...b.latenciesMs].sort((x, y) => x - y),
          95,
        ),
      ),
      fixed(appRate / baseRate, 2),
    ]);
  }
  const statuses = [app, baseline].flatMap((result, i) =>
    Object.entries(result.pages)
      .filter(([, p]) => p.errors > 0)
      .map(([page, p]) => `${i ? 'baseline ' : ''}${page}: ${JSON.stringify(p.statuses)}`),
  );
  return [
    markdownTable(
      [
        'page',
        'req/s',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'errors',
        'baseline req/s',
        'baseline errors',
        'baseline p95 ms',
        'ratio',
      ],
      rows,
    ),
    '',
    `Peak memory (VmHWM): application ${fixed(appPeak, 0)} MiB, baseline ${fixed(basePeak, 0)} MiB.`,
    ...(statuses.length ? [`Errors by status: ${statuses.join('; ')}`] : []),
  ].join('\n');
}

async function runAgainst(url: string, options: Options): Promise<void> {
  const setup = new Kysely<DB>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2 }) }),
  });
  const counts = await setup
    .selectFrom('cases')
    .select((eb) => [eb.fn.countAll<number>().as('cases')])
    .executeTakeFirstOrThrow();
  const people = await setup
    .selectFrom('people')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  // --exclude Statistics: the mix without the pages whose names contain that text.
  const exclude = textArgument('exclude');
  const picked = (await pickSamples(setup, options.samples)).filter(
    (s) => !exclude || !s.page.includes(exclude),
  );
  const cookies = await sessionCookies(
    setup,
    picked.map((s) => s.userId),
  );
  await setup.destroy();
  console.log(`  ${counts.cases} cases, ${people.n} people; ${picked.length} samples`);

  const { kept, queries } = await captureSamples(url, picked, cookies);
  const appSamples: LoadSample[] = kept.map((s) => ({
    page: s.page,
    path: s.path,
    cookie: cookies.get(s.userId)!,
    weight: s.weight,
  }));
  const baseSamples: LoadSample[] = appSamples.map((s, i) => ({
    ...s,
    path: `/s/${i}`,
    cookie: '',
  }));

  const server = await startApp(url);
  const app = await measure(server.base, server.child, appSamples, options);
  await stop(server.child);

  if (process.argv.includes('--app-only')) {
    // The soak: only the application's figures and its memory over time.
    const empty: LoadResult = { seconds: 1, pages: {} };
    console.log(report(app.result, empty, app.peakMiB, Number.NaN));
    console.log(
      `\nApplication memory every 10 s (MiB): ${app.trace.map((m) => fixed(m, 0)).join(', ')}`,
    );
    return;
  }
  const baseline = await startBaseline({ databaseUrl: url, poolSize: POOL_SIZE, queries });
  const base = await measure(
    `http://127.0.0.1:${baseline.port}`,
    baseline.child,
    baseSamples,
    options,
  );
  await stop(baseline.child);

  console.log(report(app.result, base.result, app.peakMiB, base.peakMiB));
  if (options.traceMemory) {
    console.log(
      `\nApplication memory every 10 s (MiB): ${app.trace.map((m) => fixed(m, 0)).join(', ')}`,
    );
  }
}

async function generated(
  adminUrl: string,
  years: number,
  perYear: number,
  seed: number,
  people: number,
) {
  const { openDatabase } = await import('../src/db/database.ts');
  const { migrate } = await import('../src/db/migrate.ts');
  const { generateInto } = await import('../src/features/generator/generate.ts');
  const { sealAudit } = await import('../src/features/audit/seal.ts');
  const { systemClock } = await import('../src/domain/clock.ts');
  const name = `cicero_load_${years}y_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: url.href });
  await migrate(database);
  const started = performance.now();
  await generateInto(database.db, { years, requestsPerYear: perYear, seed });
  const seconds = (performance.now() - started) / 1000;
  const padded = await padPeople(database.db, people, String(seed));
  // Sealed as the scheduled job would have sealed them over the years, so the run does not
  // spend its first minutes chaining millions of generated audit rows.
  await sealAudit(database.db, systemClock, benchAuditAnchors(url.href));
  await sql`VACUUM ANALYZE`.execute(database.db);
  await database.close();
  return { name, url: url.href, seconds, padded };
}

async function main(): Promise<void> {
  const options: Options = {
    concurrency: wholeArgument('concurrency', 50),
    thinkMs: textArgument('think-ms') === undefined ? 0 : wholeArgument('think-ms', 1),
    seconds: wholeArgument('seconds', 60),
    samples: wholeArgument('samples', 20),
    traceMemory: process.argv.includes('--trace-memory'),
  };
  console.log(`Command: node --import tsx bench/load.ts ${process.argv.slice(2).join(' ')}`);
  console.log(
    `${options.concurrency} concurrent users${options.thinkMs ? `, each pausing ${options.thinkMs} ms on average between pages,` : ' in a closed loop (no pause between pages)'} for ${options.seconds} s per server after a 5 s warm-up; pool of ${POOL_SIZE} connections\n`,
  );
  const existing = textArgument('database-url');
  if (existing) {
    // Migrations first, as the server would at start, so a kept database gets new indexes.
    const { openDatabase } = await import('../src/db/database.ts');
    const { migrate } = await import('../src/db/migrate.ts');
    const database = await openDatabase({ kind: 'postgres', url: existing, poolSize: 1 });
    await migrate(database);
    await database.close();
    await runAgainst(existing, options);
    return;
  }
  // --prepare-only: make and keep the databases (generated, padded, sealed), measure nothing.
  const prepareOnly = process.argv.includes('--prepare-only');
  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!adminUrl) {
    console.error('Set BENCH_DATABASE_URL to a PostgreSQL server URL, or pass --database-url.');
    process.exit(2);
  }
  const perYear = wholeArgument('requests-per-year', 4000);
  const seed = wholeArgument('seed', 1);
  for (const years of listArgument('years', [10])) {
    const people = wholeArgument('people', 250_000);
    const { name, url, seconds, padded } = await generated(adminUrl, years, perYear, seed, people);
    console.log(
      `## ${years} year(s) × ${perYear} requests a year (generated in ${fixed(seconds)} s${padded ? `; people padded to ${people}` : ''})\n`,
    );
    try {
      if (!prepareOnly) await runAgainst(url, options);
    } finally {
      if (!prepareOnly && !process.argv.includes('--keep')) {
        const admin = new pg.Client({ connectionString: adminUrl });
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      } else {
        console.log(`(kept database ${name})`);
      }
    }
    console.log('');
  }
}

await main();
