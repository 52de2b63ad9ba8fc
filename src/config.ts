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
  /** Where people reach the service (an origin), for the single sign-on redirect address. */
  publicUrl: string | undefined;
  /** OpenID Connect identity providers, in the order the sign-in page offers them. */
  oidcProviders: OidcProviderSettings[];
  /** The folder of instrument templates for formulations (config/instruments by default). */
  instrumentsDir: string;
}

/** One identity provider: OIDC_PROVIDERS names it, OIDC_<ID>_* configure it. */
export interface OidcProviderSettings {
  /** Lower case, in URLs (/sign-in/sso/<id>) and audit rows. */
  id: string;
  /** Shown on the button: "Sign in with <name>". */
  name: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  /**
   * An id token that says nothing about how the user signed in (no amr, no acr that
   * OIDC_<ID>_MFA_ACR_VALUES lists) is refused when true, accepted when false.
   */
  requireMfa: boolean;
  /** acr values that mean the provider used more than one factor (amr is read too). */
  mfaAcrValues: string[];
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
  INSTRUMENTS_DIR: z.string().min(1, 'must not be empty').optional(),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SECURE_COOKIES: boolean.optional(),
  SESSION_IDLE_MINUTES: positive('minutes').default(30),
  SESSION_ABSOLUTE_HOURS: positive('hours').default(12),
  DEMO: boolean.optional(),
  PUBLIC_URL: z
    .string()
    .refine(
      isOrigin,
      'must be an http:// or https:// address with no path, such as https://cicero.example.nhs.uk',
    )
    .optional(),
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

const isLoopback = (url: URL) => ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

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
    publicUrl: e.PUBLIC_URL ? new URL(e.PUBLIC_URL).origin : undefined,
    oidcProviders,
    instrumentsDir: e.INSTRUMENTS_DIR
      ? resolve(e.INSTRUMENTS_DIR)
      : join(import.meta.dirname, '..', 'config', 'instruments'),
  };
}

/** OIDC_<ID>_* for each provider OIDC_PROVIDERS names; the first bad one is reported. */
function readOidcProviders(
  env: NodeJS.ProcessEnv,
  list: string | undefined,
  production: boolean,
): OidcProviderSettings[] {
  const ids = (list ?? '')
    .split(',')
    .map((id) => id.trim().toLowerCase())
    .filter(Boolean);
  if (new Set(ids).size !== ids.length) {
    throw new ConfigError('OIDC_PROVIDERS', 'names a provider more than once');
  }
  return ids.map((id) => {
    const prefix = `OIDC_${id.toUpperCase()}_`;
    const read = (name: string, required: boolean) => {
      const value = env[prefix + name]?.trim();
      if (required && !value) {
        throw new ConfigError(prefix + name, `is required because OIDC_PROVIDERS names ${id}`);
      }
      return value || undefined;
    };
    const issuer = read('ISSUER', true)!;
    let issuerUrl: URL;
    try {
      issuerUrl = new URL(issuer);
    } catch {
      throw new ConfigError(
        prefix + 'ISSUER',
        'must be the issuer URL, such as https://idp.example',
      );
    }
    const plainHttpAllowed = !production && isLoopback(issuerUrl);
    if (issuerUrl.protocol !== 'https:' && !(issuerUrl.protocol === 'http:' && plainHttpAllowed)) {
      throw new ConfigError(
        prefix + 'ISSUER',
        'must be https:// (http:// only for a provider on this machine outside production)',
      );
    }
    const name = read('NAME', true)!;
    if (name.length > 60) throw new ConfigError(prefix + 'NAME', 'must be at most 60 characters');
    const requireMfa = read('REQUIRE_MFA', false) ?? 'true';
    if (!['true', 'false', '1', '0'].includes(requireMfa)) {
      throw new ConfigError(prefix + 'REQUIRE_MFA', 'must be true or false');
    }
    return {
      id,
      name,
      issuer,
      clientId: read('CLIENT_ID', true)!,
      clientSecret: read('CLIENT_SECRET', true)!,
      requireMfa: truthy(requireMfa),
      mfaAcrValues: (read('MFA_ACR_VALUES', false) ?? '')
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    };
  });
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
