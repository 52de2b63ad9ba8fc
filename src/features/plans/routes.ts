import { rectificationMarks, viewerOf } from '../rectification/marks.ts';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { ukToday } from '../../domain/dates.ts';
import { sendProblem } from '../../web/errors.ts';
import { uuid } from '../../web/ids.ts';
import { caseRoute, route, type RouteDeclaration } from '../../web/routes.ts';
import type { HomeLink } from '../auth/presenter.ts';
import { pageOf } from '../../web/pagination.ts';
import { DUE_PAGE_SIZE, dueAndOverdue, dueHubsOf, type DueScope } from './due.ts';
import { duePage, planPage, versionPage } from './presenter.ts';
import { personNameOf, readPlan, readPlanVersion } from './read.ts';
import { planFormRoutes } from './routes-forms.ts';

const permission = 'case.work' as const;
const view = (name: string) => `features/plans/views/${name}.njk`;

export const planHomeLinks: HomeLink[] = [
  {
    permission: 'case.work',
    text: 'Due and overdue',
    href: '/plans/due',
    description: 'Intervention plan actions and reviews that are overdue or due soon.',
  },
];

/** Intervention plans (PRODUCT.md step 6) and the "Due and overdue" list. Health compartment. */
export function planRoutes({ db, clock }: { db: Kysely<DB>; clock: Clock }): RouteDeclaration[] {
  const today = () => ukToday(clock.now());

  return [
    caseRoute({
      method: 'GET',
      url: '/cases/:caseId/plan',
      permission,
      needs: 'readHealth',
      params: z.object({ caseId: uuid }),
      handler: async ({ reply, actor, case: opened }) => {
        const read = await readPlan(db, clock, actor, opened.header);
        const personName = await personNameOf(db, opened.header.personId);
        return reply.page(
          view('plan'),
          planPage({
            header: opened.header,
            personName,
            ...read,
            mayChange: opened.can.workHealth,
            today: today(),
          }),
        );
      },
    }),
    caseRoute({
      method: 'GET',
      url: '/cases/:caseId/plan/versions/:versionNumber',
      permission,
      needs: 'readHealth',
      params: z.object({ caseId: uuid, versionNumber: z.string().regex(/^\d{1,6}$/) }),
      handler: async ({ request, reply, actor, params, principal, case: opened }) => {
        const read = await readPlanVersion(
          { db, clock },
          { actor, header: opened.header, versionNumber: Number(params.versionNumber) },
        );
        if (!read) return sendProblem(request, reply, 404);
        const personName = await personNameOf(db, opened.header.personId);
        const marks = await rectificationMarks(db, {
          kind: 'plan',
          caseId: opened.header.id,
          viewer: viewerOf(principal.userId, opened),
          ids: [read.plan.id],
        });
        return reply.page(view('version'), {
          ...versionPage({ header: opened.header, personName, ...read, today: today() }),
          rectification: marks.get(read.plan.id) ?? null,
        });
      },
    }),
    ...planFormRoutes({ db, clock }),
    route({
      method: 'GET',
      url: '/plans/due',
      permission,
      query: z.looseObject({}),
      handler: async ({ reply, actor, principal, query }) => {
        const hubLead = dueHubsOf(principal).led.length > 0;
        // The hubs they lead are the hub lead's view; a clinician sees their own cases.
        const scope: DueScope = hubLead && query.scope !== 'mine' ? 'hub' : 'mine';
        const page = pageOf(query);
        const now = today();
        const { items, total } = await dueAndOverdue({
          db,
          clock,
          actor,
          principal,
          scope,
          page,
          today: now,
        });
        return reply.page(
          view('due'),
          duePage({ scope, hubLead, items, total, page, pageSize: DUE_PAGE_SIZE, today: now }),
        );
      },
    }),
  ];
}
