import type { Database } from '../../db/database.ts';
import { publicRoute, type RouteDeclaration } from '../../web/routes.ts';

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
        return reply.code(503).send({ status: 'unavailable', database: 'unreachable' });
      },
    }),
  ];
}
