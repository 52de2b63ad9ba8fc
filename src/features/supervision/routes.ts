import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { hubsGranting } from '../../domain/permissions.ts';
import { uuid } from '../../web/ids.ts';
import { caseRoute, route, type RouteDeclaration } from '../../web/routes.ts';
import type { HomeLink } from '../auth/presenter.ts';
import {
  filterQuery,
  parseFilter,
  supervisedRequestPage,
  supervisionListPage,
} from './presenter.ts';
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
}): RouteDeclaration[] {
  const deps = { db, clock };
  return [
    route({
      method: 'GET',
      url: '/supervision',
      permission: 'request.supervise',
      query: filterQuery,
      handler: async ({ reply, principal, actor, query }) => {
        const filter = parseFilter(query);
        // The hubs where they hold police_lead, not every hub they hold a role in.
        const hubIds = hubsGranting(principal.assignments, 'request.supervise');
        const list = await listHubRequests(deps, actor, hubIds, filter);
        return reply.page(view('list'), supervisionListPage(list, filter));
      },
    }),
    caseRoute({
      method: 'GET',
      url: '/supervision/:caseId',
      permission: 'request.supervise',
      needs: 'supervise',
      params: z.object({ caseId: uuid }),
      handler: async ({ reply, actor, case: { header } }) =>
        reply.page(
          view('request'),
          supervisedRequestPage(await readHubRequest(deps, actor, header)),
        ),
    }),
  ];
}
