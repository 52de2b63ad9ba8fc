import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { readAuditSettings, type AuditSettings } from './config-audit.ts';
import { readMailSettings, type MailSettings } from './config-mail.ts';
import { ConfigError } from './config-error.ts';
import { readOidcProviders, type OidcProviderSettings } from './config-oidc.ts';

/** Everything the service reads from its environment, validated once at start. */
export interface Config {
  port: number;
  host: string;
  nodeEnv: 'development' | 'production' | 'test';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** A postgres:// URL for a real server; absent for the embedded database. */
  databaseUrl: string | undefined;
  /**
   * The schema owner's postgres:// URL, for `cicero migrate` and `cicero db-roles --apply`
   * (MIGRATION_DATABASE_URL); absent: they use databaseUrl.
   */
  migrationDatabaseUrl: string | undefined;
  /**
   * A streaming replica's postgres:// URL that statistics and exports read from
   * (REPORTING_DATABASE_URL); absent: they read the main database.
   */
  reportingDatabaseUrl: string | undefined;
  /** Where the embedded database and generated secrets live. */
  dataDir: string;
  sessionSecret: string;
  /** True when cookies must carry Secure (served over TLS, directly or behind a proxy). */
  secureCookies: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** Demo mode lists the demo users on the start page. Only on the embedded database. */
  demo: boolean;
  /** Where people reach the service (an origin), for the single sign-on redirect address. */
  publicUrl: string | undefined;
  /** OpenID Connect identity providers, in the order the sign-in page offers them. */
  oidcProviders: OidcProviderSettings[];
  /** The folder of instrument templates for formulations (config/instruments by default). */
  instrumentsDir: string;
  /**
   * Which proxies' X-Forwarded-For to believe: false (none, the default), a number of hops, or
   * the proxies' addresses and ranges. Never "any": the per-address sign-in throttle relies on it.
   */
  trustProxy: false | number | string[];
  /** Server timeouts, in milliseconds (see the README's configuration table). */
  timeouts: ServerTimeouts;
  /** Requests per minute each API client may make to /api/v1/ (API_RATE_LIMIT_PER_MINUTE). */
  apiRateLimitPerMinute: number;
  /** Years between reviews of police-provided content after the first, as the force sets them (RETENTION_POLICE_REVIEW_YEARS, docs/records.md). */
  retentionPoliceReviewYears: number;
  /** The audit log's keys and checkpoint folder (AUDIT_KEY or AUDIT_KEY_FILE, docs/audit.md). */
  audit: AuditSettings;
  /** SMTP for notification emails (SMTP_HOST and friends, docs/notifications.md); null: none. */
  mail: MailSettings | null;
}

export interface ServerTimeouts {
  /** The whole request (headers and body) must arrive within this. */
  requestMs: number;
  /** The request's headers must arrive within this (at most requestMs). */
  headersMs: number;
  /** An idle kept-alive connection is closed after this. */
  keepAliveMs: number;
  /** A connection with no traffic either way for this long is closed. */
  connectionMs: number;
}

export { ConfigError };
export type { OidcProviderSettings };

const port = z.coerce
  .number({ error: 'must be a whole number between 1 and 65535' })
  .int('must be a whole number between 1 and 65535')
  .min(1, 'must be a whole number between 1 and 65535')
  .max(65535, 'must be a whole number between 1 and 65535');

const positive = (what: string) =>
  z.coerce
    .number({ error: `must be a positive number of ${what}` })
    .positive(`must be a positive number of ${what}`);

const boolean = z.enum(['true', 'false', '1', '0'], { error: 'must be true or false' });

const seconds = z.coerce
  .number({ error: 'must be a number of seconds between 0.1 and 3600' })
  .min(0.1, 'must be a number of seconds between 0.1 and 3600')
  .max(3600, 'must be a number of seconds between 0.1 and 3600');

const TRUST_PROXY_MESSAGE =
  'must be a number of proxy hops (such as 1) or a comma-separated list of proxy addresses or ranges (such as 10.0.0.1,10.1.0.0/16)';

/** proxy-addr's names for ranges, accepted beside addresses and CIDR ranges. */
const namedRanges = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(entry: string): boolean {
  if (namedRanges.has(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  if (rest.length || !address) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

/** TRUST_PROXY: unset or 0 is off; a whole number is hops; otherwise a list of addresses. */
function parseTrustProxy(value: string | undefined): false | number | string[] {
  const text = (value ?? '').trim();
  if (text === '' || text === '0' || text === 'false') return false;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > 10) throw new ConfigError('TRUST_PROXY', TRUST_PROXY_MESSAGE);
    return hops;
  }
  const entries = text.split(',').map((e) => e.trim());
  if (!entries.every(isProxyAddress)) throw new ConfigError('TRUST_PROXY', TRUST_PROXY_MESSAGE);
  return entries;
}

const schema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
  NODE_ENV: z
    .enum(['development', 'production', 'test'], {
      error: 'must be development, production or test',
    })
    .default('development'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  MIGRATION_DATABASE_URL: z
    .string()
    .refine(isPostgresUrl, 'must be a postgres:// or postgresql:// URL with a host')
    .optional(),
  DATABASE_URL: z
    .string()
    .refine(isPostgresUrl, 'must be a postgres:// or postgresql:// URL with a host')
    .optional(),
  REPORTING_DATABASE_URL: z
    .string()
    .refine(isPostgresUrl, 'must be a postgres:// or postgresql:// URL with a host')
    .optional(),
  DATA_DIR: z.string().min(1, 'must not be empty').default('./data'),
  INSTRUMENTS_DIR: z.string().min(1, 'must not be empty').optional(),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SECURE_COOKIES: boolean.optional(),
  SESSION_IDLE_MINUTES: positive('minutes').default(30),
  SESSION_ABSOLUTE_HOURS: positive('hours').default(12),
  API_RATE_LIMIT_PER_MINUTE: z.coerce
    .number({ error: 'must be a whole number of requests between 1 and 100000' })
    .int('must be a whole number of requests between 1 and 100000')
    .min(1, 'must be a whole number of requests between 1 and 100000')
    .max(100000, 'must be a whole number of requests between 1 and 100000')
    .default(300),
  RETENTION_POLICE_REVIEW_YEARS: z.coerce
    .number({ error: 'must be a whole number of years between 1 and 25' })
    .int('must be a whole number of years between 1 and 25')
    .min(1, 'must be a whole number of years between 1 and 25')
    .max(25, 'must be a whole number of years between 1 and 25')
    .default(6),
  DEMO: boolean.optional(),
  PUBLIC_URL: z
    .string()
    .refine(
      isOrigin,
      'must be an http:// or https:// address with no path, such as https://cicero.example.nhs.uk',
    )
    .optional(),
  TRUST_PROXY: z.string().optional(),
  REQUEST_TIMEOUT_SECONDS: seconds.default(30),
  HEADERS_TIMEOUT_SECONDS: seconds.default(10),
  KEEP_ALIVE_TIMEOUT_SECONDS: seconds.default(5),
  CONNECTION_TIMEOUT_SECONDS: seconds.default(60),
  OIDC_PROVIDERS: z
    .string()
    .refine(
      (v) => v.split(',').every((id) => /^[a-z][a-z0-9]{0,19}$/i.test(id.trim())),
      'must be a comma-separated list of provider ids (letters and digits, starting with a letter), such as cis2,police',
    )
    .optional(),
});

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'https:' || url.protocol === 'http:') &&
      url.pathname === '/' &&
      !url.search &&
      !url.hash &&
      !url.username
    );
  } catch {
    return false;
  }
}

function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const truthy = (value: string | undefined) => value === 'true' || value === '1';

/**
 * Reads the configuration. Throws a ConfigError naming the first bad variable.
 * `env` is passed in so tests never touch the process environment.
 */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const blank = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => key in schema.shape && value !== ''),
  );
  const parsed = schema.safeParse(blank);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0]), issue.message);
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  if (e.NODE_ENV === 'production' && !e.SESSION_SECRET) {
    throw new ConfigError('SESSION_SECRET', 'is required when NODE_ENV is production');
  }
  const embedded = e.DATABASE_URL === undefined;
  if (embedded && e.MIGRATION_DATABASE_URL) {
    throw new ConfigError(
      'MIGRATION_DATABASE_URL',
      'is for PostgreSQL: set DATABASE_URL too (the embedded database has no roles)',
    );
  }
  if (embedded && e.REPORTING_DATABASE_URL) {
    throw new ConfigError(
      'REPORTING_DATABASE_URL',
      'is a replica of a PostgreSQL server: set DATABASE_URL too (the embedded database has none)',
    );
  }
  const production = e.NODE_ENV === 'production';
  const oidcProviders = readOidcProviders(env, e.OIDC_PROVIDERS, production);
  if (oidcProviders.length && !e.PUBLIC_URL) {
    throw new ConfigError(
      'PUBLIC_URL',
      'is required when OIDC_PROVIDERS is set: identity providers send people back to it',
    );
  }
  if (e.PUBLIC_URL && production && !e.PUBLIC_URL.startsWith('https:')) {
    throw new ConfigError('PUBLIC_URL', 'must be https:// when NODE_ENV is production');
  }
  const trustProxy = parseTrustProxy(e.TRUST_PROXY);
  if (e.HEADERS_TIMEOUT_SECONDS > e.REQUEST_TIMEOUT_SECONDS) {
    throw new ConfigError(
      'HEADERS_TIMEOUT_SECONDS',
      'must be at most REQUEST_TIMEOUT_SECONDS (the headers are part of the request)',
    );
  }
  const ms = (value: number) => Math.round(value * 1000);
  return {
    port: e.PORT,
    host: e.HOST,
    nodeEnv: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    databaseUrl: e.DATABASE_URL,
    migrationDatabaseUrl: e.MIGRATION_DATABASE_URL,
    reportingDatabaseUrl: e.REPORTING_DATABASE_URL,
    dataDir,
    sessionSecret: e.SESSION_SECRET ?? keptSecret(dataDir),
    secureCookies: truthy(e.SECURE_COOKIES ?? (e.NODE_ENV === 'production' ? 'true' : 'false')),
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: e.SESSION_ABSOLUTE_HOURS,
    demo: truthy(e.DEMO ?? (embedded && e.NODE_ENV !== 'production' ? 'true' : 'false')),
    publicUrl: e.PUBLIC_URL ? new URL(e.PUBLIC_URL).origin : undefined,
    oidcProviders,
    instrumentsDir: e.INSTRUMENTS_DIR
      ? resolve(e.INSTRUMENTS_DIR)
      : join(import.meta.dirname, '..', 'config', 'instruments'),
    trustProxy,
    timeouts: {
      requestMs: ms(e.REQUEST_TIMEOUT_SECONDS),
      headersMs: ms(e.HEADERS_TIMEOUT_SECONDS),
      keepAliveMs: ms(e.KEEP_ALIVE_TIMEOUT_SECONDS),
      connectionMs: ms(e.CONNECTION_TIMEOUT_SECONDS),
    },
    apiRateLimitPerMinute: e.API_RATE_LIMIT_PER_MINUTE,
    retentionPoliceReviewYears: e.RETENTION_POLICE_REVIEW_YEARS,
    audit: readAuditSettings(env, dataDir, production),
    mail: readMailSettings(
      env,
      e.PUBLIC_URL ? new URL(e.PUBLIC_URL).origin : undefined,
      production,
    ),
  };
}

/** The embedded default generates its secret once and keeps it beside the database. */
function keptSecret(dataDir: string): string {
  const file = join(dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}
