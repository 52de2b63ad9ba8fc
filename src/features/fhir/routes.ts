import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { caseNotFound } from '../../access/case-route.ts';
import type { OpenedCase } from '../../access/case-context.ts';
import { sendProblem } from '../../web/errors.ts';
import { uuid } from '../../web/ids.ts';
import { caseRoute, route, type RouteDeclaration } from '../../web/routes.ts';
import { EXAMPLE_CASE_ID } from '../api/examples.ts';
import { apiRoute } from '../api/route.ts';
import { caseIdParams } from '../api/schemas.ts';
import type { AuditActor } from '../audit/record.ts';
import { EXAMPLE_BUNDLE } from './example.ts';
import { auditBundle } from './presenter-audit.ts';
import { bundleFilename, caseBundle, FHIR_JSON } from './presenter.ts';
import {
  exportsAnything,
  readCaseAuditLog,
  readCaseExport,
  stampOf,
  type FhirDeps,
} from './service.ts';

const params = z.object({ caseId: uuid });

/**
 * The FHIR R4 UK Core export of a case (docs/api.md "FHIR"): for API clients, a download on
 * the case page for clinicians and on the request page for the requesting officer, and the
 * case's access log as AuditEvents for the information governance officer. What each viewer
 * gets is what the access core lets them see; each read is audited.
 */
export function fhirRoutes(deps: FhirDeps): RouteDeclaration[] {
  const { clock } = deps;

  const exported = async (
    ctx: { request: FastifyRequest; reply: FastifyReply; actor: AuditActor },
    input: { opened: OpenedCase; viewerId: string; via: 'api' | 'page' },
  ) => {
    const { request, reply, actor } = ctx;
    const { opened } = input;
    // A clinician who must give a reason first sees nothing of it yet (the API cannot ask).
    if (!exportsAnything(opened)) return caseNotFound(deps, request, reply, opened.header.id);
    const data = await readCaseExport(deps, { actor, ...input });
    const stamp = stampOf(clock);
    const bundle = caseBundle(data, stamp);
    void reply.header('X-Content-Type-Options', 'nosniff').header('Cache-Control', 'no-store');
    if (input.via === 'page') {
      void reply.header(
        'Content-Disposition',
        `attachment; filename="${bundleFilename(opened.header.reference, stamp.at)}"`,
      );
    }
    return reply.type(`${FHIR_JSON}; charset=utf-8`).send(JSON.stringify(bundle));
  };

  return [
    apiRoute({
      method: 'GET',
      url: '/api/v1/cases/:caseId/fhir',
      permission: 'case.work',
      scope: 'cases:read',
      needs: 'visible',
      params: caseIdParams,
      tag: 'FHIR',
      summary: 'The case as a FHIR R4 UK Core bundle',
      description:
        'A `collection` Bundle of what the caller may see of the case: Patient, ServiceRequest, EpisodeOfCare, advice and closure summary (Communication), and for those who may read the health record Consent, CarePlan and liaison (Communication); released items with a Provenance for each disclosure decision. See docs/api.md "FHIR".',
      response: {
        description: 'The bundle (application/fhir+json)',
        type: FHIR_JSON,
        example: EXAMPLE_BUNDLE,
      },
      example: { params: { caseId: EXAMPLE_CASE_ID } },
      handler: ({ request, reply, actor, principal, case: opened }) =>
        exported({ request, reply, actor }, { opened, viewerId: principal.userId, via: 'api' }),
    }),
    caseRoute({
      method: 'GET',
      url: '/cases/:caseId/fhir',
      permission: 'case.work',
      needs: 'readHealth',
      params,
      handler: ({ request, reply, actor, principal, case: opened }) =>
        exported({ request, reply, actor }, { opened, viewerId: principal.userId, via: 'page' }),
    }),
    caseRoute({
      method: 'GET',
      url: '/requests/:caseId/fhir',
      permission: 'request.follow',
      needs: 'followRequest',
      params,
      handler: ({ request, reply, actor, principal, case: opened }) =>
        exported({ request, reply, actor }, { opened, viewerId: principal.userId, via: 'page' }),
    }),
    route({
      method: 'GET',
      url: '/audit/cases/:caseId/fhir',
      permission: 'audit.read',
      params,
      handler: async ({ request, reply, actor, params: { caseId } }) => {
        const log = await readCaseAuditLog(deps, { actor, caseId });
        if (!log) return caseNotFound(deps, request, reply, caseId);
        if (log.tooMany) return sendProblem(request, reply, 413);
        const stamp = stampOf(clock);
        return reply
          .header('X-Content-Type-Options', 'nosniff')
          .header('Cache-Control', 'no-store')
          .header(
            'Content-Disposition',
            `attachment; filename="cicero-case-access-log-fhir-${stamp.at.toISOString().slice(0, 10)}.json"`,
          )
          .type(`${FHIR_JSON}; charset=utf-8`)
          .send(JSON.stringify(auditBundle(log.rows, stamp)));
      },
    }),
  ];
}
