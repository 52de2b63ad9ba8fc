import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { z } from 'zod';
import { sendProblem } from '../../web/errors.ts';
import { uuid } from '../../web/ids.ts';
import { route, type RouteDeclaration } from '../../web/routes.ts';
import type { HomeLink } from '../auth/presenter.ts';
import type { RequireFreshCode } from '../auth/step-up.ts';
import {
  exportBody,
  exportReasonGiven,
  showExportReason,
  type ExportPage,
} from '../audit/export-reason.ts';
import { receivedPage } from './presenter.ts';
import { registerDecisionPage, registerPage } from './presenter-register.ts';
import { readRegisterDecision } from './register-decision.ts';
import {
  exportRegister,
  readRegister,
  registerCsv,
  registerCsvFilename,
  registerQuery,
} from './register.ts';
import { releasedToMe } from './released.ts';
import { approvalRoutes } from './routes-approvals.ts';
import { externalLetterRoutes } from './routes-external.ts';
import { journeyRoutes } from './routes-journey.ts';

const view = (name: string) => `features/disclosures/views/${name}.njk`;

export const disclosureHomeLinks: HomeLink[] = [
  {
    permission: 'disclosure.approve',
    text: 'Disclosures to approve',
    href: '/disclosures/approvals',
    description: 'Approve or refuse disclosures to police made without consent.',
  },
  {
    permission: 'disclosure_register.read',
    text: 'Disclosure register',
    href: '/disclosures/register',
    description: 'Every disclosure between health and police: to whom, on what basis, by whom.',
  },
  {
    permission: 'released_items.read',
    text: 'Information released to you',
    href: '/disclosures/received',
    description: 'What the hub released to you by name, with where it came from.',
  },
];

/** Disclosure decisions (PRODUCT.md step 10): the journeys, approval, register, what was received. */
export function disclosureRoutes(deps: {
  db: Kysely<DB>;
  clock: Clock;
  requireFreshCode: RequireFreshCode;
}): RouteDeclaration[] {
  const { db, clock } = deps;
  const services = { db, clock };
  const registerPermission = 'disclosure_register.read' as const;
  const registerExport: ExportPage = {
    title: 'Download the disclosure register',
    description: 'A CSV file of the disclosure decisions that match your filters.',
    action: '/disclosures/register.csv',
    backHref: '/disclosures/register',
  };
  return [
    ...journeyRoutes(deps, {
      direction: 'health_to_police',
      prefix: '/cases',
      permission: 'case.work',
    }),
    ...journeyRoutes(deps, {
      direction: 'police_to_health',
      prefix: '/requests',
      permission: 'disclosure.share_with_health',
    }),
    ...journeyRoutes(deps, {
      direction: 'health_to_external',
      prefix: '/cases',
      permission: 'case.work',
      segment: 'external-disclosures',
    }),
    ...externalLetterRoutes(deps),
    ...approvalRoutes(deps),
    route({
      method: 'GET',
      url: '/disclosures/register',
      permission: registerPermission,
      query: registerQuery,
      handler: async ({ reply, actor, principal, query: filter }) => {
        const found = await readRegister(services, { actor, principal, filter });
        const status = filter.errors?.length ? 400 : 200;
        return reply.page(view('register'), registerPage({ filter, ...found }), status);
      },
    }),
    route({
      method: 'GET',
      url: '/disclosures/register/:disclosureId',
      permission: registerPermission,
      params: z.object({ disclosureId: uuid }),
      handler: async ({ request, reply, actor, principal, params }) => {
        const found = await readRegisterDecision(services, {
          actor,
          principal,
          disclosureId: params.disclosureId,
        });
        if (!found) return sendProblem(request, reply, 404);
        return reply.page(view('register-decision'), registerDecisionPage(found));
      },
    }),
    route({
      method: 'GET',
      url: '/disclosures/register.csv',
      permission: registerPermission,
      query: z.looseObject({}),
      handler: ({ reply, query }) => showExportReason(reply, registerExport, { filters: query }),
    }),
    route({
      method: 'POST',
      url: '/disclosures/register.csv',
      permission: registerPermission,
      body: exportBody,
      handler: async ({ request, reply, actor, principal, body }) => {
        const reason = await exportReasonGiven(
          { request, reply, body },
          deps.requireFreshCode,
          registerExport,
        );
        if (reason === null) return reply;
        const filter = registerQuery.parse(body);
        const rows = await exportRegister(services, { actor, principal, filter, reason });
        return reply
          .type('text/csv; charset=utf-8')
          .header(
            'Content-Disposition',
            `attachment; filename="${registerCsvFilename(clock.now())}"`,
          )
          .send(registerCsv(rows));
      },
    }),
    route({
      method: 'GET',
      url: '/disclosures/received',
      permission: 'released_items.read',
      handler: async ({ reply, actor, principal }) => {
        const cases = await releasedToMe(services, { actor, userId: principal.userId });
        return reply.page(view('received'), receivedPage(cases));
      },
    }),
  ];
}
