import { createHash, randomBytes } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import {
  ACCESS_TOKEN_SECONDS,
  ASSERTION_MAX_SECONDS,
  grantedScopes,
  isApiScope,
  type ApiScope,
} from '../../domain/api-scopes.ts';
import type { Clock } from '../../domain/clock.ts';
import { isSide, type Side } from '../../domain/roles.ts';
import { recordAudit } from '../audit/record.ts';
import type { ClientAdmin } from './client-service.ts';
import { algorithmsFor, ASSERTION_ALGORITHMS } from './keys.ts';

/** The OAuth 2.0 error codes the token endpoint answers with (RFC 6749 §5.2). */
export type TokenErrorCode =
  'invalid_request' | 'invalid_client' | 'invalid_scope' | 'unsupported_grant_type';

export type TokenResult =
  | { ok: true; accessToken: string; expiresIn: number; scopes: ApiScope[] }
  | { ok: false; error: TokenErrorCode; description: string };

/** What a bearer token stands for, while it lasts. */
export interface TokenHolder {
  clientId: string;
  scopes: ApiScope[];
  mayActForUsers: boolean;
  side: Side | null;
  /** The stored token's id (its SHA-256): what the principal acts within. */
  tokenId: string;
}

/** Seconds of clock difference allowed between a client and Cicero on exp, nbf and iat. */
const CLOCK_TOLERANCE = 30;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const tokenIdOf = (token: string) => createHash('sha256').update(token).digest('hex');

const refused = (error: TokenErrorCode, description: string): TokenResult => ({
  ok: false,
  error,
  description,
});

/** The claims of an assertion, unverified: only to find the client whose key verifies it. */
function claimedClient(assertion: string): { clientId: string; alg: string } | null {
  try {
    const claims = decodeJwt(assertion);
    const header = decodeProtectedHeader(assertion);
    if (typeof claims.iss !== 'string' || claims.iss !== claims.sub || !UUID.test(claims.iss))
      return null;
    if (!(ASSERTION_ALGORITHMS as readonly string[]).includes(header.alg ?? '')) return null;
    return { clientId: claims.iss.toLowerCase(), alg: header.alg! };
  } catch {
    return null;
  }
}

/**
 * The client credentials grant with a JWT assertion (RFC 6749 §4.4, RFC 7523 §2.2, §3): the
 * assertion authenticates the client, so every fault in it is `invalid_client` (RFC 7523 §3.2).
 */
export function tokenService(db: Kysely<DB>, clock: Clock, clients: ClientAdmin) {
  async function audit(
    clientId: string | null,
    requestId: string,
    outcome: 'success' | 'failure',
    detail: Record<string, string | string[]>,
  ) {
    await recordAudit(
      db,
      clock,
      { userId: clientId, role: null, hubId: null, requestId, clientId },
      { action: 'sign-in', subjectType: 'api-client', subjectId: clientId, outcome, detail },
    );
  }

  return {
    /** Verifies the assertion and issues an access token, or says why not (nothing issued). */
    async exchange(input: {
      assertion: string;
      scope: string | undefined;
      /** The token endpoint's URLs an assertion may name as its audience. */
      audiences: string[];
      requestId: string;
    }): Promise<TokenResult> {
      const claimed = claimedClient(input.assertion);
      const client = claimed ? await clients.key(claimed.clientId) : null;
      if (!claimed || !client) {
        await audit(null, input.requestId, 'failure', {
          event: 'api-token-refused',
          code: 'unknown-client',
        });
        return refused('invalid_client', 'The client is unknown or the assertion cannot be read');
      }
      const fail = async (code: string, description: string) => {
        await audit(client.clientId, input.requestId, 'failure', {
          event: 'api-token-refused',
          code,
        });
        return refused('invalid_client', description);
      };
      if (!client.active) return fail('client-disabled', 'The client is disabled');
      if (!algorithmsFor(client.jwk).includes(claimed.alg))
        return fail(
          'wrong-algorithm',
          'The assertion is not signed with an algorithm of the registered key',
        );
      const now = clock.now();
      let exp: number;
      let jti: unknown;
      try {
        const key = await importJWK(client.jwk, claimed.alg);
        const { payload, protectedHeader } = await jwtVerify(input.assertion, key, {
          issuer: client.clientId,
          subject: client.clientId,
          audience: input.audiences,
          algorithms: [claimed.alg],
          currentDate: now,
          clockTolerance: CLOCK_TOLERANCE,
          requiredClaims: ['exp', 'jti'],
        });
        if (protectedHeader.kid !== undefined && protectedHeader.kid !== client.keyId)
          return fail('wrong-key-id', 'The assertion names another key');
        exp = payload.exp!;
        jti = payload.jti;
      } catch {
        return fail(
          'assertion-invalid',
          'The assertion is not valid: signature, audience, issuer or expiry',
        );
      }
      if (exp > now.getTime() / 1000 + ASSERTION_MAX_SECONDS + CLOCK_TOLERANCE)
        return fail(
          'assertion-too-long',
          `The assertion must expire within ${ASSERTION_MAX_SECONDS} seconds`,
        );
      if (typeof jti !== 'string' || jti.length < 1 || jti.length > 200)
        return fail('jti-invalid', 'The assertion needs a jti of 1 to 200 characters');

      const scopes = grantedScopes(input.scope, client.scopes);
      const token = randomBytes(32).toString('base64url');
      const outcome = await db.transaction().execute(async (trx) => {
        await trx
          .deleteFrom('api_assertion_jtis')
          .where('client_id', '=', client.clientId)
          .where('expires_at', '<', new Date(now.getTime() - CLOCK_TOLERANCE * 1000))
          .execute();
        const fresh = await trx
          .insertInto('api_assertion_jtis')
          .values({ client_id: client.clientId, jti, expires_at: new Date(exp * 1000) })
          .onConflict((oc) => oc.doNothing())
          .returning('jti')
          .executeTakeFirst();
        if (!fresh) return 'replayed' as const;
        if (!scopes) return 'scope' as const;
        // Tokens that have expired open nothing: the client's are cleared as it gets a new one.
        await trx
          .deleteFrom('api_access_tokens')
          .where('client_id', '=', client.clientId)
          .where('expires_at', '<', now)
          .execute();
        await trx
          .insertInto('api_access_tokens')
          .values({
            id: tokenIdOf(token),
            client_id: client.clientId,
            scopes,
            issued_at: now,
            expires_at: new Date(now.getTime() + ACCESS_TOKEN_SECONDS * 1000),
          })
          .execute();
        await recordAudit(
          trx,
          clock,
          {
            userId: client.clientId,
            role: null,
            hubId: null,
            requestId: input.requestId,
            clientId: client.clientId,
          },
          {
            action: 'sign-in',
            subjectType: 'api-client',
            subjectId: client.clientId,
            detail: { event: 'api-token-issued', scopes },
          },
        );
        return 'issued' as const;
      });
      if (outcome === 'replayed')
        return fail('jti-replayed', 'The assertion has been used already');
      if (outcome === 'scope') {
        await audit(client.clientId, input.requestId, 'failure', {
          event: 'api-token-refused',
          code: 'scope',
        });
        return refused('invalid_scope', 'A scope asked for is unknown or not held by the client');
      }
      return { ok: true, accessToken: token, expiresIn: ACCESS_TOKEN_SECONDS, scopes: scopes! };
    },

    /** The client behind a live bearer token; null when unknown, expired, revoked or disabled. */
    async holder(token: string): Promise<TokenHolder | null> {
      if (token.length > 200) return null;
      const tokenId = tokenIdOf(token);
      const row = await db
        .selectFrom('api_access_tokens as t')
        .innerJoin('api_clients as c', 'c.user_id', 't.client_id')
        .innerJoin('users as u', 'u.id', 'c.user_id')
        .select(['t.client_id', 't.scopes', 'c.may_act_for_users', 'u.side'])
        .where('t.id', '=', tokenId)
        .where('t.revoked_at', 'is', null)
        .where('t.expires_at', '>', clock.now())
        .where('c.disabled_at', 'is', null)
        .where('u.status', '=', 'active')
        .executeTakeFirst();
      if (!row) return null;
      return {
        clientId: row.client_id,
        scopes: row.scopes.filter(isApiScope),
        mayActForUsers: row.may_act_for_users,
        side: isSide(row.side) ? row.side : null,
        tokenId,
      };
    },
  };
}

export type TokenService = ReturnType<typeof tokenService>;
