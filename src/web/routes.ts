import type { Permission } from '../domain/permissions.ts';
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  HTTPMethods,
  RouteShorthandOptions,
} from 'fastify';

/**
 * Who may use a route. Every route states one; a route without one cannot be registered.
 * - `public`: anyone, signed in or not (start page, health, sign-in).
 * - `permission`: a signed-in user whose roles grant it (src/domain/permissions.ts).
 */
export type Access = { public: true } | { permission: Permission };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
}

export interface RouteDeclaration {
  method: HTTPMethods;
  url: string;
  access: Access;
  schema?: RouteShorthandOptions['schema'];
  handler: (request: FastifyRequest, reply: FastifyReply) => unknown;
}

/** A registered route as the authorization matrix sees it. */
export interface RouteListing {
  method: HTTPMethods;
  url: string;
  access: Access;
}

const registered = new WeakMap<FastifyInstance, RouteListing[]>();

/** Every route registered on the app through registerRoutes, in registration order. */
export function listRoutes(app: FastifyInstance): RouteListing[] {
  return [...(registered.get(app) ?? [])];
}

/** Registers declared routes: the only way features add routes to the app. */
export function registerRoutes(app: FastifyInstance, routes: RouteDeclaration[]): void {
  const listing = registered.get(app) ?? [];
  registered.set(app, listing);
  for (const route of routes) {
    listing.push({ method: route.method, url: route.url, access: route.access });
    app.route({
      method: route.method,
      url: route.url,
      config: { access: route.access },
      ...(route.schema ? { schema: route.schema } : {}),
      handler: route.handler,
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
