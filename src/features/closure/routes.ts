import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { sendProblem } from '../../web/errors.ts';
import type { LegacyRouteDeclaration } from '../../web/routes.ts';
import { actorFor } from '../auth/actor.ts';
import type { HomeLink } from '../auth/presenter.ts';
import { giveFeedback, readClosedRequest } from './feedback.ts';
import { parseClosureRequest, parseFeedback, parseReturn } from './form.ts';
import { caseIdOf, formVersion, sendUnchanged } from './http.ts';
import {
  closureFormPage,
  closureQueuePage,
  closureReviewPage,
  closureUrls,
  feedbackPage,
} from './presenter.ts';
import {
  caseForClosureForm,
  closureQueue,
  decideClosure,
  readPendingClosure,
  requestClosure,
} from './service.ts';

const view = (name: string) => `features/closure/views/${name}.njk`;

export const closureHomeLinks: HomeLink[] = [
  {
    permission: 'closure.approve',
    text: 'Closures to approve',
    href: closureUrls.queue(),
    description: 'Approve closures your clinicians requested, or send them back.',
  },
];

/** Closure (PRODUCT.md step 11): request, hub lead approval, and the officer's feedback. */
export function closureRoutes({
  db,
  clock,
}: {
  db: Kysely<DB>;
  clock: Clock;
}): LegacyRouteDeclaration[] {
  return [
    {
      method: 'GET',
      url: '/cases/:caseId/closure/new',
      access: { permission: 'case.work' },
      handler: async (request, reply) => {
        const caseId = caseIdOf(request);
        const found =
          caseId &&
          (await caseForClosureForm(db, clock, actorFor(request), request.principal!, caseId));
        if (!found) return sendProblem(request, reply, 404);
        return reply.page(view('request'), closureFormPage(found));
      },
    },
    {
      method: 'POST',
      url: '/cases/:caseId/closure',
      access: { permission: 'case.work' },
      handler: async (request, reply) => {
        const caseId = caseIdOf(request);
        if (!caseId) return sendProblem(request, reply, 404);
        const actor = actorFor(request);
        const form = parseClosureRequest(request.body);
        if (!form.ok) {
          const found = await caseForClosureForm(db, clock, actor, request.principal!, caseId);
          if (!found) return sendProblem(request, reply, 404);
          return reply.page(
            view('request'),
            closureFormPage({ ...found, values: form.values, errors: form.errors }),
            400,
          );
        }
        const change = await requestClosure(db, clock, actor, request.principal!, caseId, {
          ...form.data,
          version: formVersion(request),
        });
        if (change.kind !== 'done') {
          return sendUnchanged(request, reply, change, closureUrls.caseAdvice(caseId));
        }
        return reply.redirect(closureUrls.caseAdvice(caseId), 303);
      },
    },
    {
      method: 'GET',
      url: '/closures',
      access: { permission: 'closure.approve' },
      handler: async (request, reply) => {
        const items = await closureQueue(db, clock, actorFor(request), request.principal!);
        const decided = (request.query as Record<string, unknown> | undefined)?.decided;
        return reply.page(
          view('queue'),
          closureQueuePage({ items, decided: typeof decided === 'string' ? decided : undefined }),
        );
      },
    },
    {
      method: 'GET',
      url: '/closures/:caseId',
      access: { permission: 'closure.approve' },
      handler: async (request, reply) => {
        const caseId = caseIdOf(request);
        const pending =
          caseId &&
          (await readPendingClosure(db, clock, actorFor(request), request.principal!, caseId));
        if (!pending) return sendProblem(request, reply, 404);
        return reply.page(view('review'), closureReviewPage({ pending }));
      },
    },
    {
      method: 'POST',
      url: '/closures/:caseId/approve',
      access: { permission: 'closure.approve' },
      handler: async (request, reply) => {
        const caseId = caseIdOf(request);
        if (!caseId) return sendProblem(request, reply, 404);
        const change = await decideClosure(
          db,
          clock,
          actorFor(request),
          request.principal!,
          caseId,
          {
            kind: 'approve',
            version: formVersion(request),
          },
        );
        if (change.kind !== 'done') {
          return sendUnchanged(request, reply, change, closureUrls.queue());
        }
        return reply.redirect(`${closureUrls.queue()}?decided=approved`, 303);
      },
    },
    {
      method: 'POST',
      url: '/closures/:caseId/return',
      access: { permission: 'closure.approve' },
      handler: async (request, reply) => {
        const caseId = caseIdOf(request);
        if (!caseId) return sendProblem(request, reply, 404);
        const actor = actorFor(request);
        const form = parseReturn(request.body);
        if (!form.ok) {
          const pending = await readPendingClosure(db, clock, actor, request.principal!, caseId);
          if (!pending) return sendProblem(request, reply, 404);
          return reply.page(
            view('review'),
            closureReviewPage({ pending, values: form.values, errors: form.errors }),
            400,
          );
        }
        const change = await decideClosure(db, clock, actor, request.principal!, caseId, {
          kind: 'return',
          version: formVersion(request),
          reason: form.data.reason,
        });
        if (change.kind !== 'done') {
          return sendUnchanged(request, reply, change, closureUrls.queue());
        }
        return reply.redirect(`${closureUrls.queue()}?decided=returned`, 303);
      },
    },
    {
      method: 'GET',
      url: '/requests/:caseId/feedback',
      access: { permission: 'closure.feedback' },
      handler: async (request, reply) => {
        const caseId = caseIdOf(request);
        const found =
          caseId &&
          (await readClosedRequest(
            db,
            clock,
            actorFor(request),
            request.principal!.userId,
            caseId,
          ));
        if (!found) return sendProblem(request, reply, 404);
        return reply.page(view('feedback'), feedbackPage(found));
      },
    },
    {
      method: 'POST',
      url: '/requests/:caseId/feedback',
      access: { permission: 'closure.feedback' },
      handler: async (request, reply) => {
        const caseId = caseIdOf(request);
        if (!caseId) return sendProblem(request, reply, 404);
        const actor = actorFor(request);
        const userId = request.principal!.userId;
        const form = parseFeedback(request.body);
        if (!form.ok) {
          const found = await readClosedRequest(db, clock, actor, userId, caseId);
          if (!found) return sendProblem(request, reply, 404);
          return reply.page(
            view('feedback'),
            feedbackPage({ ...found, values: form.values, errors: form.errors }),
            400,
          );
        }
        const change = await giveFeedback(db, clock, actor, userId, caseId, form.data);
        if (change.kind !== 'done') {
          return sendUnchanged(request, reply, change, closureUrls.feedback(caseId));
        }
        return reply.redirect(closureUrls.feedback(caseId), 303);
      },
    },
  ];
}
