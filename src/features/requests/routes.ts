import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { hubsGranting } from '../../domain/permissions.ts';
import type { Principal } from '../auth/principal.ts';
import type { HomeLink } from '../auth/presenter.ts';
import { sendProblem } from '../../web/errors.ts';
import { uuid } from '../../web/ids.ts';
import { caseRoute, route, type RouteDeclaration } from '../../web/routes.ts';
import {
  createDraft,
  findDraft,
  listDrafts,
  saveMatchAnswer,
  saveSection,
  type Officer,
} from './drafts.ts';
import { formInput } from '../../web/form-fields.ts';
import type { Option } from './options.ts';
import { checkAnswersPage } from './presenters/check-answers.ts';
import { confirmationPage } from './presenters/confirmation.ts';
import { myRequestsPage } from './presenters/my-requests.ts';
import { NOT_LINKED, possibleMatchPage } from './presenters/possible-match.ts';
import { requestPage, sharedPartView } from './presenters/request.ts';
import { sectionPage } from './presenters/section.ts';
import { taskListPage } from './presenters/task-list.ts';
import { parseSection, SECTION_FIELDS, sectionInput, type SectionId } from './sections.ts';
import {
  hubsOf,
  listRequests,
  matchesForOfficer,
  readRequest,
  REQUESTS_PAGE_SIZE,
  sentRequest,
} from './service.ts';
import { submitRequest } from './submit.ts';
import { officerRouting } from './routing.ts';
import { REQUEST_NOTICES } from './notices.ts';
import { noticeQuery, savedNotice } from '../../web/notices.ts';
import { sectionOfSlug, urls } from './urls.ts';
import { ukToday } from '../../domain/dates.ts';
import { officerNavigation } from '../cases/workspace.ts';

const view = (name: string) => `features/requests/views/${name}.njk`;

const draftParams = z.object({ draftId: uuid });
const sectionParams = z.object({ draftId: uuid, section: z.string() });
const caseParams = z.object({ caseId: uuid });
/** The shape of the request forms; their rules are sections.ts's, which keep the input. */
const formBody = z.looseObject({ _csrf: z.string().optional() });
const listQuery = z.looseObject({ page: z.string().optional().catch(undefined) });

/**
 * The case officer a request is made or followed as: their id and the hubs where they are case
 * officer (a request is police-side: never a hub where they hold another role).
 */
export const officerOf = (principal: Principal): Officer => ({
  userId: principal.userId,
  hubIds: hubsGranting(principal.assignments, 'request.create'),
});

/** What case officers see on their home page. */
export const requestHomeLinks: HomeLink[] = [
  {
    permission: 'request.follow',
    text: 'Your requests',
    href: urls.myRequests(),
    description:
      'Request VSS support for a person on your Prevent caseload, and follow your requests.',
  },
  {
    permission: 'request.create',
    text: 'Guidance for case officers',
    href: urls.guidance(),
    description: 'What the VSS offers and does not do, and how to request support.',
  },
];

export interface RequestRouteDeps {
  db: Kysely<DB>;
  clock: Clock;
  /** config/concern-types.json or the defaults (options.ts). */
  concernTypes: Option[];
}

/** The case officer's request journey, their requests, and the guidance page. */
export function requestRoutes({ db, clock, concernTypes }: RequestRouteDeps): RouteDeclaration[] {
  const today = () => ukToday(clock.now());
  const notFound = (request: FastifyRequest, reply: FastifyReply) =>
    sendProblem(request, reply, 404);

  /** The officer's draft named in the path, or a 404 already sent. */
  async function draftOf(
    ctx: { request: FastifyRequest; reply: FastifyReply; principal: Principal },
    draftId: string,
  ) {
    const draft = await findDraft(db, clock, officerOf(ctx.principal), draftId);
    if (!draft) void notFound(ctx.request, ctx.reply);
    return draft;
  }

  /** The section named in the path, if this officer has it (the hub question needs several hubs). */
  function sectionOf(slug: string, hubCount: number): SectionId | null {
    const section = sectionOfSlug(slug);
    if (!section || (section === 'hub' && hubCount < 2)) return null;
    return section;
  }

  return [
    route({
      method: 'GET',
      url: '/guidance',
      permission: 'request.create',
      handler: ({ reply }) => reply.page(view('guidance'), {}),
    }),
    route({
      method: 'GET',
      url: '/requests',
      permission: 'request.follow',
      query: listQuery,
      handler: async ({ reply, principal, query }) => {
        const officer = officerOf(principal);
        const asked = Number(query.page ?? '1');
        const page = Number.isInteger(asked) && asked >= 1 && asked <= 10_000 ? asked : 1;
        const { items, total } = await listRequests(db, officer, page);
        const drafts = await listDrafts(db, clock, officer);
        return reply.page(
          view('my-requests'),
          myRequestsPage({ items, total, page, pageSize: REQUESTS_PAGE_SIZE, drafts }),
        );
      },
    }),
    route({
      method: 'GET',
      url: '/requests/new',
      permission: 'request.create',
      handler: ({ reply }) =>
        reply.page(view('start'), {
          title: 'Request VSS support',
          action: urls.start(),
          backHref: urls.myRequests(),
          guidanceHref: urls.guidance(),
        }),
    }),
    route({
      method: 'POST',
      url: '/requests/new',
      permission: 'request.create',
      body: formBody,
      handler: async ({ reply, principal }) => {
        const draftId = await createDraft(db, clock, officerOf(principal));
        return reply.redirect(urls.draft(draftId), 303);
      },
    }),
    route({
      method: 'GET',
      url: '/requests/drafts/:draftId',
      permission: 'request.create',
      params: draftParams,
      handler: async (ctx) => {
        const draft = await draftOf(ctx, ctx.params.draftId);
        if (!draft) return ctx.reply;
        return ctx.reply.page(
          view('task-list'),
          taskListPage({ draft, hubCount: officerOf(ctx.principal).hubIds.length }),
        );
      },
    }),
    route({
      method: 'GET',
      url: '/requests/drafts/:draftId/possible-match',
      permission: 'request.create',
      params: draftParams,
      handler: async (ctx) => {
        const { request, reply, principal } = ctx;
        const draft = await draftOf(ctx, ctx.params.draftId);
        if (!draft) return reply;
        if (!draft.answers.person) return reply.redirect(urls.draft(draft.id), 303);
        const found = await matchesForOfficer(
          { db, clock },
          { officer: officerOf(principal), person: draft.answers.person, requestId: request.id },
        );
        if (found.kind === 'none') return reply.redirect(urls.draft(draft.id), 303);
        const match = draft.answers.match;
        const chosen = match ? (match.linkCaseId ?? NOT_LINKED) : undefined;
        return reply.page(
          view('possible-match'),
          possibleMatchPage({ draftId: draft.id, view: found, chosen, errors: {} }),
        );
      },
    }),
    route({
      method: 'POST',
      url: '/requests/drafts/:draftId/possible-match',
      permission: 'request.create',
      params: draftParams,
      body: formBody,
      handler: async (ctx) => {
        const { request, reply, principal, body } = ctx;
        const draft = await draftOf(ctx, ctx.params.draftId);
        if (!draft) return reply;
        if (!draft.answers.person) return reply.redirect(urls.draft(draft.id), 303);
        const officer = officerOf(principal);
        const { linkCaseId } = formInput(body, ['linkCaseId']);
        const found = await matchesForOfficer(
          { db, clock },
          { officer, person: draft.answers.person, requestId: request.id },
        );
        const earlier = found.kind === 'possible' ? found.earlierRequests : [];
        const linked = earlier.find((e) => e.caseId === linkCaseId);
        if (linkCaseId !== NOT_LINKED && !linked) {
          if (found.kind === 'none') return reply.redirect(urls.draft(draft.id), 303);
          const errors = {
            linkCaseId: 'Select whether this is the same person as in your earlier request',
          };
          return reply.page(
            view('possible-match'),
            possibleMatchPage({ draftId: draft.id, view: found, chosen: undefined, errors }),
            400,
          );
        }
        await saveMatchAnswer(
          { db, clock },
          { officer, draftId: draft.id, linkCaseId: linked ? linked.caseId : null },
        );
        return reply.redirect(urls.draft(draft.id), 303);
      },
    }),
    route({
      method: 'GET',
      url: '/requests/drafts/:draftId/check-answers',
      permission: 'request.create',
      params: draftParams,
      handler: async (ctx) => {
        const { reply, principal } = ctx;
        const draft = await draftOf(ctx, ctx.params.draftId);
        if (!draft) return reply;
        const officer = officerOf(principal);
        const {
          choices: hubs,
          routing,
          problem,
        } = await officerRouting(db, officer, draft.hubId ?? draft.answers.hub?.hubId ?? null);
        const linkId = draft.answers.match?.linkCaseId;
        const linked = linkId
          ? await db
              .selectFrom('cases')
              .select('reference')
              .where('id', '=', linkId)
              .where('requested_by', '=', officer.userId)
              .executeTakeFirst()
          : undefined;
        const model = checkAnswersPage({
          draft,
          hubCount: hubs.length,
          hubName: routing.ok ? (hubs.find((h) => h.code === routing.hubId)?.label ?? '') : '',
          problem,
          linkedReference: linked?.reference ?? null,
          concernTypes,
        });
        if (!model) return reply.redirect(urls.draft(draft.id), 303);
        return reply.page(view('check-answers'), model);
      },
    }),
    route({
      method: 'POST',
      url: '/requests/drafts/:draftId/submit',
      permission: 'request.create',
      params: draftParams,
      body: formBody,
      handler: async ({ request, reply, principal, params, body }) => {
        const { draftId } = params;
        const { idempotencyKey } = formInput(body, ['idempotencyKey']);
        if (!idempotencyKey) return notFound(request, reply);
        const result = await submitRequest(db, clock, officerOf(principal), {
          draftId,
          idempotencyKey,
          requestId: request.id,
        });
        switch (result.outcome) {
          case 'created':
          case 'already_submitted':
            return reply.redirect(urls.sent(result.caseId), 303);
          case 'incomplete':
            return reply.redirect(urls.draft(draftId), 303);
          case 'unroutable':
            // Check your answers says why: no active hub takes this officer's request.
            return reply.redirect(urls.checkAnswers(draftId), 303);
          case 'not_found':
            return notFound(request, reply);
        }
      },
    }),
    route({
      method: 'GET',
      url: '/requests/drafts/:draftId/:section',
      permission: 'request.create',
      params: sectionParams,
      handler: async (ctx) => {
        const { request, reply, principal, params } = ctx;
        const draft = await draftOf(ctx, params.draftId);
        if (!draft) return reply;
        const hubs = await hubsOf(db, officerOf(principal));
        const section = sectionOf(params.section, hubs.length);
        if (!section) return notFound(request, reply);
        const input = sectionInput(section, draft.answers);
        return reply.page(
          view(`section-${section}`),
          sectionPage({ draftId: draft.id, section, input, errors: {}, concernTypes, hubs }),
        );
      },
    }),
    route({
      method: 'POST',
      url: '/requests/drafts/:draftId/:section',
      permission: 'request.create',
      params: sectionParams,
      body: formBody,
      handler: async (ctx) => {
        const { request, reply, principal, params, body } = ctx;
        const draft = await draftOf(ctx, params.draftId);
        if (!draft) return reply;
        const officer = officerOf(principal);
        const hubs = await hubsOf(db, officer);
        const section = sectionOf(params.section, hubs.length);
        if (!section) return notFound(request, reply);
        const input = formInput(body, SECTION_FIELDS[section]);
        const parsed = parseSection(section, input, { today: today(), concernTypes, hubs });
        if (!parsed.ok) {
          return reply.page(
            view(`section-${section}`),
            sectionPage({
              draftId: draft.id,
              section,
              input,
              errors: parsed.errors,
              concernTypes,
              hubs,
            }),
            400,
          );
        }
        await saveSection(
          { db, clock },
          { officer, draftId: draft.id, section, value: parsed.value! },
        );
        if (section === 'person' && 'givenName' in parsed.value!) {
          const found = await matchesForOfficer(
            { db, clock },
            { officer, person: parsed.value, requestId: request.id },
          );
          if (found.kind === 'possible') return reply.redirect(urls.possibleMatch(draft.id), 303);
        }
        return reply.redirect(urls.draft(draft.id), 303);
      },
    }),
    // The confirmation shows only the reference: not found (without a denial) for another's.
    route({
      method: 'GET',
      url: '/requests/:caseId/sent',
      permission: 'request.create',
      params: caseParams,
      handler: async ({ request, reply, principal, params }) => {
        const sent = await sentRequest(db, officerOf(principal), params.caseId);
        if (!sent) return notFound(request, reply);
        return reply.page(view('confirmation'), confirmationPage(sent, params.caseId));
      },
    }),
    // The officer's own request: the access core opens it for `followRequest` (another
    // officer's: not found, with a denial in the audit log).
    caseRoute({
      method: 'GET',
      url: '/requests/:caseId',
      permission: 'request.follow',
      needs: 'followRequest',
      params: caseParams,
      query: noticeQuery,
      handler: async ({ request, reply, principal, query, case: opened }) => {
        const { header } = opened;
        const record = await readRequest(
          { db, clock },
          { officer: officerOf(principal), caseId: header.id, requestId: request.id },
        );
        if (!record) return notFound(request, reply);
        const shared = sharedPartView(record.caseId, record.status, record.shared);
        return reply.page(view('request'), {
          ...requestPage(record, { concernTypes, shared }),
          subNavigation: officerNavigation(opened, 'summary'),
          savedNotice: savedNotice(REQUEST_NOTICES, query.done),
          // What the officer may see of the case, printed (src/features/printing).
          summaryHref: `/requests/${header.id}/summary.pdf`,
        });
      },
    }),
  ];
}
