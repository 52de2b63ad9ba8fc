import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { CaseRouteContext } from '../../web/routes.ts';
import { uuid } from '../../web/ids.ts';
import { caseRoute, type RouteDeclaration } from '../../web/routes.ts';
import type { RequireFreshCode } from '../auth/step-up.ts';
import {
  exportBody,
  exportReasonGiven,
  showExportReason,
  type ExportPage,
} from '../audit/export-reason.ts';
import { printCaseSummary, summaryFilename, type SummaryDeps } from './summary.ts';

const params = z.object({ caseId: uuid });

/** Sends a PDF as a download that is never cached nor sniffed. */
export function sendPdf(reply: FastifyReply, filename: string, pdf: Buffer): FastifyReply {
  return reply
    .header('X-Content-Type-Options', 'nosniff')
    .header('Cache-Control', 'no-store')
    .header('Content-Disposition', `attachment; filename="${filename}"`)
    .type('application/pdf')
    .send(pdf);
}

/**
 * The case summary as PDF (docs/printing-and-letters.md): from the case page for those who read
 * the health record, from the request page for the requesting officer. Each gets what the access
 * core lets them see of the case, through the case page's own panels.
 */
export function printingRoutes(
  deps: SummaryDeps & { requireFreshCode: RequireFreshCode },
): RouteDeclaration[] {
  const pageFor = (prefix: '/cases' | '/requests', caseId: string): ExportPage => ({
    title: 'Download the case summary',
    description: 'A PDF of what you may see of this case.',
    action: `${prefix}/${caseId}/summary.pdf`,
    backHref: `${prefix}/${caseId}`,
  });
  const ask =
    (prefix: '/cases' | '/requests') =>
    ({ reply, case: opened }: CaseRouteContext) =>
      showExportReason(reply, pageFor(prefix, opened.header.id), { filters: {} });
  const summary =
    (prefix: '/cases' | '/requests') =>
    async ({ request, reply, actor, principal, body, case: opened }: CaseRouteContext) => {
      const page = pageFor(prefix, opened.header.id);
      const reason = await exportReasonGiven({ request, reply, body }, deps.requireFreshCode, page);
      if (reason === null) return reply;
      const pdf = await printCaseSummary(deps, {
        actor,
        opened,
        printedBy: principal.name,
        reason,
      });
      return sendPdf(reply, summaryFilename(opened.header.reference), pdf);
    };
  const routes = [
    { prefix: '/cases', permission: 'case.work', needs: 'readHealth' },
    { prefix: '/requests', permission: 'request.follow', needs: 'followRequest' },
  ] as const;
  return routes.flatMap(({ prefix, permission, needs }) => [
    caseRoute({
      method: 'GET',
      url: `${prefix}/:caseId/summary.pdf`,
      permission,
      needs,
      params,
      handler: ask(prefix),
    }),
    caseRoute({
      method: 'POST',
      url: `${prefix}/:caseId/summary.pdf`,
      permission,
      needs,
      params,
      body: exportBody,
      handler: summary(prefix),
    }),
  ]);
}
