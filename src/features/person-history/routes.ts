import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { sendProblem } from '../../web/errors.ts';
import { uuid } from '../../web/ids.ts';
import { route, type RouteDeclaration } from '../../web/routes.ts';
import { personHistoryPage } from './presenter.ts';
import { consultPersonHistory } from './service.ts';

/**
 * A person's history (docs/search.md): every episode the viewer may find, by the person's id
 * (never personal data in the URL). Not found when they may find none, whether the person
 * exists or not. Audited.
 */
export function personHistoryRoutes({
  db,
  clock,
}: {
  db: Kysely<DB>;
  clock: Clock;
}): RouteDeclaration[] {
  return [
    route({
      method: 'GET',
      url: '/people/:personId',
      permission: 'case.search',
      params: z.object({ personId: uuid }),
      handler: async ({ request, reply, params, principal, actor }) => {
        const history = await consultPersonHistory(
          { db, clock },
          { actor, principal },
          params.personId,
        );
        if (!history) return sendProblem(request, reply, 404);
        return reply.page('features/person-history/views/history.njk', personHistoryPage(history));
      },
    }),
  ];
}
