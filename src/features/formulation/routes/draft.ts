import { FIVE_PS, formulationChanges, submitProblems } from '../../../domain/formulation.ts';
import { summaryRow } from '../../../web/conflict.ts';
import { sendProblem } from '../../../web/errors.ts';
import { caseRoute, type RouteDeclaration } from '../../../web/routes.ts';
import {
  factorFieldIds,
  MAX_SCENARIOS,
  readDomainForm,
  readFivePsForm,
  readReasonForm,
  readScenariosForm,
  readSummaryForm,
  scenarioFieldIds,
} from '../form.ts';
import {
  checkPage,
  domainPage,
  fivePsPage,
  formulationUrls,
  reviewReasonPage,
  scenariosPage,
  summaryPage,
} from '../presenter.ts';
import { submitFormulation } from '../service.ts';
import type { TemplateDomain } from '../templates.ts';
import { saveDraftPage, showDraftPage, type DraftForm, type DraftPage } from './draft-form.ts';
import {
  answerAction,
  caseParams,
  changesOf,
  domainParams,
  draftFor,
  factorOrder,
  formBody,
  numberField,
  view,
  type CaseContext,
  type Draft,
  type FormulationRouteDeps,
} from './shared.ts';

const work = { permission: 'case.work', needs: 'workHealth' } as const;

const domainLabels = (domain: TemplateDomain) =>
  Object.fromEntries(
    domain.factors.flatMap((f) => {
      const ids = factorFieldIds(f.code);
      return [
        [ids.presence, `${f.label}: presence`],
        [ids.relevance, `${f.label}: relevance`],
        [ids.evidence, `${f.label}: evidence`],
      ];
    }),
  );

const scenarioLabels = (count: number): Record<string, string> =>
  Object.fromEntries(
    Array.from({ length: count }, (_, i): [string, string][] => {
      const ids = scenarioFieldIds(i + 1);
      return [
        [ids.description, `Scenario ${i + 1}: what could happen`],
        [ids.triggers, `Scenario ${i + 1}: triggers`],
        [ids.warningSigns, `Scenario ${i + 1}: early warning signs`],
      ];
    }).flat(),
  );

const SUMMARY_LABELS = {
  primaryVulnerability: 'Primary vulnerability',
  presentations: 'Presentations',
  presentationOther: 'Other presentation',
  mainstreamRelation: 'Relation to mainstream services',
  additionalNeeds: 'Additional needs',
  convictions: 'Previous convictions',
  supervisionFailures: 'Past failures under supervision',
};
const FIVE_P_LABELS = Object.fromEntries(FIVE_PS.map((p) => [p, p[0]!.toUpperCase() + p.slice(1)]));

/** How each page of the draft is drawn, for the GET and for a 400. */
const pages = (ctx: CaseContext<unknown>) => {
  const header = ctx.case.header;
  const page = (name: string, model: object, status: 200 | 400) =>
    ctx.reply.page(view(name), model, status);
  const fields = (draft: Draft, form: DraftForm) => ({
    header,
    content: draft.read.content!,
    ...form,
  });
  return {
    domain: (domain: TemplateDomain): DraftPage => ({
      page: 'domain',
      render: (draft, form, status) =>
        page('domain', domainPage({ ...fields(draft, form), domain }), status),
    }),
    fivePs: {
      page: 'five_ps',
      render: (draft, form, status) => page('five-ps', fivePsPage(fields(draft, form)), status),
    } satisfies DraftPage,
    scenarios: {
      page: 'scenarios',
      render: (draft, form, status) =>
        page(
          'scenarios',
          scenariosPage({ ...fields(draft, form), maxScenarios: MAX_SCENARIOS }),
          status,
        ),
    } satisfies DraftPage,
    summary: {
      page: 'summary',
      render: (draft, form, status) => page('summary', summaryPage(fields(draft, form)), status),
    } satisfies DraftPage,
    reviewReason: {
      page: 'review_reason',
      render: (draft, form, status) => {
        const { read, template } = draft;
        if (!read.previous) return ctx.reply.redirect(formulationUrls.overview(header.id), 303);
        return page(
          'review-reason',
          reviewReasonPage({
            header,
            template,
            changes: formulationChanges(
              read.previous.content,
              read.content!,
              factorOrder(template),
            ),
            previousVersionNumber: read.previous.version.versionNumber,
            reason: read.shown!.reviewReason,
            ...form,
          }),
          status,
        );
      },
    } satisfies DraftPage,
  };
};

/** Check your answers; with the problems shown (400) when a submit found some. */
function showCheck(ctx: CaseContext<unknown>, draft: Draft, showProblems: boolean) {
  const { read, template } = draft;
  const shown = read.shown!;
  const content = read.content!;
  return ctx.reply.page(
    view('check'),
    checkPage({
      header: ctx.case.header,
      shown,
      template,
      content,
      changes: changesOf(read, template),
      problems: submitProblems({
        content,
        template,
        isReview: shown.previousId !== null,
        reviewReason: shown.reviewReason,
      }),
      showProblems,
    }),
    showProblems ? 400 : 200,
  );
}

/** The pages of a draft: each section, check your answers, submit. */
export function draftRoutes(deps: FormulationRouteDeps): RouteDeclaration[] {
  /** The domain of the path in the draft's template, or null with 404 sent. */
  async function domainOf(ctx: CaseContext<{ caseId: string; domainCode: string }>) {
    const draft = await draftFor(deps, ctx, 'domain');
    if (!draft) return null;
    const domain = draft.template.domains.find((d) => d.code === ctx.params.domainCode);
    if (!domain) {
      await sendProblem(ctx.request, ctx.reply, 404);
      return null;
    }
    return { draft, domain };
  }

  const url = (tail: string) => `/cases/:caseId/formulation/${tail}`;
  return [
    caseRoute({
      method: 'GET',
      url: url('domains/:domainCode'),
      ...work,
      params: domainParams,
      handler: async (ctx) => {
        const found = await domainOf(ctx);
        if (!found) return ctx.reply;
        return showDraftPage(deps, ctx, { ...pages(ctx).domain(found.domain), draft: found.draft });
      },
    }),
    caseRoute({
      method: 'POST',
      url: url('domains/:domainCode'),
      ...work,
      params: domainParams,
      body: formBody,
      handler: async (ctx) => {
        const found = await domainOf(ctx);
        if (!found) return ctx.reply;
        const { domain, draft } = found;
        const caseId = ctx.case.header.id;
        return saveDraftPage(deps, ctx, {
          ...pages(ctx).domain(domain),
          draft,
          read: () => readDomainForm(ctx.body, domain),
          edit: (data) => ({
            section: 'domain',
            domainCode: domain.code,
            factorCodes: domain.factors.map((f) => f.code),
            ratings: data.ratings,
          }),
          labels: () => domainLabels(domain),
          retryHref: formulationUrls.domain(caseId, domain.code),
          next: () => formulationUrls.overview(caseId),
        });
      },
    }),
    caseRoute({
      method: 'GET',
      url: url('five-ps'),
      ...work,
      params: caseParams,
      handler: (ctx) => showDraftPage(deps, ctx, pages(ctx).fivePs),
    }),
    caseRoute({
      method: 'POST',
      url: url('five-ps'),
      ...work,
      params: caseParams,
      body: formBody,
      handler: (ctx) =>
        saveDraftPage(deps, ctx, {
          ...pages(ctx).fivePs,
          read: () => readFivePsForm(ctx.body),
          edit: (fivePs) => ({ section: 'five_ps', fivePs }),
          labels: () => FIVE_P_LABELS,
          retryHref: formulationUrls.fivePs(ctx.case.header.id),
          next: () => formulationUrls.overview(ctx.case.header.id),
        }),
    }),
    caseRoute({
      method: 'GET',
      url: url('scenarios'),
      ...work,
      params: caseParams,
      handler: (ctx) => showDraftPage(deps, ctx, pages(ctx).scenarios),
    }),
    caseRoute({
      method: 'POST',
      url: url('scenarios'),
      ...work,
      params: caseParams,
      body: formBody,
      handler: (ctx) => {
        const caseId = ctx.case.header.id;
        return saveDraftPage(deps, ctx, {
          ...pages(ctx).scenarios,
          read: () => readScenariosForm(ctx.body),
          edit: (data) => ({ section: 'scenarios', scenarios: data.scenarios }),
          labels: (values) => scenarioLabels(Number(values.count ?? 0)),
          retryHref: formulationUrls.scenarios(caseId),
          // Adding or removing a scenario stays on the page, at the next one's first field.
          next: (data) =>
            data.action.kind === 'save'
              ? formulationUrls.overview(caseId)
              : `${formulationUrls.scenarios(caseId)}#${scenarioFieldIds(data.scenarios.length + 1).description}`,
        });
      },
    }),
    caseRoute({
      method: 'GET',
      url: url('summary'),
      ...work,
      params: caseParams,
      handler: (ctx) => showDraftPage(deps, ctx, pages(ctx).summary),
    }),
    caseRoute({
      method: 'POST',
      url: url('summary'),
      ...work,
      params: caseParams,
      body: formBody,
      handler: (ctx) =>
        saveDraftPage(deps, ctx, {
          ...pages(ctx).summary,
          read: () => readSummaryForm(ctx.body),
          edit: (reporting) => ({ section: 'summary', reporting }),
          labels: () => SUMMARY_LABELS,
          retryHref: formulationUrls.summary(ctx.case.header.id),
          next: () => formulationUrls.overview(ctx.case.header.id),
        }),
    }),
    caseRoute({
      method: 'GET',
      url: url('review-reason'),
      ...work,
      params: caseParams,
      handler: (ctx) => showDraftPage(deps, ctx, pages(ctx).reviewReason),
    }),
    caseRoute({
      method: 'POST',
      url: url('review-reason'),
      ...work,
      params: caseParams,
      body: formBody,
      handler: (ctx) =>
        saveDraftPage(deps, ctx, {
          ...pages(ctx).reviewReason,
          read: () =>
            readReasonForm(ctx.body, {
              field: 'reviewReason',
              empty: 'Enter what changed since the last signed-off version, and why',
              max: 5000,
              tooLong: 'What changed and why must be 5,000 characters or fewer',
            }),
          edit: (reviewReason) => ({ section: 'review_reason', reviewReason }),
          labels: () => ({ reviewReason: 'What changed and why' }),
          retryHref: formulationUrls.reviewReason(ctx.case.header.id),
          next: () => formulationUrls.check(ctx.case.header.id),
        }),
    }),
    caseRoute({
      method: 'GET',
      url: url('check'),
      ...work,
      params: caseParams,
      handler: async (ctx) => {
        const draft = await draftFor(deps, ctx, 'check');
        return draft ? showCheck(ctx, draft, false) : ctx.reply;
      },
    }),
    caseRoute({
      method: 'POST',
      url: url('submit'),
      ...work,
      params: caseParams,
      body: formBody,
      handler: async (ctx) => {
        const caseId = ctx.case.header.id;
        const change = await submitFormulation(deps, ctx.actor, {
          principal: ctx.principal,
          caseId,
          version: numberField(ctx.body.version),
          templates: deps.templates,
        });
        if (change.kind === 'incomplete') {
          const draft = await draftFor(deps, ctx, 'check');
          return draft ? showCheck(ctx, draft, true) : ctx.reply;
        }
        return answerAction(deps, ctx, change, {
          action: summaryRow('Change', 'Submit the formulation for sign-off'),
          retryHref: formulationUrls.check(caseId),
          next: formulationUrls.overview(caseId),
        });
      },
    }),
  ];
}
