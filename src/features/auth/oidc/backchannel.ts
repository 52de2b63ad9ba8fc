import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../../db/schema.ts';
import type { Clock } from '../../../domain/clock.ts';
import { publicRoute, type RouteDeclaration } from '../../../web/routes.ts';
import type { OidcClient } from './client.ts';
import type { SsoService } from './service.ts';

/** OpenID Connect Back-Channel Logout 1.0: the event a logout token must carry. */
const LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';
/** A logout token older than this (by its iat) is refused; its jti is kept this long. */
const MAX_AGE_SECONDS = 600;
const CLOCK_TOLERANCE_SECONDS = 30;
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384'];

export class LogoutTokenError extends Error {
  constructor(readonly code: string) {
    super(`logout token refused: ${code}`);
  }
}

export interface LogoutRequest {
  issuer: string;
  jti: string;
  iat: number;
  sub?: string;
  sid?: string;
}

/**
 * Verifies a logout token: signed by the provider (its JWKS), for Cicero (aud), from its
 * issuer, issued recently (iat), with the back-channel logout event, a jti, a sub or a sid, and
 * no nonce (so an id token can never pass for one).
 */
export function logoutTokenVerifier(client: OidcClient, clock: Clock) {
  let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
  return async function verify(token: string): Promise<LogoutRequest> {
    let metadata;
    try {
      metadata = await client.serverMetadata();
    } catch {
      throw new LogoutTokenError('discovery-unavailable');
    }
    if (!metadata.jwks_uri) throw new LogoutTokenError('no-jwks');
    jwks ??= createRemoteJWKSet(new URL(metadata.jwks_uri));
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, jwks, {
        issuer: metadata.issuer,
        audience: client.provider.clientId,
        algorithms: ALGORITHMS,
        currentDate: clock.now(),
        maxTokenAge: MAX_AGE_SECONDS,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['iat', 'jti'],
      }));
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      throw new LogoutTokenError(typeof code === 'string' ? code : 'invalid-token');
    }
    const events = payload.events as Record<string, unknown> | undefined;
    const event = events && typeof events === 'object' ? events[LOGOUT_EVENT] : undefined;
    if (typeof event !== 'object' || event === null) throw new LogoutTokenError('no-logout-event');
    if ('nonce' in payload) throw new LogoutTokenError('nonce-present');
    const { sub, sid, jti, iat } = payload;
    if (typeof jti !== 'string' || jti === '' || jti.length > 200) {
      throw new LogoutTokenError('bad-jti');
    }
    const subject = typeof sub === 'string' && sub !== '' ? sub : undefined;
    const session = typeof sid === 'string' && sid !== '' ? sid : undefined;
    if (!subject && !session) throw new LogoutTokenError('no-sub-or-sid');
    return {
      issuer: metadata.issuer,
      jti,
      iat: iat!,
      ...(subject ? { sub: subject } : {}),
      ...(session ? { sid: session } : {}),
    };
  };
}

/**
 * Acts on a verified logout token once (its jti), in one transaction: with a sid, ends the
 * live sessions this provider signed in under that sid (of the sub's user too, when it names
 * one); with only a sub, ends every session of the user linked to it. Returns the sessions
 * ended and their user, or null for a replay.
 */
export async function endSessionsFor(
  db: Kysely<DB>,
  clock: Clock,
  input: { providerId: string; linkedIssuer: string; request: LogoutRequest },
): Promise<{ ended: number; userIds: string[] } | null> {
  const { request, providerId } = input;
  const now = clock.now();
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('oidc_logout_tokens').where('expires_at', '<', now).execute();
    const fresh = await trx
      .insertInto('oidc_logout_tokens')
      .values({
        issuer: request.issuer,
        jti: request.jti,
        expires_at: new Date((request.iat + MAX_AGE_SECONDS + CLOCK_TOLERANCE_SECONDS) * 1000),
      })
      .onConflict((oc) => oc.doNothing())
      .returning('jti')
      .executeTakeFirst();
    if (!fresh) return null;
    let userId: string | undefined;
    if (request.sub) {
      const link = await trx
        .selectFrom('oidc_identities')
        .select('user_id')
        .where('provider', '=', input.linkedIssuer)
        .where('subject', '=', request.sub)
        .executeTakeFirst();
      if (!link) return { ended: 0, userIds: [] };
      userId = link.user_id;
    }
    let query = trx
      .updateTable('sessions')
      .set({ ended_at: now })
      .where('ended_at', 'is', null)
      .returning('user_id');
    if (userId) query = query.where('user_id', '=', userId);
    if (request.sid) {
      query = query
        .where(sql<string>`data #>> '{ssoLogin,sid}'`, '=', request.sid)
        .where(sql<string>`data #>> '{ssoLogin,provider}'`, '=', providerId);
    }
    const ended = await query.execute();
    const userIds = [...new Set(ended.flatMap((r) => (r.user_id ? [r.user_id] : [])))];
    return { ended: ended.length, userIds };
  });
}

/**
 * The back-channel logout endpoint a provider posts logout tokens to:
 * PUBLIC_URL/sign-in/sso/<id>/backchannel-logout. Server to server: declared `machine`, so no
 * cookie is read and no CSRF token is asked for; the signed token is its authentication.
 */
export function backchannelLogoutRoutes(deps: {
  db: Kysely<DB>;
  clock: Clock;
  sso: SsoService;
  clients: ReadonlyMap<string, OidcClient>;
}): RouteDeclaration[] {
  const { db, clock, sso, clients } = deps;
  const verifiers = new Map(
    [...clients].map(([id, client]) => [id, logoutTokenVerifier(client, clock)] as const),
  );
  return [
    publicRoute({
      method: 'POST',
      url: '/sign-in/sso/:providerId/backchannel-logout',
      machine: true,
      params: z.object({ providerId: z.string().max(100) }),
      handler: async ({ request, reply, params, actor }) => {
        const client = clients.get(params.providerId);
        const verify = verifiers.get(params.providerId);
        if (!client || !verify) return refuse(404, 'not_found');
        const body = request.body as Record<string, unknown> | undefined;
        const token = body && typeof body === 'object' ? body.logout_token : undefined;
        const providerId = client.provider.id;
        const refused = async (code: string) => {
          request.log.warn({ provider: providerId, code }, 'logout token refused');
          await sso.record(providerId, actor, { event: 'sso-backchannel-logout-refused', code });
          return refuse(400, 'invalid_request');
        };
        if (typeof token !== 'string' || token.length > 16_000) return refused('no-token');
        let logout;
        try {
          logout = await verify(token);
        } catch (error) {
          return refused(error instanceof LogoutTokenError ? error.code : 'unexpected');
        }
        const result = await endSessionsFor(db, clock, {
          providerId,
          linkedIssuer: client.provider.issuer,
          request: logout,
        });
        if (!result) return refused('replayed');
        for (const userId of result.userIds.length ? result.userIds : [null]) {
          await sso.record(providerId, actor, {
            event: 'sso-backchannel-logout',
            userId,
            ended: result.ended,
          });
        }
        return reply.code(200).send();

        function refuse(status: number, error: string) {
          return reply.code(status).type('application/json').send({ error });
        }
      },
    }),
  ];
}
