// What the audit write costs a signed-in page: requests/second and p50/p95/p99 latency of a page
// that reads the user's hubs and writes a 'consultation' audit row in the same transaction,
// beside the same page without the audit row. A benchmark, never a test.
//
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
//     node --import tsx bench/signed-in-page.ts [--concurrency 20] [--seconds 10]
//
// It creates (and drops) its own database on that server. The load runs in a child process so
// the server's event loop is not also the client's; on a 2-core machine shared with PostgreSQL
// the figures are for comparing the two pages, not absolute capacity.
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { fork } from 'node:child_process';
import pg from 'pg';

interface LoadJob {
  url: string;
  /** One signed-in user per loop, as concurrent users would be (a session row each). */
  cookies: string[];
  concurrency: number;
  seconds: number;
}
interface LoadResult {
  requests: number;
  errors: number;
  latenciesMs: number[];
  seconds: number;
}

/** Worker side: `concurrency` keep-alive loops against one URL for a fixed time. */
async function load(job: LoadJob): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: job.concurrency });
  const latenciesMs: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + job.seconds * 1000;
  const once = (cookie: string) =>
    new Promise<number>((resolve) => {
      const req = request(job.url, { agent, headers: { cookie } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', () => resolve(0));
      req.end();
    });
  await Promise.all(
    Array.from({ length: job.concurrency }, async (_, i) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const status = await once(job.cookies[i % job.cookies.length]!);
        latenciesMs.push(performance.now() - t0);
        if (status !== 200) errors += 1;
      }
    }),
  );
  agent.destroy();
  return {
    requests: latenciesMs.length,
    errors,
    latenciesMs,
    seconds: (performance.now() - started) / 1000,
  };
}

const LOAD_PROCESS = 'CICERO_BENCH_LOAD';

function runLoad(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(import.meta.filename, [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, [LOAD_PROCESS]: '1' },
    });
    child.once('message', (result) => resolve(result as LoadResult));
    child.once('error', reject);
    child.send(job);
  });
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a whole number`);
  return value;
}

async function main(): Promise<void> {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!adminUrl) {
    console.error('Set BENCH_DATABASE_URL (or DATABASE_URL) to a PostgreSQL server URL.');
    process.exit(2);
  }
  const concurrency = argument('concurrency', 20);
  const seconds = argument('seconds', 10);

  const { buildApp } = await import('../src/app.ts');
  const { loadConfig } = await import('../src/config.ts');
  const { openDatabase } = await import('../src/db/database.ts');
  const { migrate } = await import('../src/db/migrate.ts');
  const { systemClock } = await import('../src/domain/clock.ts');
  const { recordAudit } = await import('../src/features/audit/record.ts');
  const { caseRouteRuntime } = await import('../src/access/case-route.ts');
  const { replaceAssignments } = await import('../src/access/assignments.ts');
  const { assignmentsOf } = await import('../src/domain/role-assignments.ts');
  const { homePage } = await import('../src/features/home/presenter.ts');
  const { sessionStore } = await import('../src/features/auth/sessions.ts');
  const { registerRoutes, route } = await import('../src/web/routes.ts');

  const name = `cicero_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: url.href, poolSize: 10 });
  try {
    await migrate(database);
    const config = loadConfig({
      NODE_ENV: 'production',
      SECURE_COOKIES: 'false',
      SESSION_SECRET: randomBytes(32).toString('hex'),
      AUDIT_KEY: randomBytes(32).toString('hex'),
      DATABASE_URL: url.href,
      LOG_LEVEL: 'silent',
    });
    const app = await buildApp({ config, database, clock: systemClock });
    const { db } = database;

    /** The user's hubs in a transaction, with or without the audit row of reading them. */
    const hubsPage = (url: string, audited: boolean) =>
      route({
        method: 'GET',
        url,
        permission: 'account.use',
        handler: async ({ reply, principal: p, actor }) => {
          const hubs = await db.transaction().execute(async (trx) => {
            const rows = await trx
              .selectFrom('hubs as h')
              .select(['h.id', 'h.name', 'h.code'])
              .where(
                'h.id',
                'in',
                p.hubIds.length ? p.hubIds : ['00000000-0000-0000-0000-000000000000'],
              )
              .orderBy('h.name')
              .execute();
            if (audited) {
              await recordAudit(trx, systemClock, actor, {
                action: 'consultation',
                subjectType: 'hub-list',
                subjectId: p.userId,
              });
            }
            return rows;
          });
          return reply.page(
            'features/home/views/home.njk',
            homePage({
              name: p.name,
              roles: p.roles,
              counts: {},
              links: hubs.map((h) => ({
                permission: 'account.use',
                text: h.name,
                href: `/hubs/${h.id}`,
                description: h.code,
              })),
            }),
          );
        },
      });
    registerRoutes(app, caseRouteRuntime(db, systemClock), [
      hubsPage('/bench/hubs-audited', true),
      hubsPage('/bench/hubs', false),
    ]);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

    // Clinicians in two hubs, one per loop, signed in: an active session as the sign-in
    // journey leaves it.
    const hubs = await db.selectFrom('hubs').select('id').limit(2).execute();
    const sessions = sessionStore(db, systemClock, { idleMinutes: 30, absoluteHours: 12 });
    const cookies: string[] = [];
    for (let i = 0; i < concurrency; i += 1) {
      const user = await db
        .insertInto('users')
        .values({ email: `bench-${i}@bench.cicero.example`, name: `Bench Clinician ${i}` })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db.transaction().execute((trx) =>
        replaceAssignments(
          trx,
          user.id,
          assignmentsOf(
            ['clinician'],
            hubs.map((h) => h.id),
          ),
        ),
      );
      const { cookieToken } = await sessions.create({ userId: user.id, stage: 'active' });
      cookies.push(`cicero_session=${cookieToken}`);
    }

    console.log(
      `Command: node --import tsx bench/signed-in-page.ts --concurrency ${concurrency} --seconds ${seconds}`,
    );
    console.log(
      `PostgreSQL: ${(await admin.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version}; database ${name}; ${concurrency} users in parallel for ${seconds} s per page, after a 2 s warm-up\n`,
    );
    for (const path of ['/bench/hubs-audited', '/bench/hubs']) {
      await runLoad({ url: base + path, cookies, concurrency, seconds: 2 });
    }
    const rows: string[][] = [];
    for (const [label, path] of [
      ['with audit row', '/bench/hubs-audited'],
      ['without audit row', '/bench/hubs'],
    ] as const) {
      const r = await runLoad({ url: base + path, cookies, concurrency, seconds });
      const sorted = r.latenciesMs.sort((a, b) => a - b);
      rows.push([
        label,
        (r.requests / r.seconds).toFixed(0),
        percentile(sorted, 50).toFixed(1),
        percentile(sorted, 95).toFixed(1),
        percentile(sorted, 99).toFixed(1),
        String(r.requests),
        String(r.errors),
      ]);
    }
    const audits = await db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', 'consultation')
      .executeTakeFirstOrThrow();
    const header = ['page', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'requests', 'errors'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    for (const line of [header, ...rows]) {
      console.log(line.map((c, i) => c.padEnd(widths[i]!)).join('  '));
    }
    console.log(`\nconsultation audit rows written: ${audits.n}`);
    await app.close();
  } finally {
    await database.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

// Last, so every declaration above is initialised before main() runs.
if (process.env[LOAD_PROCESS]) {
  process.once('message', (job: LoadJob) => {
    void load(job).then((result) => process.send!(result, () => process.exit(0)));
  });
} else {
  await main();
}
