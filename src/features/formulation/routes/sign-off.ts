import { z } from 'zod';
import { recordCaseDenied } from '../../../access/case-step.ts';
import { OWN_FORMULATION } from '../../../domain/formulation.ts';
import { summaryRow } from '../../../web/conflict.ts';
import { sendProblem } from '../../../web/errors.ts';
import { answerChange, submitForm, type FormState } from '../../../web/form-page.ts';
import { caseRoute, route, type RouteDeclaration } from '../../../web/routes.ts';
import { readReasonForm, type FormValues } from '../form.ts';
import { decidePage, formulationUrls, queuePage } from '../presenter.ts';
import { readFormulation } from '../service.ts';
import { decideFormulation, mayDecide, signOffQueue, type Decision } from '../sign-off-service.ts';
import {
  caseParams,
  changesOf,
  formBody,
  formulationConflict,
  numberField,
  refusedPage,
  view,
  type CaseContext,
  type FormulationRouteDeps,
  type Sent,
} from './shared.ts';

/**
 * The decision pages are a senior clinician's or hub lead's of the case's hub
 * (`signOffFormulation`), whether or not the case is allocated to them, and show the
 * formulation being decided and nothing else of the case; every read is audited.
 *
 * They open the case as `visible` and ask `mayDecide` themselves: the access core answers
 * every capability false while a reason is required, and a senior clinician who gave none
 * would be sent to the reason page (see the report on issue 12). Not theirs to decide: 404
 * with a denial in the audit log, as for another hub's case.
 */
const decider = { permission: 'formulation.sign_off', needs: 'visible' } as const;

const DECIDED = { sign_off: 'signed_off', return: 'returned' } as const;

/** Structured formulations waiting for a decision, and the decision (sign off or return). */
export function signOffRoutes(deps: FormulationRouteDeps): RouteDeclaration[] {
  const { db, clock, templates } = deps;

  /** Whether the viewer may decide this case; when not, 404 and a denial are sent. */
  async function mayDecideHere(ctx: CaseContext<unknown>): Promise<boolean> {
    if (mayDecide(ctx.case)) return true;
    await recordCaseDenied(db, clock, ctx.actor, ctx.case.header.id);
    await sendProblem(ctx.request, ctx.reply, 404);
    return false;
  }

  async function showDecide(ctx: CaseContext<unknown>, form: FormState<FormValues>) {
    const opened = ctx.case;
    const read = await readFormulation(deps, ctx.actor, opened, { page: 'sign_off' });
    if (!read?.shown || read.shown.status !== 'submitted' || !read.content) {
      return sendProblem(ctx.request, ctx.reply, 404);
    }
    const template = templates.byId(read.shown.templateId);
    return ctx.reply.page(
      view('decide'),
      decidePage({
        header: opened.header,
        shown: read.shown,
        template,
        content: read.content,
        changes: changesOf(read, template),
        ownVersion: read.shown.authorId === ctx.principal.userId,
        ownMessage: OWN_FORMULATION,
        values: form.values,
        errors: form.errors,
      }),
      form.errors ? 400 : 200,
    );
  }

  const decide = (ctx: CaseContext<unknown>, decision: Decision) =>
    decideFormulation(deps, ctx.actor, {
      principal: ctx.principal,
      caseId: ctx.case.header.id,
      version: numberField(ctx.body.version),
      decision,
    });

  /** The answer to a decision: back to the list, the conflict page, or the refusal. */
  const after = <I>(
    ctx: CaseContext<unknown>,
    kind: Decision['kind'],
    tried: (form: I) => string,
  ) => ({
    request: ctx.request,
    reply: ctx.reply,
    next: () => `${formulationUrls.queue()}?decided=${DECIDED[kind]}`,
    conflict: formulationConflict<I>(deps, ctx.case, {
      tried: (form) => [summaryRow('Decision', tried(form))],
      retryHref: formulationUrls.decide(ctx.case.header.id),
    }),
    refused: (reason: string) => refusedPage(ctx, reason),
  });

  return [
    route({
      method: 'GET',
      url: '/formulations',
      permission: 'formulation.sign_off',
      query: z.looseObject({ decided: z.string().optional() }),
      handler: async (ctx) => {
        const items = await signOffQueue(deps, ctx.actor, ctx.principal);
        return ctx.reply.page(view('queue'), queuePage({ items, decided: ctx.query.decided }));
      },
    }),
    caseRoute({
      method: 'GET',
      url: '/formulations/:caseId',
      ...decider,
      params: caseParams,
      handler: async (ctx) => ((await mayDecideHere(ctx)) ? showDecide(ctx, {}) : ctx.reply),
    }),
    caseRoute({
      method: 'POST',
      url: '/formulations/:caseId/sign-off',
      ...decider,
      params: caseParams,
      body: formBody,
      handler: async (ctx) => {
        if (!(await mayDecideHere(ctx))) return ctx.reply;
        const change = await decide(ctx, { kind: 'sign_off' });
        return answerChange(
          after<null>(ctx, 'sign_off', () => 'Sign off'),
          null,
          change,
        );
      },
    }),
    caseRoute({
      method: 'POST',
      url: '/formulations/:caseId/return',
      ...decider,
      params: caseParams,
      body: formBody,
      handler: async (ctx) => {
        if (!(await mayDecideHere(ctx))) return ctx.reply;
        return submitForm<Sent<string>, null, FormValues>({
          ...after<Sent<string>>(ctx, 'return', (form) => `Return to draft: ${form.data}`),
          show: (form) => showDecide(ctx, form),
          read: () =>
            readReasonForm(ctx.body, {
              field: 'reason',
              empty: 'Enter why the formulation is returned to draft',
              max: 2000,
              tooLong: 'Reason must be 2,000 characters or fewer',
            }),
          save: (form) => decide(ctx, { kind: 'return', reason: form.data }),
        });
      },
    }),
  ];
}
