import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/db/database.ts';
import type { DB } from '../../src/db/schema.ts';

/**
 * The resilience suites exercise a real PostgreSQL server (two instances on one database, a
 * killed process, a cut connection): without TEST_DATABASE_URL they are skipped, loudly.
 */
export const NEEDS_POSTGRES: string | false = process.env.TEST_DATABASE_URL
  ? false
  : 'SKIPPED: resilience suites need PostgreSQL: set TEST_DATABASE_URL (CI always does), e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres';

export const repoRoot = join(import.meta.dirname, '..', '..');

/** The connection URL of a test database opened by testDatabase() on PostgreSQL. */
export async function urlOf(database: Database): Promise<string> {
  const name = (await sql<{ db: string }>`SELECT current_database() AS db`.execute(database.db))
    .rows[0]!.db;
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Tables whose rows change without a record being written: sign-in state and the audit log. */
export const VOLATILE_TABLES = new Set([
  'sessions',
  'audit_events',
  'audit_seals',
  'scheduled_jobs',
]);

/**
 * Every table's row count and a digest of its rows, except those named: two equal results mean
 * nothing was written between them.
 */
export async function contentChecksum(
  db: Kysely<DB>,
  exclude: ReadonlySet<string> = VOLATILE_TABLES,
): Promise<Record<string, string>> {
  const tables = (
    await sql<{ name: string }>`
      SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(db)
  ).rows
    .map((r) => r.name)
    .filter((name) => !exclude.has(name));
  const parts = tables.map(
    (name) =>
      sql`SELECT ${name}::text AS name, count(*)::text || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest FROM ${sql.table(name)} t`,
  );
  const rows = (
    await sql<{ name: string; digest: string }>`${sql.join(parts, sql` UNION ALL `)}`.execute(db)
  ).rows;
  return Object.fromEntries(rows.map((r) => [r.name, r.digest]));
}

/** The names of tables whose digest differs. */
export function changedTables(
  before: Record<string, string>,
  after: Record<string, string>,
): string[] {
  return Object.keys({ ...before, ...after }).filter((k) => before[k] !== after[k]);
}

/**
 * A TCP proxy in front of PostgreSQL that a test can cut (refuse new connections and destroy the
 * open ones, as a failed server or network does) and restore, without touching the server
 * other tests share.
 */
export interface CuttableProxy {
  port: number;
  /** The target URL rewritten to go through the proxy. */
  urlFor(url: string): string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  /** Connections accepted so far. */
  accepted(): number;
  close(): Promise<void>;
}

export async function cuttableProxy(target: {
  host: string;
  port: number;
}): Promise<CuttableProxy> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  let server: Server | null = null;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((client) => {
        accepted++;
        const upstream = connect(target.port, target.host);
        sockets.add(client);
        sockets.add(upstream);
        const drop = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
        client.pipe(upstream);
        upstream.pipe(client);
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as { port: number }).port;
        server = s;
        resolve();
      });
    });
  await listen();
  const proxy: CuttableProxy = {
    get port() {
      return port;
    },
    urlFor(url) {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    async cut() {
      const s = server;
      server = null;
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    async restore() {
      if (!server) await listen();
    },
    accepted: () => accepted,
    close: () => proxy.cut(),
  };
  return proxy;
}

/** The host and port of TEST_DATABASE_URL. */
export function postgresAddress(): { host: string; port: number } {
  const u = new URL(process.env.TEST_DATABASE_URL!);
  return { host: u.hostname || '127.0.0.1', port: Number(u.port || 5432) };
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** The application as a real child process: `node --import tsx src/main.ts`. */
export interface AppProcess {
  child: ChildProcess;
  baseUrl: string;
  output(): string;
  /** Resolves with the exit code or signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function startAppProcess(
  env: Record<string, string>,
  options: { port?: number } = {},
): Promise<AppProcess> {
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      SESSION_SECRET: 'resilience-secret-resilience-secret-0123',
      HOST: '127.0.0.1',
      PORT: String(port),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (output += d.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited at start:\n${output}`);
    try {
      const response = await fetch(`${baseUrl}/health/ready`);
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the app did not become ready in a minute:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, baseUrl, output: () => output, exited };
}

/** A minimal cookie-carrying HTTP client for a real server. */
export class Browser {
  private cookies = new Map<string, string>();
  constructor(readonly baseUrl: string) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(
    method: string,
    path: string,
    form?: Record<string, string>,
  ): Promise<{ status: number; location: string | null; body: string }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        cookie: this.cookieHeader(),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    return {
      status: response.status,
      location: response.headers.get('location'),
      body: await response.text(),
    };
  }
}

export const csrfOf = (body: string): string => {
  const token = /name="_csrf" value="([^"]+)"/.exec(body)?.[1];
  if (!token) throw new Error('no CSRF token on the page');
  return token;
};

/** A complete request's section forms, as a case officer fills them in (page slug → fields). */
export function requestSectionForms(n = 0): [string, Record<string, string>][] {
  return [
    [
      'about-the-person',
      {
        givenName: `Resilia${n}`,
        familyName: 'Synthetic',
        otherNames: '',
        'dateOfBirth-day': '3',
        'dateOfBirth-month': '2',
        'dateOfBirth-year': '1999',
        nhsNumber: '',
        gender: 'male',
        ethnicity: 'not_stated',
        postcodeDistrict: 'B15',
        firstLanguage: 'English',
        communicationNeeds: '',
      },
    ],
    [
      'prevent-references',
      {
        pcmtReference: `PCMT-${n}`,
        preventStage: 'police_led',
        'gatewayDate-day': '1',
        'gatewayDate-month': '5',
        'gatewayDate-year': '2026',
        channelReference: '',
      },
    ],
    ['referral', { referralSector: 'education', concernType: 'conflicted' }],
    [
      'concerns-and-support',
      {
        concernsSeen: 'Low mood',
        supportReason: 'Advice on engagement',
        gpPractice: '',
        mentalHealthTeam: '',
      },
    ],
    ['urgency-and-awareness', { personAware: 'yes', urgency: 'routine', urgencyReason: '' }],
  ];
}
