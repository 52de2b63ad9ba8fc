import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import type { ApiScope } from '../../src/domain/api-scopes.ts';
import type { Role } from '../../src/domain/roles.ts';
import { ACTING_USER_HEADER } from '../../src/features/api-clients/bearer-guard.ts';
import { clientAdmin } from '../../src/features/api-clients/client-service.ts';
import { parsePublicJwk } from '../../src/features/api-clients/keys.ts';
import { TOKEN_PATH } from '../../src/features/api-clients/paths.ts';
import type { TestApp } from './app.ts';

/** An API client made for a test: its id (= its service account's user id) and private key. */
export interface TestApiClient {
  clientId: string;
  /** The service account's user id: the same as clientId. */
  userId: string;
  privateKey: CryptoKey;
  keyId: string;
  /** The signing algorithm of privateKey. */
  alg: 'ES256' | 'RS256' | 'PS256';
}

const ADMIN = { userId: null, role: null, hubId: null, requestId: null };

/**
 * Creates an API client (a service account with these roles in these hubs, by hub code: WM, NW,
 * LDN; none for a national role) through the same service as the admin pages, with a fresh
 * ES256 key pair (RS256 when `alg` says so). The roles obey the same rules as a person's.
 */
export async function createApiClient(
  db: Kysely<DB>,
  options: {
    name?: string;
    organisation?: string;
    assignments: { role: Role; hub?: string }[];
    scopes: ApiScope[];
    mayActForUsers?: boolean;
    alg?: 'ES256' | 'RS256' | 'PS256';
  },
): Promise<TestApiClient> {
  const alg = options.alg ?? 'ES256';
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const key = await parsePublicJwk(JSON.stringify(await exportJWK(publicKey)));
  assert.ok(key.ok, 'the generated public key is accepted');
  const created = await clientAdmin(db, { now: () => new Date() }).create(
    {
      name: options.name ?? `Test client ${randomUUID().slice(0, 8)}`,
      organisation: options.organisation ?? 'Test organisation',
      assignments: options.assignments.map((a) => ({ role: a.role, hub: a.hub ?? null })),
      jwk: key.jwk,
      keyId: key.keyId,
      scopes: options.scopes,
      mayActForUsers: options.mayActForUsers ?? false,
    },
    ADMIN,
  );
  assert.ok(created.ok, `the client is created: ${JSON.stringify(created)}`);
  return {
    clientId: created.clientId,
    userId: created.clientId,
    privateKey,
    keyId: key.keyId,
    alg,
  };
}

/** The audience a client names: the token endpoint as the test app is reached (inject). */
export function tokenAudience(t: TestApp): string {
  return `${t.config.publicUrl ?? 'http://localhost:80'}${TOKEN_PATH}`;
}

/**
 * A signed client assertion (RFC 7523) for the client, valid for a minute on the app's clock;
 * `claims` and `header` override or add to what is signed (tests of refusals).
 */
export async function clientAssertion(
  t: TestApp,
  client: TestApiClient,
  options: { claims?: JWTPayload; header?: Record<string, unknown>; key?: CryptoKey } = {},
): Promise<string> {
  const now = Math.floor(t.clock.now().getTime() / 1000);
  return new SignJWT({
    iss: client.clientId,
    sub: client.clientId,
    aud: tokenAudience(t),
    jti: randomUUID(),
    iat: now,
    exp: now + 60,
    ...options.claims,
  })
    .setProtectedHeader({ alg: client.alg, kid: client.keyId, typ: 'JWT', ...options.header })
    .sign(options.key ?? client.privateKey);
}

/** POSTs a token request (form-encoded, as RFC 6749 says) and returns the raw response. */
export function tokenRequest(t: TestApp, fields: Record<string, string>) {
  return t.app.inject({
    method: 'POST',
    url: TOKEN_PATH,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });
}

/**
 * The real private_key_jwt exchange against POST /api/v1/token: returns the access token
 * (valid 10 minutes on the app's clock). `scope` asks for fewer scopes than the client holds.
 */
export async function apiToken(
  t: TestApp,
  client: TestApiClient,
  options: { scope?: string } = {},
): Promise<string> {
  const response = await tokenRequest(t, {
    grant_type: 'client_credentials',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: await clientAssertion(t, client),
    ...(options.scope !== undefined ? { scope: options.scope } : {}),
  });
  assert.equal(response.statusCode, 200, `token issued: ${response.body}`);
  const body = response.json<{ access_token: string; token_type: string }>();
  assert.equal(body.token_type, 'Bearer');
  return body.access_token;
}

/** The headers of an API call with this token, naming the acting user when given. */
export function apiHeaders(token: string, actingUserId?: string): Record<string, string> {
  return {
    authorization: `Bearer ${token}`,
    ...(actingUserId ? { [ACTING_USER_HEADER]: actingUserId } : {}),
  };
}
