import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isRole, type Role } from './domain/roles.ts';
import { ConfigError } from './config-error.ts';

/** One identity provider: OIDC_PROVIDERS names it, OIDC_<ID>_* configure it. */
export interface OidcProviderSettings {
  /** Lower case, in URLs (/sign-in/sso/<id>) and audit rows. */
  id: string;
  /** Shown on the button: "Sign in with <name>". */
  name: string;
  issuer: string;
  clientId: string;
  /** client_secret_basic; absent when Cicero authenticates with a private key instead. */
  clientSecret?: string;
  /** private_key_jwt (RFC 7523): Cicero signs a client assertion with this key. */
  privateKey?: { pem: string; keyId?: string; alg: string };
  /**
   * An id token that says nothing about how the user signed in (no amr, no acr that
   * OIDC_<ID>_MFA_ACR_VALUES lists) is refused when true, accepted when false.
   */
  requireMfa: boolean;
  /** acr values that mean the provider used more than one factor (amr is read too). */
  mfaAcrValues: string[];
  /** Scopes asked for at sign-in (default `openid`). */
  scopes?: string[];
  /** acr values asked for at step-up; the answer's acr must be one of them. */
  stepUpAcrValues?: string[];
  /**
   * CIS2 role check: the selected role's RBAC codes (R8000...) mapped to Cicero roles. When set,
   * a sign-in needs a selected role that maps to a role the account holds.
   */
  roleMap?: Record<string, Role[]>;
}

const KEY_ALGS: Record<string, string[]> = {
  rsa: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'],
  ec: ['ES256', 'ES384', 'ES512'],
};

const isLoopback = (url: URL) => ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
const truthy = (value: string) => value === 'true' || value === '1';
const list = (value: string | undefined, separator: RegExp) =>
  (value ?? '')
    .split(separator)
    .map((v) => v.trim())
    .filter(Boolean);

/** OIDC_<ID>_* for each provider OIDC_PROVIDERS names; the first bad one is reported. */
export function readOidcProviders(
  env: NodeJS.ProcessEnv,
  names: string | undefined,
  production: boolean,
): OidcProviderSettings[] {
  const ids = list(names, /,/).map((id) => id.toLowerCase());
  if (new Set(ids).size !== ids.length) {
    throw new ConfigError('OIDC_PROVIDERS', 'names a provider more than once');
  }
  return ids.map((id) => readProvider(env, id, production));
}

function readProvider(env: NodeJS.ProcessEnv, id: string, production: boolean) {
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
    throw new ConfigError(prefix + 'ISSUER', 'must be the issuer URL, such as https://idp.example');
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
  const clientSecret = read('CLIENT_SECRET', false);
  const keyFile = read('PRIVATE_KEY_FILE', false);
  if (!clientSecret && !keyFile) {
    throw new ConfigError(
      prefix + 'CLIENT_SECRET',
      `is required because OIDC_PROVIDERS names ${id} (or ${prefix}PRIVATE_KEY_FILE instead)`,
    );
  }
  if (clientSecret && keyFile) {
    throw new ConfigError(
      prefix + 'CLIENT_SECRET',
      `and ${prefix}PRIVATE_KEY_FILE are both set: set only one, how Cicero authenticates to ${id}`,
    );
  }
  const scopes = list(read('SCOPES', false) ?? 'openid', /[\s,]+/);
  if (!scopes.includes('openid')) scopes.unshift('openid');
  const roleMap = readRoleMap(prefix + 'ROLE_MAP', read('ROLE_MAP', false));
  return {
    id,
    name,
    issuer,
    clientId: read('CLIENT_ID', true)!,
    ...(clientSecret ? { clientSecret } : {}),
    ...(keyFile
      ? { privateKey: readPrivateKey(prefix, keyFile, read('PRIVATE_KEY_ID', false), read) }
      : {}),
    requireMfa: truthy(requireMfa),
    mfaAcrValues: list(read('MFA_ACR_VALUES', false), /,/),
    scopes,
    stepUpAcrValues: list(read('STEP_UP_ACR_VALUES', false), /,/),
    ...(roleMap ? { roleMap } : {}),
  } satisfies OidcProviderSettings;
}

function readPrivateKey(
  prefix: string,
  file: string,
  keyId: string | undefined,
  read: (name: string, required: boolean) => string | undefined,
): NonNullable<OidcProviderSettings['privateKey']> {
  let pem: string;
  let type: string | undefined;
  try {
    pem = readFileSync(file, 'utf8');
    type = createPrivateKey(pem).asymmetricKeyType;
  } catch {
    throw new ConfigError(
      prefix + 'PRIVATE_KEY_FILE',
      'must name a readable file holding a PEM private key (RSA or EC)',
    );
  }
  const allowed = KEY_ALGS[type ?? ''];
  if (!allowed) throw new ConfigError(prefix + 'PRIVATE_KEY_FILE', 'must be an RSA or EC key');
  const alg = read('PRIVATE_KEY_ALG', false) ?? allowed[0]!;
  if (!allowed.includes(alg)) {
    throw new ConfigError(prefix + 'PRIVATE_KEY_ALG', `must be one of ${allowed.join(', ')}`);
  }
  return { pem, alg, ...(keyId ? { keyId } : {}) };
}

/** `R8000=clinician,R8008=hub_lead`: an RBAC role code to a Cicero role, one pair each. */
function readRoleMap(variable: string, value: string | undefined) {
  if (value === undefined) return undefined;
  const map: Record<string, Role[]> = {};
  for (const pair of list(value, /,/)) {
    const [code, role, ...rest] = pair.split('=').map((p) => p.trim());
    if (!code || !role || rest.length || !/^[A-Za-z0-9]{1,20}$/.test(code) || !isRole(role)) {
      throw new ConfigError(
        variable,
        'must be RBAC role codes and Cicero roles, such as R8000=clinician,R8008=hub_lead',
      );
    }
    map[code] = [...new Set([...(map[code] ?? []), role])];
  }
  return map;
}
