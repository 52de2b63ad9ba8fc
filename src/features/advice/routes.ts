import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { sendProblem } from '../../web/errors.ts';
import type { LegacyRouteDeclaration } from '../../web/routes.ts';
import { actorFor } from '../auth/actor.ts';
import { isoDay } from '../../web/format.ts';
import { caseIdOf, formVersion, sendUnchanged } from '../closure/http.ts';
import { parseAdviceForm } from './form.ts';
import { adviceFormPage, adviceListPage, adviceUrls } from './presenter.ts';
import { caseForAdviceForm, giveAdvice, readCaseAdvice } from './service.ts';

const view = (name: string) => `features/advice/views/${name}.njk`;

/** Advice to the case officer (PRODUCT.md step 8), written by the hub's clinicians. */
export function adviceRoutes({
  db,
  clock,
}: {
  db: Kysely<DB>;
  clock: Clock;
}): LegacyRouteDeclaration[] {
  return [
    {
      method: 'GET',
      url: '/cases/:caseId/advice',
      access: { permission: 'case.work' },
      handler: async (request, reply) => {
        const caseId = caseIdOf(request);
        const found =
          caseId &&
          (await readCaseAdvice(db, clock, actorFor(request), request.principal!, caseId));
        if (!found) return sendProblem(request, reply, 404);
        return reply.page(view('list'), adviceListPage(found));
      },
    },
    {
      method: 'GET',
      url: '/cases/:caseId/advice/new',
      access: { permission: 'case.work' },
      handler: async (request, reply) => {
        const caseId = caseIdOf(request);
        const facts =
          caseId &&
          (await caseForAdviceForm(db, clock, actorFor(request), request.principal!, caseId));
        if (!facts) return sendProblem(request, reply, 404);
        return reply.page(view('new'), adviceFormPage({ facts, today: isoDay(clock.now()) }));
      },
    },
    {
      method: 'POST',
      url: '/cases/:caseId/advice',
      access: { permission: 'case.work' },
      handler: async (request, reply) => {
        const caseId = caseIdOf(request);
        if (!caseId) return sendProblem(request, reply, 404);
        const actor = actorFor(request);
        const today = isoDay(clock.now());
        const form = parseAdviceForm(request.body, today);
        if (!form.ok) {
          const facts = await caseForAdviceForm(db, clock, actor, request.principal!, caseId);
          if (!facts) return sendProblem(request, reply, 404);
          return reply.page(
            view('new'),
            adviceFormPage({ facts, today, values: form.values, errors: form.errors }),
            400,
          );
        }
        const change = await giveAdvice(db, clock, actor, request.principal!, caseId, {
          ...form.data,
          version: formVersion(request),
        });
        if (change.kind !== 'done') {
          return sendUnchanged(request, reply, change, adviceUrls.list(caseId));
        }
        return reply.redirect(adviceUrls.list(caseId), 303);
      },
    },
  ];
}
