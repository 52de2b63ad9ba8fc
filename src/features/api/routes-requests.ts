import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { sendProblem } from '../../web/errors.ts';
import type { RouteDeclaration } from '../../web/routes.ts';
import { parsePoliceUpdate } from '../police-updates/form.ts';
import { addPoliceUpdate } from '../police-updates/service.ts';
import type { Option } from '../requests/options.ts';
import { officerOf } from '../requests/routes.ts';
import { readRequest } from '../requests/service.ts';
import { createRequestFromApi } from './create-request.ts';
import { REQUEST_EXAMPLE, EXAMPLE_CASE_ID, examples } from './examples.ts';
import { isIdempotencyKey } from './idempotency.ts';
import { apiClientOf, issuesOfForm, sendApiProblem, sendInvalidJson } from './problems.ts';
import { createRequestBody } from './request-input.ts';
import { apiRoute } from './route.ts';
import {
  adviceList,
  caseIdParams,
  closureSummary,
  createdRequest,
  policeUpdateBody,
  policeUpdateCreated,
  releasedItems,
  requestStatus,
} from './schemas.ts';

const iso = (date: Date | null) => (date ? date.toISOString() : null);
const links = (caseId: string) => ({
  self: `/api/v1/requests/${caseId}`,
  advice: `/api/v1/requests/${caseId}/advice`,
  closureSummary: `/api/v1/requests/${caseId}/closure-summary`,
});
const TAG = 'Requests (police)';

/**
 * The case officer's side: create a request, follow it (status, advice, released items,
 * closure summary), add a police update. Each read is the officer's request page's own read
 * (readRequest: the officer's own request only, audited); each change the page's service.
 */
export function apiRequestRoutes({
  db,
  clock,
  concernTypes,
}: {
  db: Kysely<DB>;
  clock: Clock;
  concernTypes: Option[];
}): RouteDeclaration[] {
  /** The officer's request as their request page reads it, or a 404 already sent. */
  const readOwn = async (ctx: {
    request: Parameters<typeof sendProblem>[0];
    reply: Parameters<typeof sendProblem>[1];
    principal: Parameters<typeof officerOf>[0];
    caseId: string;
  }) => {
    const record = await readRequest(
      { db, clock },
      {
        officer: {
          ...officerOf(ctx.principal),
          clientId: apiClientOf(ctx.request)?.clientId ?? null,
        },
        caseId: ctx.caseId,
        requestId: ctx.request.id,
      },
    );
    if (!record) void sendProblem(ctx.request, ctx.reply, 404);
    return record;
  };

  return [
    apiRoute({
      method: 'POST',
      url: '/api/v1/requests',
      permission: 'request.create',
      scope: 'requests:write',
      tag: TAG,
      summary: 'Request VSS support for a person',
      description:
        'The request form in one JSON body, checked by the same rules as the pages. When the officer requested support for a likely match before, the answer is 409 with `earlierRequests`: send the request again with `linkEarlierRequest` (that caseId, or null for someone else). Send an `Idempotency-Key` to make a retry safe.',
      body: createRequestBody,
      headers: [
        {
          name: 'Idempotency-Key',
          description:
            'Any unique string (a UUID): a repeat with the same key and body gives the first answer and creates nothing; the same key with another body is refused (422). Kept 24 hours.',
        },
      ],
      response: {
        status: 201,
        description: 'The request was sent to the hub (or, for a repeated key, had been)',
        schema: createdRequest,
        example: examples.createdRequest,
      },
      errors: [409, 422],
      example: { body: REQUEST_EXAMPLE },
      handler: async ({ request, reply, principal, body }) => {
        const header = request.headers['idempotency-key'];
        const key = typeof header === 'string' ? header : undefined;
        if (key !== undefined && !isIdempotencyKey(key)) {
          return sendInvalidJson(request, reply, [
            {
              field: 'Idempotency-Key',
              message: 'Send 1 to 255 printable characters, like a UUID',
            },
          ]);
        }
        const client = apiClientOf(request);
        const outcome = await createRequestFromApi(
          { db, clock, concernTypes },
          {
            principal,
            clientId: client?.clientId ?? null,
            body,
            idempotency: key ? { clientId: client?.clientId ?? principal.userId, key } : null,
            requestId: request.id,
          },
        );
        switch (outcome.kind) {
          case 'created':
            return reply.code(201).header('Location', outcome.body.links.self).send(outcome.body);
          case 'replayed':
            return reply
              .code(outcome.status)
              .header('Idempotent-Replayed', 'true')
              .send(outcome.body);
          case 'invalid':
            return sendInvalidJson(request, reply, outcome.errors);
          case 'key_reused':
            return sendApiProblem(request, reply, {
              status: 422,
              title: 'Idempotency key reused',
              detail: 'This Idempotency-Key was used with another request body: use a new key.',
            });
          case 'confirm_match':
            return sendApiProblem(request, reply, {
              status: 409,
              title: 'Possible match',
              detail:
                'You requested support for a person who may be the same one. Send the request again with linkEarlierRequest: the caseId of that request, or null if this is someone else.',
              extra: {
                errors: [
                  { field: 'linkEarlierRequest', detail: 'Answer whether this is the same person' },
                ],
                earlierRequests: outcome.earlierRequests.map((e) => ({
                  caseId: e.caseId,
                  reference: e.reference,
                  requestedAt: e.requestedAt.toISOString(),
                })),
                othersExist: outcome.othersExist,
              },
            });
          case 'not_sent':
            return sendApiProblem(request, reply, {
              status: 409,
              title: 'Not sent',
              detail: 'The request could not be sent. Send it again with a new Idempotency-Key.',
            });
        }
      },
    }),
    apiRoute({
      method: 'GET',
      url: '/api/v1/requests/:caseId',
      permission: 'request.follow',
      scope: 'requests:read',
      needs: 'followRequest',
      params: caseIdParams,
      tag: TAG,
      summary: "A request's status",
      response: {
        description: 'The request',
        schema: requestStatus,
        example: examples.requestStatus,
      },
      example: { params: { caseId: EXAMPLE_CASE_ID } },
      handler: async ({ request, reply, principal, case: { header } }) => {
        const record = await readOwn({ request, reply, principal, caseId: header.id });
        if (!record) return reply;
        return {
          caseId: record.caseId,
          reference: record.reference,
          hubName: record.hubName,
          status: record.status,
          urgency: record.urgency,
          requestedAt: record.requestedAt.toISOString(),
          isReReferral: record.isReReferral,
          feedbackAnswered: record.shared.feedbackAnswered,
          links: links(record.caseId),
        };
      },
    }),
    apiRoute({
      method: 'GET',
      url: '/api/v1/requests/:caseId/advice',
      permission: 'request.follow',
      scope: 'requests:read',
      needs: 'followRequest',
      params: caseIdParams,
      tag: TAG,
      summary: 'The advice the hub gave on a request',
      response: {
        description: 'The advice, oldest first',
        schema: adviceList,
        example: examples.advice,
      },
      example: { params: { caseId: EXAMPLE_CASE_ID } },
      handler: async ({ request, reply, principal, case: { header } }) => {
        const record = await readOwn({ request, reply, principal, caseId: header.id });
        if (!record) return reply;
        return { caseId: record.caseId, advice: record.shared.advice };
      },
    }),
    apiRoute({
      method: 'GET',
      url: '/api/v1/requests/:caseId/released-items',
      permission: 'request.follow',
      scope: 'requests:read',
      needs: 'followRequest',
      params: caseIdParams,
      tag: TAG,
      summary: 'Health information released to the officer by a disclosure decision',
      response: {
        description: 'The items released to the officer (a withdrawn one without its text)',
        schema: releasedItems,
        example: examples.releasedItems,
      },
      example: { params: { caseId: EXAMPLE_CASE_ID } },
      handler: async ({ request, reply, principal, case: { header } }) => {
        const record = await readOwn({ request, reply, principal, caseId: header.id });
        if (!record) return reply;
        return {
          caseId: record.caseId,
          items: (record.shared.released ?? []).map((item) => ({
            id: item.id,
            label: item.label,
            text: item.text,
            releasedAt: item.releasedAt.toISOString(),
            withdrawnAt: iso(item.withdrawnAt),
            legalBasis: item.legalBasis,
            decidedByName: item.decidedByName,
            approvedByName: item.approvedByName,
          })),
        };
      },
    }),
    apiRoute({
      method: 'GET',
      url: '/api/v1/requests/:caseId/closure-summary',
      permission: 'request.follow',
      scope: 'requests:read',
      needs: 'followRequest',
      params: caseIdParams,
      tag: TAG,
      summary: 'The closure summary of a closed request',
      response: {
        description: 'The summary the hub lead approved, or null while the case is open',
        schema: closureSummary,
        example: examples.closureSummary,
      },
      example: { params: { caseId: EXAMPLE_CASE_ID } },
      handler: async ({ request, reply, principal, case: { header } }) => {
        const record = await readOwn({ request, reply, principal, caseId: header.id });
        if (!record) return reply;
        const summary = record.shared.closureSummary;
        return {
          caseId: record.caseId,
          closed: record.status === 'closed',
          closureSummary: summary
            ? { ...summary, approvedAt: summary.approvedAt.toISOString() }
            : null,
        };
      },
    }),
    apiRoute({
      method: 'POST',
      url: '/api/v1/requests/:caseId/police-updates',
      permission: 'police_update.add',
      scope: 'requests:write',
      needs: 'addPoliceUpdate',
      params: caseIdParams,
      body: policeUpdateBody,
      tag: TAG,
      summary: 'Add a police update to a request',
      response: {
        status: 201,
        description: 'The update was added',
        schema: policeUpdateCreated,
        example: { caseId: EXAMPLE_CASE_ID, updateId: '7f0c2f52-0d6e-4c57-9a43-3b0f8a1d2c11' },
      },
      errors: [409],
      example: {
        params: { caseId: EXAMPLE_CASE_ID },
        body: { body: 'He has moved to his aunt’s address in the same district.' },
      },
      handler: async ({ request, reply, principal, actor, body, case: { header } }) => {
        const form = parsePoliceUpdate({ body: body.body });
        if (!form.ok) return sendInvalidJson(request, reply, issuesOfForm(form.errors));
        const change = await addPoliceUpdate(
          { db, clock },
          {
            actor,
            principal,
            caseId: header.id,
            input: { body: form.data.body, version: body.version ?? header.version },
          },
        );
        if (change.kind === 'not_found') return sendProblem(request, reply, 404);
        if (change.kind !== 'done') {
          return sendApiProblem(request, reply, {
            status: 409,
            title: change.kind === 'stale' ? 'The case changed' : 'This cannot be done now',
            detail:
              change.kind === 'stale'
                ? 'The case changed since the version you sent: read it again and resend.'
                : change.reason,
          });
        }
        return reply.code(201).send({ caseId: header.id, updateId: change.value.updateId });
      },
    }),
  ];
}
