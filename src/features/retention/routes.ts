import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { londonDate } from '../../domain/london-day.ts';
import { DEFAULT_POLICE_REVIEW_YEARS, RETENTION_CLOCKS } from '../../domain/retention.ts';
import { sendProblem } from '../../web/errors.ts';
import { uuid } from '../../web/ids.ts';
import { caseRoute, route, type RouteDeclaration } from '../../web/routes.ts';
import type { RequireFreshCode } from '../auth/step-up.ts';
import { readDeathForm, readKeepForm } from './forms.ts';
import { disposalRoutes } from './routes-disposal.ts';
import { deathPage, keepPage, queuePage, retentionUrls } from './presenter.ts';
import {
  dateOfDeathOf,
  decideKeep,
  hubOptions,
  recordDateOfDeath,
  retentionQueue,
  reviewItem,
} from './service.ts';

const view = (name: string) => `features/retention/views/${name}.njk`;

const clockParam = z.enum(RETENTION_CLOCKS);
/** An empty filter is "all"; anything else must be a hub id or a clock. */
const queueQuery = z.object({
  hub: z.union([uuid, z.literal('')]).optional(),
  clock: z.union([clockParam, z.literal('')]).optional(),
});
const keepParams = z.object({ caseId: uuid, clock: clockParam });
const caseParams = z.object({ caseId: uuid });
/** The forms' shapes; their rules are readKeepForm's and readDeathForm's, which keep the input. */
const formBody = z.looseObject({ _csrf: z.string().optional() });

/**
 * Records retention (docs/records.md): the IG officer's queue of clocks due for review and the
 * "keep" or "dispose" decision (routes-disposal.ts); the date of death a clinician records on a case.
 */
export function retentionRoutes({
  db,
  clock,
  config,
  freshCode,
}: {
  db: Kysely<DB>;
  clock: Clock;
  /** The force's police review period (RETENTION_POLICE_REVIEW_YEARS). */
  config?: { retentionPoliceReviewYears?: number };
  /** Approving a disposal needs a fresh security code. */
  freshCode: RequireFreshCode;
}): RouteDeclaration[] {
  const deps = { db, clock };
  const policeReviewYears = config?.retentionPoliceReviewYears ?? DEFAULT_POLICE_REVIEW_YEARS;
  return [
    ...disposalRoutes({ db, clock, requireFreshCode: freshCode }),
    route({
      method: 'GET',
      url: retentionUrls.queue,
      permission: 'retention.review',
      query: queueQuery,
      handler: async ({ reply, actor, query }) => {
        const filters = { hubId: query.hub || null, clock: query.clock || null };
        const [queue, hubs] = await Promise.all([
          retentionQueue(deps, actor, filters),
          hubOptions(deps),
        ]);
        return reply.page(view('queue'), queuePage({ ...queue, filters, hubs }));
      },
    }),
    route({
      method: 'GET',
      url: '/retention/:caseId/:clock/keep',
      permission: 'retention.review',
      params: keepParams,
      handler: async ({ request, reply, params }) => {
        const item = await reviewItem(deps, params.caseId, params.clock);
        const today = londonDate(clock.now());
        if (!item || item.dueOn > today) return sendProblem(request, reply, 404);
        return reply.page(view('keep'), keepPage({ item, today, policeReviewYears }));
      },
    }),
    route({
      method: 'POST',
      url: '/retention/:caseId/:clock/keep',
      permission: 'retention.review',
      params: keepParams,
      body: formBody,
      handler: async ({ request, reply, principal, actor, params, body }) => {
        const item = await reviewItem(deps, params.caseId, params.clock);
        const today = londonDate(clock.now());
        if (!item || item.dueOn > today) return sendProblem(request, reply, 404);
        const form = readKeepForm(body, { clock: params.clock, today, policeReviewYears });
        if (!form.ok) {
          return reply.page(
            view('keep'),
            keepPage({ item, today, policeReviewYears, values: form.values, errors: form.errors }),
            400,
          );
        }
        const decided = await decideKeep(deps, actor, {
          caseId: params.caseId,
          clock: params.clock,
          userId: principal.userId,
          ...form.value,
        });
        if (!decided) return sendProblem(request, reply, 404);
        return reply.redirect(retentionUrls.queue, 303);
      },
    }),
    caseRoute({
      method: 'GET',
      url: '/cases/:caseId/date-of-death',
      permission: 'case.work',
      needs: 'workHealth',
      params: caseParams,
      handler: async ({ reply, case: { header } }) =>
        reply.page(
          view('death'),
          deathPage({ header, current: await dateOfDeathOf(deps, header.personId) }),
        ),
    }),
    caseRoute({
      method: 'POST',
      url: '/cases/:caseId/date-of-death',
      permission: 'case.work',
      needs: 'workHealth',
      params: caseParams,
      body: formBody,
      handler: async ({ reply, principal, actor, body, case: { header } }) => {
        const current = await dateOfDeathOf(deps, header.personId);
        const today = londonDate(clock.now());
        const form = readDeathForm(body, { today, dateOfBirth: current.date_of_birth });
        if (!form.ok) {
          return reply.page(
            view('death'),
            deathPage({ header, current, values: form.values, errors: form.errors }),
            400,
          );
        }
        await recordDateOfDeath(deps, actor, {
          caseId: header.id,
          personId: header.personId,
          userId: principal.userId,
          ...form.value,
        });
        return reply.redirect(`/cases/${header.id}/section/contacts-and-notes`, 303);
      },
    }),
  ];
}
