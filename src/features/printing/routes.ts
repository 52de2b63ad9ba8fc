import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { CaseRouteContext } from '../../web/routes.ts';
import { uuid } from '../../web/ids.ts';
import { caseRoute, type RouteDeclaration } from '../../web/routes.ts';
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
export function printingRoutes(deps: SummaryDeps): RouteDeclaration[] {
  const summary = async ({ reply, actor, principal, case: opened }: CaseRouteContext) => {
    const pdf = await printCaseSummary(deps, { actor, opened, printedBy: principal.name });
    return sendPdf(reply, summaryFilename(opened.header.reference), pdf);
  };
  return [
    caseRoute({
      method: 'GET',
      url: '/cases/:caseId/summary.pdf',
      permission: 'case.work',
      needs: 'readHealth',
      params,
      handler: summary,
    }),
    caseRoute({
      method: 'GET',
      url: '/requests/:caseId/summary.pdf',
      permission: 'request.follow',
      needs: 'followRequest',
      params,
      handler: summary,
    }),
  ];
}
