import { rectificationMarks, viewerOf } from '../../rectification/marks.ts';
import { summaryRow } from '../../../web/conflict.ts';
import { sendProblem } from '../../../web/errors.ts';
import { submitForm, type FormState } from '../../../web/form-page.ts';
import { caseRoute, type RouteDeclaration } from '../../../web/routes.ts';
import { readStartForm, type FormValues } from '../form.ts';
import { formulationUrls, overviewPage, versionPage, versionsPage } from '../presenter.ts';
import { readFormulation, startFormulation, startReview } from '../service.ts';
import type { InstrumentTemplate } from '../templates.ts';
import {
  answerAction,
  caseParams,
  changesOf,
  formBody,
  formulationConflict,
  numberField,
  refusedPage,
  versionParams,
  view,
  type CaseContext,
  type FormulationRouteDeps,
  type Sent,
} from './shared.ts';

const reading = { permission: 'case.work', needs: 'readHealth' } as const;
const work = { permission: 'case.work', needs: 'workHealth' } as const;

/** The formulation of a case: its overview, starting it, reviewing it, and its versions. */
export function recordRoutes(deps: FormulationRouteDeps): RouteDeclaration[] {
  const { templates } = deps;

  async function showOverview(ctx: CaseContext<unknown>, form: FormState<FormValues>) {
    const opened = ctx.case;
    const read = await readFormulation(deps, ctx.actor, opened, { page: 'overview' });
    const template = read?.shown ? templates.byId(read.shown.templateId) : undefined;
    return ctx.reply.page(
      view('overview'),
      overviewPage({
        header: opened.header,
        shown: read!.shown,
        content: read!.content,
        template,
        templates: templates.list,
        changes: changesOf(read!, template),
        blocked: read!.blocked,
        canWrite: opened.can.workHealth,
        canSignOff: opened.can.signOffFormulation,
        values: form.values,
        errors: form.errors,
      }),
      form.errors ? 400 : 200,
    );
  }

  return [
    caseRoute({
      method: 'GET',
      url: '/cases/:caseId/formulation',
      ...reading,
      params: caseParams,
      handler: (ctx) => showOverview(ctx, {}),
    }),
    caseRoute({
      method: 'POST',
      url: '/cases/:caseId/formulation',
      ...work,
      params: caseParams,
      body: formBody,
      handler: (ctx) => {
        const caseId = ctx.case.header.id;
        return submitForm<Sent<InstrumentTemplate>, { formulationId: string }, FormValues>({
          request: ctx.request,
          reply: ctx.reply,
          show: (form) => showOverview(ctx, form),
          read: () => readStartForm(ctx.body, templates.list),
          save: (form: Sent<InstrumentTemplate>) =>
            startFormulation(deps, ctx.actor, {
              principal: ctx.principal,
              caseId,
              template: form.data,
            }),
          next: () => formulationUrls.overview(caseId),
          conflict: formulationConflict<Sent<InstrumentTemplate>>(deps, ctx.case, {
            tried: (form: Sent<InstrumentTemplate>) => [summaryRow('Template', form.data.name)],
            retryHref: formulationUrls.overview(caseId),
          }),
          refused: (reason) => refusedPage(ctx, reason),
        });
      },
    }),
    caseRoute({
      method: 'POST',
      url: '/cases/:caseId/formulation/review',
      ...work,
      params: caseParams,
      body: formBody,
      handler: async (ctx) => {
        const caseId = ctx.case.header.id;
        const change = await startReview(deps, ctx.actor, {
          principal: ctx.principal,
          caseId,
          latestVersionNumber: numberField(ctx.body.latestVersionNumber),
        });
        return answerAction(deps, ctx, change, {
          action: summaryRow('Change', 'Start a review of the formulation'),
          retryHref: formulationUrls.overview(caseId),
          next: formulationUrls.overview(caseId),
        });
      },
    }),
    caseRoute({
      method: 'GET',
      url: '/cases/:caseId/formulation/versions',
      ...reading,
      params: caseParams,
      handler: async (ctx) => {
        const found = await readFormulation(deps, ctx.actor, ctx.case, { page: 'versions' });
        return ctx.reply.page(
          view('versions'),
          versionsPage({ header: ctx.case.header, versions: found!.versions }),
        );
      },
    }),
    caseRoute({
      method: 'GET',
      url: '/cases/:caseId/formulation/versions/:versionNumber',
      ...reading,
      params: versionParams,
      handler: async (ctx) => {
        const found = await readFormulation(deps, ctx.actor, ctx.case, {
          page: 'version',
          versionNumber: ctx.params.versionNumber,
        });
        if (!found?.shown || !found.content) return sendProblem(ctx.request, ctx.reply, 404);
        const template = templates.byId(found.shown.templateId);
        const marks = await rectificationMarks(deps.db, {
          kind: 'formulation',
          caseId: ctx.case.header.id,
          viewer: viewerOf(ctx.principal.userId, ctx.case),
          ids: [found.shown.id],
        });
        return ctx.reply.page(view('version'), {
          ...versionPage({
            header: ctx.case.header,
            shown: found.shown,
            template,
            content: found.content,
            changes: changesOf(found, template),
          }),
          rectification: marks.get(found.shown.id) ?? null,
        });
      },
    }),
  ];
}
