import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { can } from '../../domain/permissions.ts';
import { ROLE_LABELS } from '../../domain/roles.ts';
import { sendProblem, wantsJson } from '../../web/errors.ts';
import { isApiPath } from '../api-clients/paths.ts';
import { recordAudit } from '../audit/record.ts';
import { actorFor } from './actor.ts';
import { sessionCookieName } from './cookies.ts';
import type { SessionStore } from './sessions.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Where each unfinished sign-in stage continues. */
export const STAGE_PAGES = {
  password: '/sign-in/code',
  enrol: '/sign-in/enrol',
  terms: '/sign-in/terms',
} as const;

/** A server-to-server route (declared `machine`): it reads no cookie and takes no CSRF token. */
function isMachineRoute(request: FastifyRequest): boolean {
  const access = request.routeOptions.config?.access;
  return Boolean(access && 'machine' in access && access.machine);
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The access guard for every request:
 * 1. onRequest: the session behind the cookie and, when fully signed in, the principal with
 *    the roles and hubs the database holds now (so a change applies on the next request).
 * 2. preHandler: CSRF on every state change; then the route's declared access, default deny.
 */
export function registerGuard(
  app: FastifyInstance,
  deps: { db: Kysely<DB>; clock: Clock; config: Config; sessions: SessionStore },
): void {
  const { db, clock, config, sessions } = deps;
  app.decorateRequest('session', null);
  app.decorateRequest('principal', null);

  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/assets/') || request.url.startsWith('/health/')) return;
    // The JSON API reads no cookie: its callers are the bearer guard's (api-clients).
    if (isApiPath(request.url)) return;
    // Nor does a server-to-server endpoint (web/routes.ts): no session, so no CSRF either.
    if (isMachineRoute(request)) return;
    const cookieToken = request.cookies[sessionCookieName(config)];
    if (!cookieToken) return;
    // The session and its principal in one statement (which touches it at most once a minute).
    const loaded = await sessions.load(cookieToken);
    request.session = loaded?.session ?? null;
    request.principal = loaded?.principal ?? null;
    if (request.session) request.viewLocals.csrfToken = request.session.csrfToken;
    if (request.principal) {
      request.viewLocals.signedIn = {
        name: request.principal.name,
        roleLabel: request.principal.roles.map((r) => ROLE_LABELS[r]).join(', '),
        // The header's search box (src/features/search), for those who may find cases.
        canSearch: can(request.principal.roles, 'case.search'),
      };
    }
  });

  app.addHook('preHandler', async (request, reply) => {
    const access = request.routeOptions.config?.access;
    if (!access) return; // assets and not-found: carry no data and change nothing

    // CSRF guards what a cookie authenticates; on the JSON API no cookie is read (above).
    if (
      !SAFE_METHODS.has(request.method) &&
      !isApiPath(request.url) &&
      !isMachineRoute(request) &&
      !csrfOk(request)
    ) {
      request.log.info({ route: request.routeOptions.url }, 'csrf token missing or wrong');
      return sendProblem(request, reply, 403);
    }
    if ('public' in access) return;

    if (!request.principal) return signInFirst(request, reply);
    if (!can(request.principal.roles, access.permission)) {
      await recordAudit(db, clock, actorFor(request), {
        action: 'denial',
        subjectType: 'route',
        subjectId: `${request.method} ${request.routeOptions.url}`,
        outcome: 'denied',
      });
      return sendProblem(request, reply, 403);
    }
  });

  function csrfOk(request: FastifyRequest): boolean {
    const expected = request.session?.csrfToken;
    if (!expected) return false;
    const body = request.body as Record<string, unknown> | undefined;
    const sent =
      (body && typeof body._csrf === 'string' ? body._csrf : undefined) ??
      request.headers['x-csrf-token'];
    return typeof sent === 'string' && sameToken(sent, expected);
  }

  async function signInFirst(request: FastifyRequest, reply: FastifyReply) {
    if (wantsJson(request)) {
      return reply
        .code(401)
        .type('application/problem+json')
        .send({ type: 'about:blank', title: 'Sign in required', status: 401 });
    }
    const stage = request.session?.stage;
    if (stage && stage in STAGE_PAGES)
      return reply.redirect(STAGE_PAGES[stage as keyof typeof STAGE_PAGES]);
    // Come back here after signing in: only the path, which holds ids at most, never a query.
    if (request.method === 'GET' && request.session) {
      await sessions.update(request.session.id, {
        data: {
          ...request.session.data,
          returnTo: request.routeOptions.url ? request.url.split('?')[0] : '/home',
        },
      });
    }
    return reply.redirect('/sign-in');
  }
}
