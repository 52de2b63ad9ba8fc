import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { sendProblem } from '../../web/errors.ts';
import type { LegacyRouteDeclaration } from '../../web/routes.ts';
import { actorFor } from '../auth/actor.ts';
import { caseIdOf, formVersion, sendUnchanged } from '../closure/http.ts';
import { parsePoliceUpdate } from './form.ts';
import { policeUpdateFormPage, policeUpdatesPage, policeUpdateUrls } from './presenter.ts';
import { addPoliceUpdate, caseForUpdateForm, readPoliceUpdates } from './service.ts';

const view = (name: string) => `features/police-updates/views/${name}.njk`;

/** Police updates: the requesting officer adds them; the hub's clinicians read them. */
export function policeUpdateRoutes({
  db,
  clock,
}: {
  db: Kysely<DB>;
  clock: Clock;
}): LegacyRouteDeclaration[] {
  return [
    {
      method: 'GET',
      url: '/requests/:caseId/updates/new',
      access: { permission: 'police_update.add' },
      handler: async (request, reply) => {
        const caseId = caseIdOf(request);
        const facts =
          caseId &&
          (await caseForUpdateForm(
            db,
            clock,
            actorFor(request),
            request.principal!.userId,
            caseId,
          ));
        if (!facts) return sendProblem(request, reply, 404);
        return reply.page(view('new'), policeUpdateFormPage({ facts }));
      },
    },
    {
      method: 'POST',
      url: '/requests/:caseId/updates',
      access: { permission: 'police_update.add' },
      handler: async (request, reply) => {
        const caseId = caseIdOf(request);
        if (!caseId) return sendProblem(request, reply, 404);
        const actor = actorFor(request);
        const userId = request.principal!.userId;
        const form = parsePoliceUpdate(request.body);
        if (!form.ok) {
          const facts = await caseForUpdateForm(db, clock, actor, userId, caseId);
          if (!facts) return sendProblem(request, reply, 404);
          return reply.page(
            view('new'),
            policeUpdateFormPage({ facts, values: form.values, errors: form.errors }),
            400,
          );
        }
        const change = await addPoliceUpdate(db, clock, actor, userId, caseId, {
          body: form.data.body,
          version: formVersion(request),
        });
        if (change.kind !== 'done') {
          return sendUnchanged(request, reply, change, policeUpdateUrls.request(caseId));
        }
        return reply.redirect(policeUpdateUrls.request(caseId), 303);
      },
    },
    {
      method: 'GET',
      url: '/cases/:caseId/police-updates',
      access: { permission: 'case.work' },
      handler: async (request, reply) => {
        const caseId = caseIdOf(request);
        const found =
          caseId &&
          (await readPoliceUpdates(db, clock, actorFor(request), request.principal!, caseId));
        if (!found) return sendProblem(request, reply, 404);
        return reply.page(view('list'), policeUpdatesPage(found));
      },
    },
  ];
}
