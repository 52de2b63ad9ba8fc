import type { FastifyInstance } from 'fastify';
import { permissionsOf } from '../../domain/permissions.ts';
import { navigationFor } from './navigation.ts';

/**
 * Gives every page of a signed-in user its service navigation (layout.njk reads `navigation`).
 * Registered after the session guard, whose onRequest hook finds the principal. An item whose
 * page has no route yet is left out (asked of the router once per path).
 */
export function registerNavigation(app: FastifyInstance): void {
  const known = new Map<string, boolean>();
  const exists = (path: string) => {
    let found = known.get(path);
    if (found === undefined) {
      found = app.hasRoute({ method: 'GET', url: path });
      known.set(path, found);
    }
    return found;
  };
  app.addHook('onRequest', (request, _reply, done) => {
    const principal = request.principal;
    if (principal) {
      request.viewLocals.navigation = navigationFor({
        permissions: permissionsOf(principal.roles),
        page: {
          path: request.routeOptions.url ?? request.url.split('?')[0]!,
          query: (request.query ?? {}) as Record<string, unknown>,
        },
        exists,
      });
    }
    done();
  });
}
