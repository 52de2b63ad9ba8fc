import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { STATE_LABELS } from '../../domain/case-state.ts';
import type { Clock } from '../../domain/clock.ts';
import { ukToday } from '../../domain/dates.ts';
import type { OpenedCase } from '../../access/case-context.ts';
import { summaryRow, type SummaryRow } from '../../web/conflict.ts';
import { sendProblem } from '../../web/errors.ts';
import { noForm, submitForm, type FormState } from '../../web/form-page.ts';
import { formatDate } from '../../web/format.ts';
import { uuid } from '../../web/ids.ts';
import { caseRoute, type CaseRouteContext, type RouteDeclaration } from '../../web/routes.ts';
import { addAction, updateAction } from './actions.ts';
import {
  readActionForm,
  readNeedForm,
  readReviewForm,
  readStartForm,
  readUpdateForm,
  type PlanForm,
} from './form.ts';
import { categoryLabel, planUrls, serviceLabel, statusLabel } from './presenter.ts';
import { actionPage, needPage, reviewPage, startPage, updatePage } from './presenter-forms.ts';
import { actionOfCurrentPlan, personNameOf, readPlanForForm } from './read.ts';
import { addNeed, reviewPlan, startPlan } from './service.ts';
import type { Change } from '../../domain/result.ts';

const permission = 'case.work' as const;
const view = (name: string) => `features/plans/views/${name}.njk`;
const formBody = z.looseObject({ _csrf: z.string().optional() });
const caseParams = z.object({ caseId: uuid });
const needParams = z.object({ caseId: uuid, needId: uuid });
const actionParams = z.object({ caseId: uuid, actionId: uuid });

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Ctx = CaseRouteContext<any, unknown, unknown>;
type Values = Record<string, string>;
type Saved<D> = { version: number; data: D };

/**
 * The plan's form pages (start, needs, actions, action updates, reviews). Reading needs the
 * health record; changing needs to work it (the allocated clinicians or the hub lead): a
 * clinician with a recorded reason may read the plan but is answered 403 here.
 */
export function planFormRoutes({
  db,
  clock,
}: {
  db: Kysely<DB>;
  clock: Clock;
}): RouteDeclaration[] {
  const today = () => ukToday(clock.now());

  /** Reads what a form page needs, with its audit row. */
  async function formContext(ctx: Ctx, page: string) {
    const { plan, work } = await readPlanForForm(
      { db, clock },
      { actor: ctx.actor, header: ctx.case.header, page },
    );
    const personName = await personNameOf(db, ctx.case.header.personId);
    return { plan, work, personName };
  }

  /** The case's status now, for the conflict page. */
  const statusNow = async (caseId: string): Promise<SummaryRow[]> => {
    const row = await db
      .selectFrom('cases')
      .select('status')
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    return [summaryRow('Status', STATE_LABELS[row.status].text)];
  };

  /** Runs one form page's POST: the shared cycle, the plan's conflict page, back to the plan. */
  function submit<D, T>(
    ctx: Ctx,
    page: {
      show: (form: FormState<Values>, status: 200 | 400) => unknown;
      read: () => PlanForm<D>;
      save: (form: Saved<D>) => Promise<Change<T>>;
      tried: (form: Saved<D>) => SummaryRow[];
      retryHref: string;
    },
  ) {
    const opened = ctx.case;
    return submitForm<Saved<D>, T, Values>({
      request: ctx.request,
      reply: ctx.reply,
      show: page.show,
      read: page.read,
      save: page.save,
      next: () => planUrls.plan(opened.header.id),
      conflict: {
        caseId: opened.header.id,
        reference: opened.header.reference,
        now: () => statusNow(opened.header.id),
        tried: page.tried,
        retryHref: page.retryHref,
      },
    });
  }

  /** A form route: reading the health record, and 403 for one who may not work it. */
  function formRoute<P extends z.ZodType>(spec: {
    method: 'GET' | 'POST';
    url: string;
    params: P;
    handler: (ctx: CaseRouteContext<z.output<P>, unknown, unknown>) => unknown;
  }): RouteDeclaration {
    return caseRoute({
      method: spec.method,
      url: spec.url,
      permission,
      needs: 'readHealth',
      params: spec.params,
      ...(spec.method === 'POST' ? { body: formBody } : {}),
      handler: (ctx) => {
        if (!ctx.case.can.workHealth) return sendProblem(ctx.request, ctx.reply, 403);
        // Out<P> of the registration is z.output<P>: TypeScript cannot see it for a generic P.
        return spec.handler(ctx as CaseRouteContext<z.output<P>, unknown, unknown>);
      },
    });
  }

  const showStart = async (ctx: Ctx, form: FormState<Values>, status: 200 | 400) => {
    const { plan, work, personName } = await formContext(ctx, 'plan_start');
    if (plan) return ctx.reply.redirect(planUrls.plan(ctx.case.header.id));
    return ctx.reply.page(
      view('start'),
      startPage({ ...pageOf(ctx.case), personName, work, form, today: today() }),
      status,
    );
  };

  const showNeed = async (ctx: Ctx, form: FormState<Values>, status: 200 | 400) => {
    const { plan, work, personName } = await formContext(ctx, 'plan_need');
    if (!plan) return ctx.reply.redirect(planUrls.plan(ctx.case.header.id));
    return ctx.reply.page(
      view('need'),
      needPage({ ...pageOf(ctx.case), personName, work, form }),
      status,
    );
  };

  const showAction = async (
    ctx: Ctx,
    needId: string,
    form: FormState<Values>,
    status: 200 | 400,
  ) => {
    const { plan, work, personName } = await formContext(ctx, 'plan_action');
    const index = plan?.needs.findIndex((n) => n.id === needId) ?? -1;
    const need = plan?.needs[index];
    if (!need) return sendProblem(ctx.request, ctx.reply, 404);
    const heading = `Need ${index + 1}: ${categoryLabel(need.category)}`;
    return ctx.reply.page(
      view('action'),
      actionPage({
        ...pageOf(ctx.case),
        personName,
        work,
        need: { id: need.id, heading, description: need.description },
        form,
        today: today(),
      }),
      status,
    );
  };

  const showUpdate = async (
    ctx: Ctx,
    actionId: string,
    form: FormState<Values>,
    status: 200 | 400,
  ) => {
    const { work, personName } = await formContext(ctx, 'plan_action_update');
    const found = await actionOfCurrentPlan(db, ctx.case.header.id, actionId);
    if (!found) return sendProblem(ctx.request, ctx.reply, 404);
    const index = found.plan.needs.indexOf(found.need);
    return ctx.reply.page(
      view('update'),
      updatePage({
        ...pageOf(ctx.case),
        personName,
        work,
        action: found.action,
        needHeading: `Need ${index + 1}: ${categoryLabel(found.need.category)}`,
        form,
        today: today(),
      }),
      status,
    );
  };

  const showReview = async (ctx: Ctx, form: FormState<Values>, status: 200 | 400) => {
    const { plan, work, personName } = await formContext(ctx, 'plan_review');
    if (!plan) return ctx.reply.redirect(planUrls.plan(ctx.case.header.id));
    return ctx.reply.page(
      view('review'),
      reviewPage({ ...pageOf(ctx.case), personName, work, plan, form, today: today() }),
      status,
    );
  };

  const userOf = (ctx: Ctx) => ctx.principal.userId;

  return [
    formRoute({
      method: 'GET',
      url: '/cases/:caseId/plan/new',
      params: caseParams,
      handler: (ctx) => showStart(ctx, noForm, 200),
    }),
    formRoute({
      method: 'POST',
      url: '/cases/:caseId/plan',
      params: caseParams,
      handler: (ctx) =>
        submit(ctx, {
          show: (form, status) => showStart(ctx, form, status),
          read: () => readStartForm(ctx.body, today()),
          save: (form) =>
            startPlan(db, clock, ctx.actor, {
              header: ctx.case.header,
              version: form.version,
              userId: userOf(ctx),
              reviewDate: form.data.reviewDate,
            }),
          tried: (form) => [summaryRow('Review by', formatDate(form.data.reviewDate))],
          retryHref: planUrls.start(ctx.case.header.id),
        }),
    }),
    formRoute({
      method: 'GET',
      url: '/cases/:caseId/plan/needs/new',
      params: caseParams,
      handler: (ctx) => showNeed(ctx, noForm, 200),
    }),
    formRoute({
      method: 'POST',
      url: '/cases/:caseId/plan/needs',
      params: caseParams,
      handler: (ctx) =>
        submit(ctx, {
          show: (form, status) => showNeed(ctx, form, status),
          read: () => readNeedForm(ctx.body),
          save: (form) =>
            addNeed(db, clock, ctx.actor, {
              header: ctx.case.header,
              version: form.version,
              need: form.data,
            }),
          tried: (form) => [
            summaryRow('Need', categoryLabel(form.data.category)),
            summaryRow('Description', form.data.description),
          ],
          retryHref: planUrls.newNeed(ctx.case.header.id),
        }),
    }),
    formRoute({
      method: 'GET',
      url: '/cases/:caseId/plan/needs/:needId/actions/new',
      params: needParams,
      handler: (ctx) => showAction(ctx, ctx.params.needId, noForm, 200),
    }),
    formRoute({
      method: 'POST',
      url: '/cases/:caseId/plan/needs/:needId/actions',
      params: needParams,
      handler: (ctx) =>
        submit(ctx, {
          show: (form, status) => showAction(ctx, ctx.params.needId, form, status),
          read: () => readActionForm(ctx.body, today()),
          save: (form) =>
            addAction(db, clock, ctx.actor, {
              header: ctx.case.header,
              version: form.version,
              needId: ctx.params.needId,
              action: form.data,
            }),
          tried: ({ data: a }) => [
            summaryRow('Action', a.description),
            summaryRow('Service', serviceLabel(a.serviceType)),
            summaryRow('Agency responsible', a.agency),
            summaryRow('Owner', a.owner),
            summaryRow('Due', formatDate(a.dueDate)),
          ],
          retryHref: planUrls.newAction(ctx.case.header.id, ctx.params.needId),
        }),
    }),
    formRoute({
      method: 'GET',
      url: '/cases/:caseId/plan/actions/:actionId',
      params: actionParams,
      handler: (ctx) => showUpdate(ctx, ctx.params.actionId, noForm, 200),
    }),
    formRoute({
      method: 'POST',
      url: '/cases/:caseId/plan/actions/:actionId',
      params: actionParams,
      handler: (ctx) =>
        submit(ctx, {
          show: (form, status) => showUpdate(ctx, ctx.params.actionId, form, status),
          read: () => readUpdateForm(ctx.body, today()),
          save: (form) =>
            updateAction(db, clock, ctx.actor, {
              header: ctx.case.header,
              version: form.version,
              userId: userOf(ctx),
              actionId: ctx.params.actionId,
              update: form.data,
            }),
          tried: (form) => [
            summaryRow('Status', statusLabel(form.data.status)),
            summaryRow('Why not achieved', form.data.notAchievedReason),
            summaryRow('Due', formatDate(form.data.dueDate)),
          ],
          retryHref: planUrls.action(ctx.case.header.id, ctx.params.actionId),
        }),
    }),
    formRoute({
      method: 'GET',
      url: '/cases/:caseId/plan/review',
      params: caseParams,
      handler: (ctx) => showReview(ctx, noForm, 200),
    }),
    formRoute({
      method: 'POST',
      url: '/cases/:caseId/plan/review',
      params: caseParams,
      handler: (ctx) =>
        submit(ctx, {
          show: (form, status) => showReview(ctx, form, status),
          read: () => readReviewForm(ctx.body, today()),
          save: (form) =>
            reviewPlan(db, clock, ctx.actor, {
              header: ctx.case.header,
              version: form.version,
              userId: userOf(ctx),
              review: form.data,
            }),
          tried: (form) => [
            summaryRow('What progressed', form.data.progress),
            summaryRow('What changed', form.data.changes),
            summaryRow('Next review', formatDate(form.data.nextReviewDate)),
          ],
          retryHref: planUrls.review(ctx.case.header.id),
        }),
    }),
  ];
}

const pageOf = (opened: OpenedCase) => ({ header: opened.header });
