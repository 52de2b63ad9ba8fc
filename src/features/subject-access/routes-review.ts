import { z } from 'zod';
import { londonDate } from '../../domain/london-day.ts';
import { REVIEW_PERMISSION, type ItemController } from '../../domain/subject-access.ts';
import { sendProblem } from '../../web/errors.ts';
import { uuid } from '../../web/ids.ts';
import { route, type RouteDeclaration } from '../../web/routes.ts';
import { readDecisionForm } from './forms.ts';
import { itemPage, REVIEW_PREFIX, reviewPage, reviewQueuePage } from './presenter.ts';
import { decideItem, reviewItems, reviewQueue } from './review.ts';
import type { Deps } from './service.ts';

const view = (name: string) => `features/subject-access/views/${name}.njk`;
const requestParams = z.object({ requestId: uuid });
const itemParams = z.object({ requestId: uuid, itemId: uuid });
const formBody = z.looseObject({ _csrf: z.string().optional() });

/**
 * The reviewers' pages of subject access requests, once per controller: health items for the
 * clinicians and hub leads of the case's hub (on the health side), police items for its police
 * lead (under supervision, on the police side).
 */
export function reviewRoutes(deps: Deps): RouteDeclaration[] {
  return (['nhs', 'police'] as const).flatMap((controller) => routesFor(deps, controller));
}

function routesFor(deps: Deps, controller: ItemController): RouteDeclaration[] {
  const prefix = REVIEW_PREFIX[controller];
  const permission = REVIEW_PERMISSION[controller];
  return [
    route({
      method: 'GET',
      url: prefix,
      permission,
      handler: async ({ reply, actor, principal }) =>
        reply.page(
          view('review-queue'),
          reviewQueuePage(
            controller,
            await reviewQueue(deps, { actor, principal }, controller),
            londonDate(deps.clock.now()),
          ),
        ),
    }),
    route({
      method: 'GET',
      url: `${prefix}/:requestId`,
      permission,
      params: requestParams,
      handler: async ({ request, reply, actor, principal, params }) => {
        const found = await reviewItems(deps, { actor, principal }, controller, params.requestId);
        if (!found) return sendProblem(request, reply, 404);
        return reply.page(view('review'), reviewPage(controller, found));
      },
    }),
    route({
      method: 'GET',
      url: `${prefix}/:requestId/items/:itemId`,
      permission,
      params: itemParams,
      handler: async ({ request, reply, actor, principal, params }) => {
        const found = await reviewItems(deps, { actor, principal }, controller, params.requestId);
        const item = found?.items.find((i) => i.id === params.itemId);
        if (!found || !item || found.closed || item.ground === 'restricted_note') {
          return sendProblem(request, reply, 404);
        }
        return reply.page(
          view('item'),
          itemPage(controller, { requestId: params.requestId, item }),
        );
      },
    }),
    route({
      method: 'POST',
      url: `${prefix}/:requestId/items/:itemId`,
      permission,
      params: itemParams,
      body: formBody,
      handler: async ({ request, reply, actor, principal, params, body }) => {
        const form = readDecisionForm(body, controller);
        if (!form.ok) {
          const found = await reviewItems(deps, { actor, principal }, controller, params.requestId);
          const item = found?.items.find((i) => i.id === params.itemId);
          if (!found || !item) return sendProblem(request, reply, 404);
          return reply.page(
            view('item'),
            itemPage(controller, {
              requestId: params.requestId,
              item,
              values: form.values,
              errors: form.errors,
            }),
            400,
          );
        }
        const decided = await decideItem(
          deps,
          { actor, principal },
          { controller, requestId: params.requestId, itemId: params.itemId, decision: form.value },
        );
        if (!decided) return sendProblem(request, reply, 404);
        return reply.redirect(`${prefix}/${params.requestId}`, 303);
      },
    }),
  ];
}
