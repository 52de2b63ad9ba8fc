import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

/** Everything the service reads from its environment, validated once at start. */
export interface Config {
  port: number;
  host: string;
  nodeEnv: 'development' | 'production' | 'test';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** A postgres:// URL for a real server; absent for the embedded database. */
  databaseUrl: string | undefined;
  /** Where the embedded database and generated secrets live. */
  dataDir: string;
  sessionSecret: string;
  /** True when cookies must carry Secure (served over TLS, directly or behind a proxy). */
  secureCookies: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** Demo mode lists the demo users on the start page. Only on the embedded database. */
  demo: boolean;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

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
  DATABASE_URL: z
    .string()
    .refine(isPostgresUrl, 'must be a postgres:// or postgresql:// URL with a host')
    .optional(),
  DATA_DIR: z.string().min(1, 'must not be empty').default('./data'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SECURE_COOKIES: boolean.optional(),
  SESSION_IDLE_MINUTES: positive('minutes').default(30),
  SESSION_ABSOLUTE_HOURS: positive('hours').default(12),
  DEMO: boolean.optional(),
});

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
  return {
    port: e.PORT,
    host: e.HOST,
    nodeEnv: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    databaseUrl: e.DATABASE_URL,
    dataDir,
    sessionSecret: e.SESSION_SECRET ?? keptSecret(dataDir),
    secureCookies: truthy(e.SECURE_COOKIES ?? (e.NODE_ENV === 'production' ? 'true' : 'false')),
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: e.SESSION_ABSOLUTE_HOURS,
    demo: truthy(e.DEMO ?? (embedded && e.NODE_ENV !== 'production' ? 'true' : 'false')),
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
