import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { STATE_LABELS } from '../../domain/case-state.ts';
import type { Clock } from '../../domain/clock.ts';
import { londonDate } from '../../domain/london-day.ts';
import { sendProblem } from '../../web/errors.ts';
import type { FormErrors } from '../../web/forms.ts';
import type { LegacyRouteDeclaration } from '../../web/routes.ts';
import { actorFor } from '../auth/actor.ts';
import type { HomeLink } from '../auth/presenter.ts';
import { type OpenedCase } from '../../access/case-context.ts';
import { caseIdOf, openHealthCase } from '../../access/legacy.ts';
import { isUuid } from '../../web/ids.ts';
import { sendConflict, summaryRow, type SummaryRow } from '../../web/conflict.ts';
import { pageOf } from '../cases/pagination.ts';
import { formatDate } from '../../web/format.ts';
import { DUE_PAGE_SIZE, dueAndOverdue, type DueScope } from './due.ts';
import {
  readActionForm,
  readNeedForm,
  readReviewForm,
  readStartForm,
  readUpdateForm,
} from './form.ts';
import {
  actionPage,
  categoryLabel,
  duePage,
  needPage,
  planPage,
  planUrls,
  reviewPage,
  serviceLabel,
  startPage,
  statusLabel,
  updatePage,
  versionPage,
} from './presenter.ts';
import {
  actionOfCurrentPlan,
  personNameOf,
  readPlan,
  readPlanForForm,
  readPlanVersion,
} from './read.ts';
import {
  addAction,
  addNeed,
  reviewPlan,
  startPlan,
  updateAction,
  type PlanChange,
} from './service.ts';

const access = { permission: 'case.work' } as const;
const view = (name: string) => `features/plans/views/${name}.njk`;

export const planHomeLinks: HomeLink[] = [
  {
    permission: 'case.work',
    text: 'Due and overdue',
    href: '/plans/due',
    description: 'Intervention plan actions and reviews that are overdue or due soon.',
  },
];

function param(request: FastifyRequest, name: string): string {
  const value = (request.params as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}

interface FormState {
  values?: Record<string, string>;
  errors?: FormErrors;
}

/** Intervention plans (PRODUCT.md step 6) and the "Due and overdue" list. Health compartment. */
export function planRoutes({
  db,
  clock,
}: {
  db: Kysely<DB>;
  clock: Clock;
}): LegacyRouteDeclaration[] {
  const today = () => londonDate(clock.now());

  /**
   * The case, if the viewer may see its health compartment (404 and an audit row outside their
   * hubs; the reason page for a clinician not allocated). Changing the plan needs more: the
   * allocated clinicians or the hub lead (a recorded reason lets a clinician read, not work).
   */
  async function openPlanCase(
    request: FastifyRequest,
    reply: FastifyReply,
    mode: 'read' | 'change',
  ): Promise<OpenedCase | null> {
    const opened = await openHealthCase(db, clock, request, reply, caseIdOf(request));
    if (!opened) return null;
    if (mode === 'change' && !mayChange(opened)) {
      await sendProblem(request, reply, 403);
      return null;
    }
    return opened;
  }

  const mayChange = (opened: OpenedCase) => opened.relation.allocatedClinician || opened.hubLead;

  /** The page for a change that did not happen. */
  function unchanged(
    request: FastifyRequest,
    reply: FastifyReply,
    opened: OpenedCase,
    change: Exclude<PlanChange<unknown>, { outcome: 'saved' }>,
    tried: SummaryRow[],
    retryHref: string,
  ) {
    if (change.outcome === 'not_found') return sendProblem(request, reply, 404);
    return sendConflict(reply, {
      caseId: opened.header.id,
      reference: opened.header.reference,
      refusal: change.refusal,
      now: [summaryRow('Status', STATE_LABELS[change.status].text)],
      tried,
      retryHref: change.refusal ? null : retryHref,
    });
  }

  /** Reads what a form page needs, with its audit row. */
  async function formContext(request: FastifyRequest, opened: OpenedCase, page: string) {
    const { plan, work } = await readPlanForForm(db, clock, actorFor(request), opened.header, page);
    const personName = await personNameOf(db, opened.header.personId);
    return { plan, work, personName };
  }

  async function showStart(
    request: FastifyRequest,
    reply: FastifyReply,
    opened: OpenedCase,
    form: FormState = {},
  ) {
    const { plan, work, personName } = await formContext(request, opened, 'plan_start');
    if (plan) return reply.redirect(planUrls.plan(opened.header.id));
    return reply.page(
      view('start'),
      startPage({ header: opened.header, personName, work, form }),
      form.errors ? 400 : 200,
    );
  }

  async function showNeed(
    request: FastifyRequest,
    reply: FastifyReply,
    opened: OpenedCase,
    form: FormState = {},
  ) {
    const { plan, work, personName } = await formContext(request, opened, 'plan_need');
    if (!plan) return reply.redirect(planUrls.plan(opened.header.id));
    return reply.page(
      view('need'),
      needPage({ header: opened.header, personName, work, form }),
      form.errors ? 400 : 200,
    );
  }

  async function showAction(
    request: FastifyRequest,
    reply: FastifyReply,
    opened: OpenedCase,
    form: FormState = {},
  ) {
    const { plan, work, personName } = await formContext(request, opened, 'plan_action');
    const needId = param(request, 'needId');
    const index = plan?.needs.findIndex((n) => n.id === needId) ?? -1;
    const need = plan?.needs[index];
    if (!need) return sendProblem(request, reply, 404);
    return reply.page(
      view('action'),
      actionPage({
        header: opened.header,
        personName,
        work,
        need: {
          id: need.id,
          heading: `Need ${index + 1}: ${categoryLabel(need.category)}`,
          description: need.description,
        },
        form,
      }),
      form.errors ? 400 : 200,
    );
  }

  async function showUpdate(
    request: FastifyRequest,
    reply: FastifyReply,
    opened: OpenedCase,
    form: FormState = {},
  ) {
    const actionId = param(request, 'actionId');
    if (!isUuid(actionId)) return sendProblem(request, reply, 404);
    const { work, personName } = await formContext(request, opened, 'plan_action_update');
    const found = await actionOfCurrentPlan(db, opened.header.id, actionId);
    if (!found) return sendProblem(request, reply, 404);
    const index = found.plan.needs.indexOf(found.need);
    return reply.page(
      view('update'),
      updatePage({
        header: opened.header,
        personName,
        work,
        action: found.action,
        needHeading: `Need ${index + 1}: ${categoryLabel(found.need.category)}`,
        form,
        today: today(),
      }),
      form.errors ? 400 : 200,
    );
  }

  async function showReview(
    request: FastifyRequest,
    reply: FastifyReply,
    opened: OpenedCase,
    form: FormState = {},
  ) {
    const { plan, work, personName } = await formContext(request, opened, 'plan_review');
    if (!plan) return reply.redirect(planUrls.plan(opened.header.id));
    return reply.page(
      view('review'),
      reviewPage({ header: opened.header, personName, work, plan, form, today: today() }),
      form.errors ? 400 : 200,
    );
  }

  return [
    {
      method: 'GET',
      url: '/cases/:caseId/plan',
      access,
      handler: async (request, reply) => {
        const opened = await openPlanCase(request, reply, 'read');
        if (!opened) return reply;
        const read = await readPlan(db, clock, actorFor(request), opened.header);
        const personName = await personNameOf(db, opened.header.personId);
        return reply.page(
          view('plan'),
          planPage({
            header: opened.header,
            personName,
            ...read,
            mayChange: mayChange(opened),
            today: today(),
          }),
        );
      },
    },
    {
      method: 'GET',
      url: '/cases/:caseId/plan/versions/:versionNumber',
      access,
      handler: async (request, reply) => {
        const opened = await openPlanCase(request, reply, 'read');
        if (!opened) return reply;
        const raw = param(request, 'versionNumber');
        if (!/^\d{1,6}$/.test(raw)) return sendProblem(request, reply, 404);
        const read = await readPlanVersion(
          db,
          clock,
          actorFor(request),
          opened.header,
          Number(raw),
        );
        if (!read) return sendProblem(request, reply, 404);
        const personName = await personNameOf(db, opened.header.personId);
        return reply.page(
          view('version'),
          versionPage({ header: opened.header, personName, ...read, today: today() }),
        );
      },
    },
    {
      method: 'GET',
      url: '/cases/:caseId/plan/new',
      access,
      handler: async (request, reply) => {
        const opened = await openPlanCase(request, reply, 'change');
        return opened ? showStart(request, reply, opened) : reply;
      },
    },
    {
      method: 'POST',
      url: '/cases/:caseId/plan',
      access,
      handler: async (request, reply) => {
        const opened = await openPlanCase(request, reply, 'change');
        if (!opened) return reply;
        const form = readStartForm(request.body, today());
        if (!form.ok) return showStart(request, reply, opened, form);
        const change = await startPlan(db, clock, actorFor(request), {
          header: opened.header,
          version: form.version,
          userId: request.principal!.userId,
          reviewDate: form.data.reviewDate,
        });
        if (change.outcome !== 'saved') {
          return unchanged(
            request,
            reply,
            opened,
            change,
            [summaryRow('Review by', formatDate(form.data.reviewDate))],
            planUrls.start(opened.header.id),
          );
        }
        return reply.redirect(planUrls.plan(opened.header.id), 303);
      },
    },
    {
      method: 'GET',
      url: '/cases/:caseId/plan/needs/new',
      access,
      handler: async (request, reply) => {
        const opened = await openPlanCase(request, reply, 'change');
        return opened ? showNeed(request, reply, opened) : reply;
      },
    },
    {
      method: 'POST',
      url: '/cases/:caseId/plan/needs',
      access,
      handler: async (request, reply) => {
        const opened = await openPlanCase(request, reply, 'change');
        if (!opened) return reply;
        const form = readNeedForm(request.body);
        if (!form.ok) return showNeed(request, reply, opened, form);
        const change = await addNeed(db, clock, actorFor(request), {
          header: opened.header,
          version: form.version,
          need: form.data,
        });
        if (change.outcome !== 'saved') {
          return unchanged(
            request,
            reply,
            opened,
            change,
            [
              summaryRow('Need', categoryLabel(form.data.category)),
              summaryRow('Description', form.data.description),
            ],
            planUrls.newNeed(opened.header.id),
          );
        }
        return reply.redirect(planUrls.plan(opened.header.id), 303);
      },
    },
    {
      method: 'GET',
      url: '/cases/:caseId/plan/needs/:needId/actions/new',
      access,
      handler: async (request, reply) => {
        const opened = await openPlanCase(request, reply, 'change');
        return opened ? showAction(request, reply, opened) : reply;
      },
    },
    {
      method: 'POST',
      url: '/cases/:caseId/plan/needs/:needId/actions',
      access,
      handler: async (request, reply) => {
        const opened = await openPlanCase(request, reply, 'change');
        if (!opened) return reply;
        const needId = param(request, 'needId');
        if (!isUuid(needId)) return sendProblem(request, reply, 404);
        const form = readActionForm(request.body, today());
        if (!form.ok) return showAction(request, reply, opened, form);
        const change = await addAction(db, clock, actorFor(request), {
          header: opened.header,
          version: form.version,
          needId,
          action: form.data,
        });
        if (change.outcome !== 'saved') {
          const a = form.data;
          return unchanged(
            request,
            reply,
            opened,
            change,
            [
              summaryRow('Action', a.description),
              summaryRow('Service', serviceLabel(a.serviceType)),
              summaryRow('Agency responsible', a.agency),
              summaryRow('Owner', a.owner),
              summaryRow('Due', formatDate(a.dueDate)),
            ],
            planUrls.newAction(opened.header.id, needId),
          );
        }
        return reply.redirect(planUrls.plan(opened.header.id), 303);
      },
    },
    {
      method: 'GET',
      url: '/cases/:caseId/plan/actions/:actionId',
      access,
      handler: async (request, reply) => {
        const opened = await openPlanCase(request, reply, 'change');
        return opened ? showUpdate(request, reply, opened) : reply;
      },
    },
    {
      method: 'POST',
      url: '/cases/:caseId/plan/actions/:actionId',
      access,
      handler: async (request, reply) => {
        const opened = await openPlanCase(request, reply, 'change');
        if (!opened) return reply;
        const actionId = param(request, 'actionId');
        if (!isUuid(actionId)) return sendProblem(request, reply, 404);
        const form = readUpdateForm(request.body, today());
        if (!form.ok) return showUpdate(request, reply, opened, form);
        const change = await updateAction(db, clock, actorFor(request), {
          header: opened.header,
          version: form.version,
          userId: request.principal!.userId,
          actionId,
          update: form.data,
        });
        if (change.outcome !== 'saved') {
          return unchanged(
            request,
            reply,
            opened,
            change,
            [
              summaryRow('Status', statusLabel(form.data.status)),
              summaryRow('Why not achieved', form.data.notAchievedReason),
              summaryRow('Due', formatDate(form.data.dueDate)),
            ],
            planUrls.action(opened.header.id, actionId),
          );
        }
        return reply.redirect(planUrls.plan(opened.header.id), 303);
      },
    },
    {
      method: 'GET',
      url: '/cases/:caseId/plan/review',
      access,
      handler: async (request, reply) => {
        const opened = await openPlanCase(request, reply, 'change');
        return opened ? showReview(request, reply, opened) : reply;
      },
    },
    {
      method: 'POST',
      url: '/cases/:caseId/plan/review',
      access,
      handler: async (request, reply) => {
        const opened = await openPlanCase(request, reply, 'change');
        if (!opened) return reply;
        const form = readReviewForm(request.body, today());
        if (!form.ok) return showReview(request, reply, opened, form);
        const change = await reviewPlan(db, clock, actorFor(request), {
          header: opened.header,
          version: form.version,
          userId: request.principal!.userId,
          review: form.data,
        });
        if (change.outcome !== 'saved') {
          return unchanged(
            request,
            reply,
            opened,
            change,
            [
              summaryRow('What progressed', form.data.progress),
              summaryRow('What changed', form.data.changes),
              summaryRow('Next review', formatDate(form.data.nextReviewDate)),
            ],
            planUrls.review(opened.header.id),
          );
        }
        return reply.redirect(planUrls.plan(opened.header.id), 303);
      },
    },
    {
      method: 'GET',
      url: '/plans/due',
      access,
      handler: async (request, reply) => {
        const principal = request.principal!;
        const hubLead = principal.roles.includes('hub_lead');
        const asked = (request.query as { scope?: unknown } | undefined)?.scope;
        // The whole hub is the hub lead's view; a clinician sees their own cases.
        const scope: DueScope = hubLead && asked !== 'mine' ? 'hub' : 'mine';
        const page = pageOf(request.query);
        const now = today();
        const { items, total } = await dueAndOverdue(db, clock, actorFor(request), principal, {
          scope,
          page,
          today: now,
        });
        return reply.page(
          view('due'),
          duePage({ scope, hubLead, items, total, page, pageSize: DUE_PAGE_SIZE, today: now }),
        );
      },
    },
  ];
}
