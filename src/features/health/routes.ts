import type { Database } from '../../db/database.ts';
import { publicRoute, type RouteDeclaration } from '../../web/routes.ts';

export const READY_RETRY_AFTER_SECONDS = 5;

/** Liveness (the process answers) and readiness (the database answers) for load balancers. */
export function healthRoutes(database: Pick<Database, 'ping'>): RouteDeclaration[] {
  return [
    publicRoute({
      method: 'GET',
      url: '/health/live',
      handler: () => ({ status: 'ok' }),
    }),
    publicRoute({
      method: 'GET',
      url: '/health/ready',
      handler: async ({ reply }) => {
        const result = await database.ping();
        if (result.ok) return { status: 'ok', database: 'ok' };
        // Load balancers and monitors may try again after this many seconds.
        return reply
          .code(503)
          .header('Retry-After', String(READY_RETRY_AFTER_SECONDS))
          .send({ status: 'unavailable', database: 'unreachable' });
      },
    }),
  ];
}
