import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { londonDate } from '../../domain/london-day.ts';
import { parseSearch } from '../../domain/search-query.ts';
import { sendProblem } from '../../web/errors.ts';
import { uuid } from '../../web/ids.ts';
import { route, type RouteDeclaration } from '../../web/routes.ts';
import type { RequireFreshCode } from '../auth/step-up.ts';
import {
  exportBody,
  exportReasonGiven,
  showExportReason,
  type ExportPage,
} from '../audit/export-reason.ts';
import { sendPdf } from '../printing/routes.ts';
import { searchCases } from '../search/service.ts';
import { bundleFilename, produceBundle } from './bundle.ts';
import { readExtendForm, readRegisterForm } from './forms.ts';
import { extendPage, queuePage, registerPage, requestPage, sarUrls } from './presenter.ts';
import { reviewRoutes } from './routes-review.ts';
import {
  extendDeadline,
  gatherRequest,
  openRequest,
  peopleOf,
  registerRequest,
  requestRecord,
  subjectAccessQueue,
  type Deps,
} from './service.ts';

export const view = (name: string) => `features/subject-access/views/${name}.njk`;
const permission = 'subject_access.manage' as const;
const params = z.object({ requestId: uuid });
/** The forms' shapes; their rules are forms.ts's, which keep the input. */
const formBody = z.looseObject({ _csrf: z.string().optional() });

/**
 * Subject access requests (docs/records.md#subject-access): the IG officer's queue, the
 * registration of a request (the person found with the search, by POST so no terms reach a
 * URL), gathering, extension and the bundle; the reviewers' pages are routes-review.ts's.
 */
export function subjectAccessRoutes(
  deps: Deps & { freshCode: RequireFreshCode },
): RouteDeclaration[] {
  const { db, clock } = deps;

  /** The people the search finds, for the registration form (the search's own audit rows). */
  const findPeople = async (
    who: Parameters<typeof searchCases>[1],
    q: string,
  ): Promise<{ error?: string; people: Awaited<ReturnType<typeof peopleOf>> }> => {
    const parsed = parseSearch(q);
    if (!parsed.ok) return { error: parsed.message, people: [] };
    const result = await searchCases(deps, who, parsed.query, 1);
    return { people: await peopleOf(deps, [...new Set(result.hits.map((h) => h.personId))]) };
  };
  const bundlePage = (requestId: string): ExportPage => ({
    title: 'Produce the subject access bundle',
    description:
      'A PDF of the covering letter and the released records, to send to the person. Producing it records the disclosure to them.',
    action: sarUrls.bundle(requestId),
    backHref: sarUrls.request(requestId),
  });
  const openRecord = (db2: Kysely<DB>, id: string) => requestRecord(db2, id);

  return [
    ...reviewRoutes(deps),
    route({
      method: 'GET',
      url: sarUrls.queue,
      permission,
      handler: async ({ reply, actor }) =>
        reply.page(view('queue'), queuePage(await subjectAccessQueue(deps, actor))),
    }),
    route({
      method: 'GET',
      url: sarUrls.register,
      permission,
      handler: ({ reply }) =>
        reply.page(
          view('new'),
          registerPage({ q: '', searched: false, people: [], today: londonDate(clock.now()) }),
        ),
    }),
    route({
      method: 'POST',
      url: sarUrls.register,
      permission,
      body: formBody,
      handler: async ({ reply, actor, principal, body }) => {
        const today = londonDate(clock.now());
        const fields = body as Record<string, unknown>;
        const q = typeof fields.q === 'string' ? fields.q.slice(0, 200) : '';
        const found = await findPeople({ actor, principal }, q);
        if (found.error) {
          return reply.page(
            view('new'),
            registerPage({ q, searched: false, people: [], today, searchError: found.error }),
            400,
          );
        }
        if (fields.step !== 'register') {
          return reply.page(
            view('new'),
            registerPage({ q, searched: true, people: found.people, today }),
          );
        }
        const form = readRegisterForm(body, {
          today,
          people: found.people.map((p) => p.personId),
        });
        if (!form.ok) {
          return reply.page(
            view('new'),
            registerPage({
              q,
              searched: true,
              people: found.people,
              today,
              values: form.values,
              errors: form.errors,
            }),
            400,
          );
        }
        const id = await registerRequest(deps, actor, { ...form.value, userId: principal.userId });
        if (!id) return reply.redirect(sarUrls.register, 303);
        return reply.redirect(sarUrls.request(id), 303);
      },
    }),
    route({
      method: 'GET',
      url: '/subject-access/:requestId',
      permission,
      params,
      handler: async ({ request, reply, actor, params: p }) => {
        const opened = await openRequest(deps, actor, p.requestId);
        if (!opened) return sendProblem(request, reply, 404);
        return reply.page(view('request'), requestPage(opened));
      },
    }),
    route({
      method: 'POST',
      url: '/subject-access/:requestId/gather',
      permission,
      params,
      body: formBody,
      handler: async ({ request, reply, actor, params: p }) => {
        const record = await openRecord(db, p.requestId);
        if (!record) return sendProblem(request, reply, 404);
        await gatherRequest(deps, actor, record);
        return reply.redirect(sarUrls.request(record.id), 303);
      },
    }),
    route({
      method: 'GET',
      url: '/subject-access/:requestId/extend',
      permission,
      params,
      handler: async ({ request, reply, params: p }) => {
        const record = await openRecord(db, p.requestId);
        if (!record || record.disclosedAt) return sendProblem(request, reply, 404);
        return reply.page(view('extend'), extendPage({ request: record }));
      },
    }),
    route({
      method: 'POST',
      url: '/subject-access/:requestId/extend',
      permission,
      params,
      body: formBody,
      handler: async ({ request, reply, actor, principal, params: p, body }) => {
        const record = await openRecord(db, p.requestId);
        if (!record || record.disclosedAt) return sendProblem(request, reply, 404);
        const form = readExtendForm(body, {
          today: londonDate(clock.now()),
          receivedOn: record.receivedOn,
          currentDue: record.extendedTo ?? record.dueOn,
        });
        if (!form.ok) {
          return reply.page(
            view('extend'),
            extendPage({ request: record, values: form.values, errors: form.errors }),
            400,
          );
        }
        await extendDeadline(deps, actor, {
          request: record,
          ...form.value,
          userId: principal.userId,
        });
        return reply.redirect(sarUrls.request(record.id), 303);
      },
    }),
    route({
      method: 'GET',
      url: '/subject-access/:requestId/bundle.pdf',
      permission,
      params,
      handler: async ({ request, reply, params: p }) => {
        const record = await openRecord(db, p.requestId);
        if (!record) return sendProblem(request, reply, 404);
        return showExportReason(reply, bundlePage(record.id), { filters: {} });
      },
    }),
    route({
      method: 'POST',
      url: '/subject-access/:requestId/bundle.pdf',
      permission,
      params,
      body: exportBody,
      handler: async ({ request, reply, actor, principal, params: p, body }) => {
        const record = await openRecord(db, p.requestId);
        if (!record) return sendProblem(request, reply, 404);
        const reason = await exportReasonGiven(
          { request, reply, body },
          deps.freshCode,
          bundlePage(record.id),
        );
        if (reason === null) return reply;
        const pdf = await produceBundle(deps, {
          actor,
          request: record,
          userId: principal.userId,
          printedBy: principal.name,
          reason,
        });
        if (!pdf) return sendProblem(request, reply, 409);
        return sendPdf(reply, bundleFilename(record), pdf);
      },
    }),
  ];
}
