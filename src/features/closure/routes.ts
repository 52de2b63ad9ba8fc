import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { caseNotFound } from '../../access/case-route.ts';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import type { Change } from '../../domain/result.ts';
import { sendUnchanged, summaryRow, type SummaryRow } from '../../web/conflict.ts';
import { sendProblem } from '../../web/errors.ts';
import { versionOf } from '../../web/form-issues.ts';
import { uuid } from '../../web/ids.ts';
import { caseRoute, route, type RouteDeclaration } from '../../web/routes.ts';
import type { CaseHeader } from '../../access/case-context.ts';
import type { HomeLink } from '../auth/presenter.ts';
import { giveFeedback, readClosedRequest } from './feedback.ts';
import { parseClosureRequest, parseFeedback, parseReturn } from './form.ts';
import {
  closureFormPage,
  closureQueuePage,
  closureReviewPage,
  closureUrls,
  feedbackPage,
  outcomeLabel,
} from './presenter.ts';
import {
  closureForm,
  closureQueue,
  decideClosure,
  readPendingClosure,
  requestClosure,
} from './service.ts';
import { caseAfterSave } from '../cases/notices.ts';
import { reopenRoutes } from '../reopening/routes.ts';
import { noticeQuery, savedNotice, withNotice } from '../../web/notices.ts';

/** What the officer's closure page says after they answer the feedback question. */
const FEEDBACK_NOTICES = { sent: 'Thank you. Your answer has been sent to the hub.' };

const view = (name: string) => `features/closure/views/${name}.njk`;

export const closureHomeLinks: HomeLink[] = [
  {
    permission: 'closure.approve',
    text: 'Closures to approve',
    href: closureUrls.queue(),
    description: 'Approve closures your clinicians requested, or send them back.',
  },
];

const params = z.object({ caseId: uuid });
/** The shape of the closure forms; their rules are form.ts's, which keep the input. */
const formBody = z.looseObject({ _csrf: z.string().optional(), version: z.string().optional() });
const queueQuery = z.looseObject({ decided: z.string().optional().catch(undefined) });

/** The case version a form was opened on; a missing or malformed one counts as stale. */
const openedVersion = (body: { version?: string | undefined }) =>
  versionOf({ version: body.version ?? '' }) ?? -1;

/** A change that did not happen: not found, or the conflict page (stale or refused). */
function sendNotDone(
  request: FastifyRequest,
  reply: FastifyReply,
  change: Exclude<Change<unknown>, { kind: 'done' }>,
  page: { header: CaseHeader; tried: SummaryRow[]; retryHref: string; caseHref?: string },
): FastifyReply {
  if (change.kind === 'not_found') return sendProblem(request, reply, 404);
  return sendUnchanged(reply, {
    change,
    caseId: page.header.id,
    reference: page.header.reference,
    tried: page.tried,
    retryHref: page.retryHref,
    ...(page.caseHref ? { caseHref: page.caseHref } : {}),
  });
}

/** Closure (PRODUCT.md step 11): request, hub lead approval, and the officer's feedback. */
export function closureRoutes({ db, clock }: { db: Kysely<DB>; clock: Clock }): RouteDeclaration[] {
  const deps = { db, clock };
  return [
    // Asking for closure is work on the case: without `advise` it is not found (a recorded
    // reason lets a clinician read a case, never close it).
    caseRoute({
      method: 'GET',
      url: '/cases/:caseId/closure/new',
      permission: 'case.work',
      needs: 'visible',
      params,
      handler: async ({ request, reply, actor, case: opened }) => {
        if (!opened.can.advise)
          return caseNotFound({ db, clock }, request, reply, opened.header.id);
        return reply.page(view('request'), closureFormPage(await closureForm(deps, actor, opened)));
      },
    }),
    caseRoute({
      method: 'POST',
      url: '/cases/:caseId/closure',
      permission: 'case.work',
      needs: 'visible',
      params,
      body: formBody,
      handler: async ({ request, reply, principal, actor, body, case: opened }) => {
        const { header } = opened;
        if (!opened.can.advise) return caseNotFound({ db, clock }, request, reply, header.id);
        const form = parseClosureRequest(body);
        if (!form.ok) {
          const found = await closureForm(deps, actor, opened);
          return reply.page(
            view('request'),
            closureFormPage({ ...found, values: form.values, errors: form.errors }),
            400,
          );
        }
        const change = await requestClosure(deps, { actor, principal }, header.id, {
          ...form.data,
          version: openedVersion(body),
        });
        if (change.kind !== 'done') {
          return sendNotDone(request, reply, change, {
            header,
            tried: [
              summaryRow('Outcome', outcomeLabel(form.data.outcome)),
              summaryRow('Summary for the case officer', form.data.summary),
              summaryRow('Closing notes', form.data.closingNotes),
            ],
            retryHref: closureUrls.form(header.id),
          });
        }
        // Back to the case, or to Advice for a clinician who may advise but not open the record.
        return reply.redirect(
          opened.can.readHealth
            ? caseAfterSave(header.id, 'closure-requested', 'closure')
            : withNotice(`/cases/${header.id}/advice`, 'closure-requested'),
          303,
        );
      },
    }),
    route({
      method: 'GET',
      url: '/closures',
      permission: 'closure.approve',
      query: queueQuery,
      handler: async ({ reply, principal, actor, query }) => {
        const items = await closureQueue(deps, { actor, principal });
        return reply.page(view('queue'), closureQueuePage({ items, decided: query.decided }));
      },
    }),
    caseRoute({
      method: 'GET',
      url: '/closures/:caseId',
      permission: 'closure.approve',
      needs: 'approveClosure',
      params,
      handler: async ({ request, reply, principal, actor, case: opened }) => {
        const pending = await readPendingClosure(deps, { actor, principal }, opened);
        if (!pending) return sendProblem(request, reply, 404);
        return reply.page(view('review'), closureReviewPage({ pending }));
      },
    }),
    caseRoute({
      method: 'POST',
      url: '/closures/:caseId/approve',
      permission: 'closure.approve',
      needs: 'approveClosure',
      params,
      body: formBody,
      handler: async ({ request, reply, principal, actor, body, case: { header } }) => {
        const change = await decideClosure(deps, { actor, principal }, header.id, {
          kind: 'approve',
          version: openedVersion(body),
        });
        if (change.kind !== 'done') {
          return sendNotDone(request, reply, change, {
            header,
            tried: [summaryRow('Decision', 'Approve closure')],
            retryHref: closureUrls.review(header.id),
          });
        }
        return reply.redirect(`${closureUrls.queue()}?decided=approved`, 303);
      },
    }),
    caseRoute({
      method: 'POST',
      url: '/closures/:caseId/return',
      permission: 'closure.approve',
      needs: 'approveClosure',
      params,
      body: formBody,
      handler: async ({ request, reply, principal, actor, body, case: opened }) => {
        const { header } = opened;
        const form = parseReturn(body);
        if (!form.ok) {
          const pending = await readPendingClosure(deps, { actor, principal }, opened);
          if (!pending) return sendProblem(request, reply, 404);
          return reply.page(
            view('review'),
            closureReviewPage({ pending, values: form.values, errors: form.errors }),
            400,
          );
        }
        const change = await decideClosure(deps, { actor, principal }, header.id, {
          kind: 'return',
          version: openedVersion(body),
          reason: form.data.reason,
        });
        if (change.kind !== 'done') {
          return sendNotDone(request, reply, change, {
            header,
            tried: [summaryRow('Decision', 'Send back'), summaryRow('Reason', form.data.reason)],
            retryHref: closureUrls.review(header.id),
          });
        }
        return reply.redirect(`${closureUrls.queue()}?decided=returned`, 303);
      },
    }),
    caseRoute({
      method: 'GET',
      url: '/requests/:caseId/feedback',
      permission: 'closure.feedback',
      needs: 'followRequest',
      params,
      query: noticeQuery,
      handler: async ({ reply, actor, query, case: { header } }) =>
        reply.page(view('feedback'), {
          ...feedbackPage(await readClosedRequest(deps, actor, header)),
          savedNotice: savedNotice(FEEDBACK_NOTICES, query.done),
        }),
    }),
    caseRoute({
      method: 'POST',
      url: '/requests/:caseId/feedback',
      permission: 'closure.feedback',
      needs: 'giveFeedback',
      params,
      body: formBody,
      handler: async ({ request, reply, principal, actor, body, case: { header } }) => {
        const form = parseFeedback(body);
        if (!form.ok) {
          const found = await readClosedRequest(deps, actor, header);
          return reply.page(
            view('feedback'),
            feedbackPage({ ...found, values: form.values, errors: form.errors }),
            400,
          );
        }
        const change = await giveFeedback(deps, { actor, principal }, header.id, form.data);
        if (change.kind !== 'done') {
          return sendNotDone(request, reply, change, {
            header,
            tried: [
              summaryRow('Confidence', String(form.data.confidence)),
              summaryRow('Comment', form.data.comment),
            ],
            retryHref: closureUrls.feedback(header.id),
            caseHref: closureUrls.request(header.id),
          });
        }
        return reply.redirect(withNotice(closureUrls.feedback(header.id), 'sent'), 303);
      },
    }),
    // Issue 15: the hub lead reopens a closed case (src/features/reopening).
    ...reopenRoutes(deps),
  ];
}
