import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { hubsGranting } from '../../domain/permissions.ts';
import { sendProblem } from '../../web/errors.ts';
import { formErrors } from '../../web/forms.ts';
import { uuid } from '../../web/ids.ts';
import { noticeQuery, savedNotice, withNotice } from '../../web/notices.ts';
import { route, type RouteDeclaration } from '../../web/routes.ts';
import { formBody } from '../auth/form-body.ts';
import type { HomeLink } from '../auth/presenter.ts';
import { officersPage, REASSIGN_NOTICES, reassignPage } from './presenter.ts';
import { officerRequests, officersWithRequests, reassignRequests } from './service.ts';

const view = (name: string) => `features/reassignment/views/${name}.njk`;
const permission = 'request.reassign' as const;
const officerParams = z.object({ officerId: uuid });
const LIST = '/supervision/officers';

export const reassignmentHomeLinks: HomeLink[] = [
  {
    permission,
    text: "Pass a case officer's requests on",
    href: LIST,
    description:
      'When a case officer leaves or moves, pass their open requests to another case officer of your hub.',
  },
];

/** The police lead's reassignment of a departing officer's requests (docs/hubs.md). */
export function reassignmentRoutes({
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
      url: LIST,
      permission,
      query: noticeQuery,
      handler: async ({ reply, principal, query }) => {
        const hubIds = hubsGranting(principal.assignments, permission);
        const officers = await officersWithRequests(deps, hubIds);
        return reply.page(
          view('officers'),
          officersPage(officers, savedNotice(REASSIGN_NOTICES, query.done)),
        );
      },
    }),
    route({
      method: 'GET',
      url: `${LIST}/:officerId`,
      permission,
      params: officerParams,
      handler: async ({ request, reply, principal, actor, params }) => {
        const hubIds = hubsGranting(principal.assignments, permission);
        const data = await officerRequests(deps, actor, hubIds, params.officerId);
        if (!data) return sendProblem(request, reply, 404);
        return reply.page(view('reassign'), reassignPage(data));
      },
    }),
    route({
      method: 'POST',
      url: `${LIST}/:officerId`,
      permission,
      params: officerParams,
      body: formBody,
      handler: async ({ reply, principal, actor, params, body }) => {
        const hubIds = hubsGranting(principal.assignments, permission);
        const chosen = uuid.safeParse((body as Record<string, unknown>).to);
        const again = async (message: string) => {
          const data = await officerRequests(deps, actor, hubIds, params.officerId);
          if (!data) return reply.redirect(withNotice(LIST, 'none'), 303);
          return reply.page(
            view('reassign'),
            reassignPage(data, { errors: formErrors([['to', message]]) }),
            400,
          );
        };
        if (!chosen.success)
          return again('Select the case officer who should follow these requests');
        const result = await reassignRequests(
          deps,
          { ...actor, userId: principal.userId },
          { hubIds, from: params.officerId, to: chosen.data },
        );
        switch (result.kind) {
          case 'nothing-to-move':
            return reply.redirect(withNotice(LIST, 'none'), 303);
          case 'not-a-candidate':
            return again('Select a case officer from the list');
          case 'reassigned':
            return reply.redirect(withNotice(LIST, 'reassigned'), 303);
        }
      },
    }),
  ];
}
