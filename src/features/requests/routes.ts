import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import type { HomeLink } from '../auth/presenter.ts';
import { sendProblem } from '../../web/errors.ts';
import type { LegacyRouteDeclaration } from '../../web/routes.ts';
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
import { sectionOfSlug, urls } from './urls.ts';

const view = (name: string) => `features/requests/views/${name}.njk`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
export function requestRoutes({
  db,
  clock,
  concernTypes,
}: RequestRouteDeps): LegacyRouteDeclaration[] {
  // The guard has run: these routes need request.create / request.follow, held only by officers.
  const officerOf = (request: FastifyRequest): Officer => ({
    userId: request.principal!.userId,
    hubIds: request.principal!.hubIds,
  });
  const param = (request: FastifyRequest, name: string): string | null => {
    const value = (request.params as Record<string, string | undefined>)[name];
    return value && UUID.test(value) ? value : null;
  };
  const today = () => clock.now().toISOString().slice(0, 10);
  const notFound = (request: FastifyRequest, reply: FastifyReply) =>
    sendProblem(request, reply, 404);

  /** The officer's draft named in the path, or a 404 already sent. */
  async function draftOf(request: FastifyRequest, reply: FastifyReply) {
    const draftId = param(request, 'draftId');
    const draft = draftId ? await findDraft(db, clock, officerOf(request), draftId) : null;
    if (!draft) void notFound(request, reply);
    return draft;
  }

  /** The section named in the path, if this officer has it (the hub question needs several hubs). */
  function sectionOf(request: FastifyRequest, hubCount: number): SectionId | null {
    const section = sectionOfSlug((request.params as { section: string }).section);
    if (!section || (section === 'hub' && hubCount < 2)) return null;
    return section;
  }

  return [
    {
      method: 'GET',
      url: '/guidance',
      access: { permission: 'request.create' },
      handler: (_request, reply) => reply.page(view('guidance'), {}),
    },
    {
      method: 'GET',
      url: '/requests',
      access: { permission: 'request.follow' },
      handler: async (request, reply) => {
        const officer = officerOf(request);
        const asked = Number((request.query as { page?: string }).page ?? '1');
        const page = Number.isInteger(asked) && asked >= 1 && asked <= 10_000 ? asked : 1;
        const { items, total } = await listRequests(db, officer, page);
        const drafts = await listDrafts(db, clock, officer);
        return reply.page(
          view('my-requests'),
          myRequestsPage({ items, total, page, pageSize: REQUESTS_PAGE_SIZE, drafts }),
        );
      },
    },
    {
      method: 'GET',
      url: '/requests/new',
      access: { permission: 'request.create' },
      handler: (_request, reply) =>
        reply.page(view('start'), {
          title: 'Request VSS support',
          action: urls.start(),
          backHref: urls.myRequests(),
          guidanceHref: urls.guidance(),
        }),
    },
    {
      method: 'POST',
      url: '/requests/new',
      access: { permission: 'request.create' },
      handler: async (request, reply) => {
        const draftId = await createDraft(db, clock, officerOf(request));
        return reply.redirect(urls.draft(draftId), 303);
      },
    },
    {
      method: 'GET',
      url: '/requests/drafts/:draftId',
      access: { permission: 'request.create' },
      handler: async (request, reply) => {
        const draft = await draftOf(request, reply);
        if (!draft) return reply;
        return reply.page(
          view('task-list'),
          taskListPage({ draft, hubCount: officerOf(request).hubIds.length }),
        );
      },
    },
    {
      method: 'GET',
      url: '/requests/drafts/:draftId/possible-match',
      access: { permission: 'request.create' },
      handler: async (request, reply) => {
        const draft = await draftOf(request, reply);
        if (!draft) return reply;
        if (!draft.answers.person) return reply.redirect(urls.draft(draft.id), 303);
        const found = await matchesForOfficer(
          db,
          clock,
          officerOf(request),
          draft.answers.person,
          request.id,
        );
        if (found.kind === 'none') return reply.redirect(urls.draft(draft.id), 303);
        const match = draft.answers.match;
        const chosen = match ? (match.linkCaseId ?? NOT_LINKED) : undefined;
        return reply.page(
          view('possible-match'),
          possibleMatchPage({ draftId: draft.id, view: found, chosen, errors: {} }),
        );
      },
    },
    {
      method: 'POST',
      url: '/requests/drafts/:draftId/possible-match',
      access: { permission: 'request.create' },
      handler: async (request, reply) => {
        const draft = await draftOf(request, reply);
        if (!draft) return reply;
        if (!draft.answers.person) return reply.redirect(urls.draft(draft.id), 303);
        const officer = officerOf(request);
        const { linkCaseId } = formInput(request.body, ['linkCaseId']);
        const found = await matchesForOfficer(db, clock, officer, draft.answers.person, request.id);
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
        await saveMatchAnswer(db, clock, officer, draft.id, linked ? linked.caseId : null);
        return reply.redirect(urls.draft(draft.id), 303);
      },
    },
    {
      method: 'GET',
      url: '/requests/drafts/:draftId/check-answers',
      access: { permission: 'request.create' },
      handler: async (request, reply) => {
        const draft = await draftOf(request, reply);
        if (!draft) return reply;
        const officer = officerOf(request);
        const hubs = await hubsOf(db, officer);
        const hubId = draft.hubId ?? draft.answers.hub?.hubId;
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
          hubName: hubs.find((h) => h.code === hubId)?.label ?? '',
          linkedReference: linked?.reference ?? null,
          concernTypes,
        });
        if (!model) return reply.redirect(urls.draft(draft.id), 303);
        return reply.page(view('check-answers'), model);
      },
    },
    {
      method: 'POST',
      url: '/requests/drafts/:draftId/submit',
      access: { permission: 'request.create' },
      handler: async (request, reply) => {
        const draftId = param(request, 'draftId');
        const { idempotencyKey } = formInput(request.body, ['idempotencyKey']);
        if (!draftId || !idempotencyKey) return notFound(request, reply);
        const result = await submitRequest(db, clock, officerOf(request), {
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
          case 'not_found':
            return notFound(request, reply);
        }
      },
    },
    {
      method: 'GET',
      url: '/requests/drafts/:draftId/:section',
      access: { permission: 'request.create' },
      handler: async (request, reply) => {
        const draft = await draftOf(request, reply);
        if (!draft) return reply;
        const hubs = await hubsOf(db, officerOf(request));
        const section = sectionOf(request, hubs.length);
        if (!section) return notFound(request, reply);
        const input = sectionInput(section, draft.answers);
        return reply.page(
          view(`section-${section}`),
          sectionPage({ draftId: draft.id, section, input, errors: {}, concernTypes, hubs }),
        );
      },
    },
    {
      method: 'POST',
      url: '/requests/drafts/:draftId/:section',
      access: { permission: 'request.create' },
      handler: async (request, reply) => {
        const draft = await draftOf(request, reply);
        if (!draft) return reply;
        const officer = officerOf(request);
        const hubs = await hubsOf(db, officer);
        const section = sectionOf(request, hubs.length);
        if (!section) return notFound(request, reply);
        const input = formInput(request.body, SECTION_FIELDS[section]);
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
        await saveSection(db, clock, officer, draft.id, section, parsed.value!);
        if (section === 'person' && 'givenName' in parsed.value!) {
          const found = await matchesForOfficer(db, clock, officer, parsed.value, request.id);
          if (found.kind === 'possible') return reply.redirect(urls.possibleMatch(draft.id), 303);
        }
        return reply.redirect(urls.draft(draft.id), 303);
      },
    },
    {
      method: 'GET',
      url: '/requests/:caseId/sent',
      access: { permission: 'request.create' },
      handler: async (request, reply) => {
        const caseId = param(request, 'caseId');
        const sent = caseId ? await sentRequest(db, officerOf(request), caseId) : null;
        if (!caseId || !sent) return notFound(request, reply);
        return reply.page(view('confirmation'), confirmationPage(sent, caseId));
      },
    },
    {
      method: 'GET',
      url: '/requests/:caseId',
      access: { permission: 'request.follow' },
      handler: async (request, reply) => {
        const caseId = param(request, 'caseId');
        if (!caseId) return notFound(request, reply);
        const record = await readRequest(db, clock, officerOf(request), caseId, request.id);
        if (!record) return notFound(request, reply);
        const shared = sharedPartView(record.caseId, record.status, record.shared);
        return reply.page(view('request'), requestPage(record, { concernTypes, shared }));
      },
    },
  ];
}
