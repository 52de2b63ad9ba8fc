import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { ApiScope } from '../../domain/api-scopes.ts';
import type { Clock } from '../../domain/clock.ts';
import { recordAudit } from '../audit/record.ts';
import { actorFor } from '../auth/actor.ts';
import { principalOf } from '../auth/sessions.ts';
import { isApiPath } from './paths.ts';
import type { TokenHolder, TokenService } from './token-service.ts';

/** The API client behind a request to /api/v1/, and the person it acts for, if any. */
export interface ApiClientContext {
  clientId: string;
  scopes: ApiScope[];
  actingUserId: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    apiClient: ApiClientContext | null;
  }
}

/** The header by which a trusted client names the person it acts for (their user id). */
export const ACTING_USER_HEADER = 'cicero-acting-user';

const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function problem(
  request: FastifyRequest,
  reply: FastifyReply,
  answer: { status: 401 | 403; title: string; detail: string; code?: string },
) {
  return reply
    .code(answer.status)
    .type('application/problem+json')
    .send({
      type: 'about:blank',
      title: answer.title,
      status: answer.status,
      detail: answer.detail,
      ...(answer.code ? { code: answer.code } : {}),
      instance: request.id,
    });
}

function invalidToken(request: FastifyRequest, reply: FastifyReply) {
  void reply.header('WWW-Authenticate', 'Bearer error="invalid_token"');
  return problem(request, reply, {
    status: 401,
    title: 'Authentication required',
    detail: 'Send a valid access token from POST /api/v1/token as Authorization: Bearer',
    code: 'invalid_token',
  });
}

/**
 * The JSON API's guard (docs/api.md), before the session guard (auth/guard.ts), which reads
 * no cookie on /api/v1/. For a route that is not public: the bearer token sets the principal
 * (the client's service account, or the person it names and may act for, with that person's
 * own access) and `request.apiClient`; the route's scope must be among the token's. Then the
 * session guard checks the route's permission, and the access core the case, as for pages.
 * Each client's requests are limited per minute (429 with Retry-After).
 */
export async function registerBearerGuard(
  app: FastifyInstance,
  deps: { db: Kysely<DB>; clock: Clock; tokens: TokenService; perMinute: number },
): Promise<void> {
  const { db, clock, tokens } = deps;
  app.decorateRequest('apiClient', null);
  await app.register(fastifyRateLimit, { global: false });
  const limit = app.rateLimit({
    max: deps.perMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => request.apiClient!.clientId,
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error('Too many requests'), { statusCode: context.statusCode }),
  });

  /** The principal for the holder: its service account, or the person it acts for. */
  async function principalFor(request: FastifyRequest, reply: FastifyReply, holder: TokenHolder) {
    const sessionId = `api:${holder.tokenId}`;
    const named = request.headers[ACTING_USER_HEADER];
    if (named === undefined) {
      return principalOf(db, { userId: holder.clientId, sessionId, kind: 'service' });
    }
    const userId = typeof named === 'string' && UUID.test(named.trim()) ? named.trim() : null;
    const person =
      userId && holder.mayActForUsers
        ? await principalOf(db, { userId, sessionId, kind: 'person' })
        : null;
    if (person && person.side !== null && person.side === holder.side) return person;
    await recordAudit(
      db,
      clock,
      {
        userId: holder.clientId,
        role: null,
        hubId: null,
        requestId: request.id,
        clientId: holder.clientId,
      },
      {
        action: 'denial',
        subjectType: 'acting-user',
        subjectId: userId,
        outcome: 'denied',
        detail: {
          code: holder.mayActForUsers ? 'not-an-active-user-of-its-side' : 'may-not-act-for-users',
        },
      },
    );
    await problem(request, reply, {
      status: 403,
      title: 'Acting user refused',
      detail: holder.mayActForUsers
        ? `${ACTING_USER_HEADER} must name an active user on the same side as the client`
        : `This client may not name an acting user (${ACTING_USER_HEADER})`,
      code: 'acting_user_refused',
    });
    return undefined;
  }

  app.addHook('onRequest', async (request, reply) => {
    if (!isApiPath(request.url)) return;
    const access = request.routeOptions.config?.access;
    if (!access || 'public' in access) return; // not found, or the token endpoint and docs
    const match = BEARER.exec(request.headers.authorization ?? '');
    const holder = match ? await tokens.holder(match[1]!) : null;
    if (!holder) return invalidToken(request, reply);
    request.apiClient = { clientId: holder.clientId, scopes: holder.scopes, actingUserId: null };
    // Counted per client before anything else is done for it (over the limit: 429, thrown).
    await limit.call(app, request, reply);
    const principal = await principalFor(request, reply, holder);
    if (principal === undefined) return reply; // refused, answered
    if (!principal) return invalidToken(request, reply);
    request.principal = principal;
    if (principal.userId !== holder.clientId) request.apiClient.actingUserId = principal.userId;
    if (access.scope && !holder.scopes.includes(access.scope)) {
      await recordAudit(db, clock, actorFor(request), {
        action: 'denial',
        subjectType: 'route',
        subjectId: `${request.method} ${request.routeOptions.url}`,
        outcome: 'denied',
        detail: { code: 'insufficient-scope', scope: access.scope },
      });
      void reply.header(
        'WWW-Authenticate',
        `Bearer error="insufficient_scope", scope="${access.scope}"`,
      );
      return problem(request, reply, {
        status: 403,
        title: 'Insufficient scope',
        detail: `This operation needs the scope ${access.scope}`,
        code: 'insufficient_scope',
      });
    }
  });
}
