import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { londonDate } from '../../domain/london-day.ts';
import type { FormErrors } from '../../web/forms.ts';
import type { LegacyRouteDeclaration } from '../../web/routes.ts';
import { actorFor } from '../auth/actor.ts';
import { formInput, requiredText } from '../../web/form-fields.ts';
import { openCase } from '../../access/case-context.ts';
import { caseIdOf, openHealthCase } from '../../access/legacy.ts';
import { caseNotFound } from '../../access/case-route.ts';
import { issuesOf, orderedErrors } from '../../web/form-issues.ts';
import { CASES_PAGE_SIZE, listCases, readCaseListQuery } from './list.ts';
import { pageOf } from './pagination.ts';
import { accessReasonsPage, caseListPage, casePage, reasonPage } from './presenter.ts';
import {
  ACCESS_REASONS_PAGE_SIZE,
  accessReasons,
  readCase,
  recordAccessReason,
} from './service.ts';

const views = 'features/cases/views';
const access = { permission: 'case.work' } as const;

const reasonForm = z.object({
  reason: requiredText(
    'Enter why you need to open this case',
    1000,
    'The reason must be 1,000 characters or fewer',
  ),
});

/** Case lists, the case page, the reason asked before opening a case outside allocation. */
export function caseRoutes(deps: { db: Kysely<DB>; clock: Clock }): LegacyRouteDeclaration[] {
  const { db, clock } = deps;

  async function showReason(
    request: FastifyRequest,
    reply: FastifyReply,
    form?: { value: string; errors: FormErrors },
  ) {
    const caseId = caseIdOf(request);
    const opened = await openCase(db, request.principal!, caseId);
    if (!opened || !(opened.visibility.police || opened.visibility.shared)) {
      return caseNotFound(db, clock, request, reply, caseId);
    }
    // Allocated clinicians, the hub lead and those who gave a reason go straight in.
    if (opened.visibility.health) return reply.redirect(`/cases/${opened.header.id}`);
    return { opened, page: reasonPage({ ...opened.header, caseId: opened.header.id, ...form }) };
  }

  return [
    {
      method: 'GET',
      url: '/cases',
      access,
      handler: async (request, reply) => {
        const principal = request.principal!;
        const query = readCaseListQuery(request.query);
        const { items, total } = await listCases(db, principal, query);
        return reply.page(
          `${views}/list.njk`,
          caseListPage({
            query,
            items,
            total,
            pageSize: CASES_PAGE_SIZE,
            showLead: query.tab === 'mine' || principal.roles.includes('hub_lead'),
          }),
        );
      },
    },
    {
      method: 'GET',
      url: '/cases/:caseId',
      access,
      handler: async (request, reply) => {
        const opened = await openHealthCase(db, clock, request, reply, caseIdOf(request));
        if (!opened) return reply;
        const record = await readCase(db, clock, actorFor(request), opened);
        return reply.page(
          `${views}/case.njk`,
          casePage({ opened, record, today: londonDate(clock.now()) }),
        );
      },
    },
    {
      method: 'GET',
      url: '/cases/:caseId/reason',
      access,
      handler: async (request, reply) => {
        const shown = await showReason(request, reply);
        return 'page' in shown ? reply.page(`${views}/reason.njk`, shown.page) : shown;
      },
    },
    {
      method: 'POST',
      url: '/cases/:caseId/reason',
      access,
      handler: async (request, reply) => {
        const values = formInput(request.body, ['reason']);
        const parsed = issuesOf(reasonForm, values);
        const shown = await showReason(
          request,
          reply,
          parsed.ok
            ? undefined
            : { value: values.reason!, errors: orderedErrors(parsed.pairs, ['reason']) },
        );
        if (!('page' in shown)) return shown;
        if (!parsed.ok) return reply.page(`${views}/reason.njk`, shown.page, 400);
        await recordAccessReason(db, clock, actorFor(request), request.principal!, {
          opened: shown.opened,
          reason: parsed.data.reason,
        });
        return reply.redirect(`/cases/${shown.opened.header.id}`);
      },
    },
    {
      method: 'GET',
      url: '/audit/access-reasons',
      access: { permission: 'audit.read' },
      handler: async (request, reply) => {
        const page = pageOf(request.query);
        const { total, rows } = await accessReasons(db, clock, actorFor(request), page);
        return reply.page(
          `${views}/access-reasons.njk`,
          accessReasonsPage({ rows, total, page, pageSize: ACCESS_REASONS_PAGE_SIZE }),
        );
      },
    },
  ];
}
