import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { sendProblem } from '../../web/errors.ts';
import type { LegacyRouteDeclaration } from '../../web/routes.ts';
import { actorFor } from '../auth/actor.ts';
import type { HomeLink } from '../auth/presenter.ts';
import { caseIdOf } from '../closure/http.ts';
import { parseFilter, supervisedRequestPage, supervisionListPage } from './presenter.ts';
import { listHubRequests, readHubRequest } from './service.ts';

const view = (name: string) => `features/supervision/views/${name}.njk`;

export const supervisionHomeLinks: HomeLink[] = [
  {
    permission: 'request.supervise',
    text: 'Requests in your hub',
    href: '/supervision',
    description:
      "Every request of your hub's case officers: what they sent and what the hub shared.",
  },
];

/** The police lead's view of their hubs' requests (police and shared parts). */
export function supervisionRoutes({
  db,
  clock,
}: {
  db: Kysely<DB>;
  clock: Clock;
}): LegacyRouteDeclaration[] {
  return [
    {
      method: 'GET',
      url: '/supervision',
      access: { permission: 'request.supervise' },
      handler: async (request, reply) => {
        const filter = parseFilter(request.query);
        const list = await listHubRequests(
          db,
          clock,
          actorFor(request),
          request.principal!.hubIds,
          filter,
        );
        return reply.page(view('list'), supervisionListPage(list, filter));
      },
    },
    {
      method: 'GET',
      url: '/supervision/:caseId',
      access: { permission: 'request.supervise' },
      handler: async (request, reply) => {
        const caseId = caseIdOf(request);
        const detail =
          caseId &&
          (await readHubRequest(db, clock, actorFor(request), request.principal!.hubIds, caseId));
        if (!detail) return sendProblem(request, reply, 404);
        return reply.page(view('request'), supervisedRequestPage(detail));
      },
    },
  ];
}
