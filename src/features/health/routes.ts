import type { Database } from '../../db/database.ts';
import type { LegacyRouteDeclaration } from '../../web/routes.ts';

/** Liveness (the process answers) and readiness (the database answers) for load balancers. */
export function healthRoutes(database: Pick<Database, 'ping'>): LegacyRouteDeclaration[] {
  return [
    {
      method: 'GET',
      url: '/health/live',
      access: { public: true },
      handler: () => ({ status: 'ok' }),
    },
    {
      method: 'GET',
      url: '/health/ready',
      access: { public: true },
      handler: async (_request, reply) => {
        const result = await database.ping();
        if (result.ok) return { status: 'ok', database: 'ok' };
        return reply.code(503).send({ status: 'unavailable', database: 'unreachable' });
      },
    },
  ];
}
