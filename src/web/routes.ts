import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  HTTPMethods,
  RouteShorthandOptions,
} from 'fastify';
import { z } from 'zod';
import type { Capability } from '../domain/case-access.ts';
import type { ApiScope } from '../domain/api-scopes.ts';
import type { Permission } from '../domain/permissions.ts';
import type { AuditActor } from '../features/audit/record.ts';
import type { Principal } from '../features/auth/principal.ts';
import type { OpenedCase } from '../access/case-context.ts';
import { sendInvalid, sendProblem } from './errors.ts';

/**
 * Who may use a route. Every route states one; a route without one cannot be registered.
 * - `public`: anyone, signed in or not (start page, health, sign-in). With `machine`, a
 *   server-to-server endpoint outside the API (an identity provider's back-channel logout):
 *   the session guard reads no cookie on it, so, as on the API, CSRF does not arise and is not
 *   checked; what it accepts is authenticated by its own means (a signed token).
 * - `permission`: a signed-in user whose roles grant it (src/domain/permissions.ts); with
 *   `scope`, an API route (/api/v1/) whose bearer token must also carry that scope
 *   (src/features/api-clients/bearer-guard.ts).
 */
export type Access =
  { public: true; machine?: true } | { permission: Permission; scope?: ApiScope };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
}

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : Record<string, never>;

/** What a handler receives: the request's parts, already checked against the route's schemas. */
export interface RouteContext<P = unknown, Q = unknown, B = unknown> {
  request: FastifyRequest;
  reply: FastifyReply;
  principal: Principal;
  /** Who is acting, for audit rows: the user, the role used, the case's hub when there is one. */
  actor: AuditActor;
  params: P;
  query: Q;
  body: B;
}

export interface PublicRouteContext<P = unknown, Q = unknown, B = unknown> extends Omit<
  RouteContext<P, Q, B>,
  'principal'
> {
  principal: Principal | null;
}

export interface CaseRouteContext<P = unknown, Q = unknown, B = unknown> extends RouteContext<
  P,
  Q,
  B
> {
  /** The case of `:caseId`, opened for the viewer by the access core. */
  case: OpenedCase;
}

/** What a route needs of the case named by its `:caseId`: a capability, or just to see it. */
export type CaseNeed = Capability | 'visible';

/**
 * How an API route is described in the OpenAPI document (src/features/api/openapi.ts): made by
 * `apiRoute` (src/features/api/route.ts), never written by hand. The schemas are the route's own.
 */
export interface ApiDoc {
  summary: string;
  description?: string;
  /** A grouping of operations in the document (e.g. "Requests"). */
  tag: string;
  /** The scope a bearer token needs (absent on public API routes such as the token endpoint). */
  scope?: string;
  params?: Schema;
  query?: Schema;
  body?: Schema;
  /** The request body's media type (default application/json). */
  bodyType?: string;
  /** Successful answers: status → schema of the body, its media type and an example. */
  responses: Record<
    number,
    { description: string; schema?: Schema; type?: string; example?: unknown }
  >;
  /** Error statuses this operation may answer with (problem+json), besides 400/401/403/404/429. */
  errors?: number[];
  /** A request example: body and path parameters as a client would send them. */
  example: { params?: Record<string, string>; query?: Record<string, string>; body?: unknown };
  /** Request headers the operation reads (e.g. Idempotency-Key). */
  headers?: { name: string; description: string; required?: boolean }[];
}

/** A declared route, as registration and the authorization matrix see it. */
export interface RouteDeclaration {
  method: HTTPMethods;
  url: string;
  access: Access;
  params?: Schema;
  query?: Schema;
  body?: Schema;
  /** Opens the case of `:caseId` before the handler (see CaseOpener). */
  opensCase?: CaseNeed;
  /** Fastify options for the few routes that need them (e.g. a body parser limit). */
  schema?: RouteShorthandOptions['schema'];
  bodyLimit?: number;
  /** API routes: their description in the OpenAPI document. */
  doc?: ApiDoc;
  run: (ctx: PublicRouteContext & { case?: OpenedCase }) => unknown;
}

interface Spec<P, Q, B> {
  method: HTTPMethods;
  url: string;
  params?: P;
  query?: Q;
  body?: B;
  bodyLimit?: number;
  doc?: ApiDoc;
}

/** A route for signed-in users whose roles grant the permission. */
export function route<
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
>(
  spec: Spec<P, Q, B> & {
    permission: Permission;
    handler: (ctx: RouteContext<Out<P>, Out<Q>, Out<B>>) => unknown;
  },
): RouteDeclaration {
  const { permission, handler, ...rest } = spec;
  return {
    ...(rest as Spec<Schema, Schema, Schema>),
    access: { permission },
    run: (ctx) => handler(ctx as RouteContext<Out<P>, Out<Q>, Out<B>>),
  };
}

/**
 * A route of one case (`:caseId` in its path): the access core opens the case for the viewer
 * before the handler, which receives it as `ctx.case`. Not visible to them: 404 with a denial
 * in the audit log. A clinician who must give a reason first: sent to the reason page. Visible
 * but without the capability the route needs: 404 and a denial, as for another hub's case.
 */
export function caseRoute<
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
>(
  spec: Spec<P, Q, B> & {
    permission: Permission;
    needs: CaseNeed;
    handler: (ctx: CaseRouteContext<Out<P>, Out<Q>, Out<B>>) => unknown;
  },
): RouteDeclaration {
  const { permission, handler, needs, ...rest } = spec;
  return {
    ...(rest as Spec<Schema, Schema, Schema>),
    access: { permission },
    opensCase: needs,
    run: (ctx) => handler(ctx as CaseRouteContext<Out<P>, Out<Q>, Out<B>>),
  };
}

/** A route anyone may use, signed in or not. */
export function publicRoute<
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
>(
  spec: Spec<P, Q, B> & {
    /** A server-to-server endpoint: no cookie read, no CSRF check (see Access). */
    machine?: true;
    handler: (ctx: PublicRouteContext<Out<P>, Out<Q>, Out<B>>) => unknown;
  },
): RouteDeclaration {
  const { handler, machine, ...rest } = spec;
  return {
    ...(rest as Spec<Schema, Schema, Schema>),
    access: machine ? { public: true, machine } : { public: true },
    run: (ctx) => handler(ctx as PublicRouteContext<Out<P>, Out<Q>, Out<B>>),
  };
}

/** A registered route as the authorization matrix sees it. */
export interface RouteListing {
  method: HTTPMethods;
  url: string;
  access: Access;
  opensCase?: CaseNeed;
  doc?: ApiDoc;
}

/** What registration needs from the rest of the app to run a route. */
export interface RouteRuntime {
  actorOf: (request: FastifyRequest, hubId?: string | null) => AuditActor;
  /**
   * Opens the case of the path for the route's need; answers for the caller (404 with an audit
   * row, or the reason page) and returns null when the handler must not run.
   */
  openCaseFor: (
    request: FastifyRequest,
    reply: FastifyReply,
    caseId: string | null,
    needs: CaseNeed,
  ) => Promise<OpenedCase | null>;
}

const registered = new WeakMap<FastifyInstance, RouteListing[]>();

/** Every route registered on the app through registerRoutes, in registration order. */
export function listRoutes(app: FastifyInstance): RouteListing[] {
  return [...(registered.get(app) ?? [])];
}

const EMPTY = z.object({}).passthrough();

/** Registers declared routes: the only way features add routes to the app. */
export function registerRoutes(
  app: FastifyInstance,
  runtime: RouteRuntime,
  routes: RouteDeclaration[],
  /** The app whose listing they join, when `app` is a plugin scope of it (document uploads). */
  listedOn: FastifyInstance = app,
): void {
  const listing = registered.get(listedOn) ?? [];
  registered.set(listedOn, listing);
  for (const declared of routes) {
    listing.push({
      method: declared.method,
      url: declared.url,
      access: declared.access,
      ...(declared.opensCase ? { opensCase: declared.opensCase } : {}),
      ...(declared.doc ? { doc: declared.doc } : {}),
    });
    const paramsSchema = declared.params ?? EMPTY;
    app.route({
      method: declared.method,
      url: declared.url,
      config: { access: declared.access },
      ...(declared.schema ? { schema: declared.schema } : {}),
      ...(declared.bodyLimit ? { bodyLimit: declared.bodyLimit } : {}),
      handler: async (request, reply) => {
        const params = paramsSchema.safeParse(request.params ?? {});
        let opened: OpenedCase | null | undefined;
        if (declared.opensCase) {
          const caseId = params.success ? (params.data as { caseId?: unknown }).caseId : undefined;
          opened = await runtime.openCaseFor(
            request,
            reply,
            typeof caseId === 'string' ? caseId : null,
            declared.opensCase,
          );
          if (!opened) return reply;
        } else if (!params.success) {
          return sendProblem(request, reply, 404);
        }
        const query = (declared.query ?? EMPTY).safeParse(request.query ?? {});
        if (!query.success) return sendInvalid(request, reply, query.error);
        const body = declared.body ? declared.body.safeParse(request.body ?? {}) : undefined;
        if (body && !body.success) return sendInvalid(request, reply, body.error);
        return declared.run({
          request,
          reply,
          principal: request.principal,
          actor: runtime.actorOf(request, opened?.header.hubId ?? null),
          params: params.success ? params.data : {},
          query: query.data,
          body: body ? body.data : request.body,
          ...(opened ? { case: opened } : {}),
        });
      },
    });
  }
}

/** Static assets are the one family of routes without a declaration: they carry no data. */
export const ASSET_PREFIX = '/assets/';

/** Default deny: refuses, at start-up, any route that does not say who may use it. */
export function requireDeclarations(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith(ASSET_PREFIX)) return;
    if (!route.config?.access) {
      throw new Error(
        `Route ${String(route.method)} ${route.url} has no access declaration; every route must say who may use it`,
      );
    }
  });
}
