import { sendUnchanged } from '../../../web/conflict.ts';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../../db/schema.ts';
import type { Clock } from '../../../domain/clock.ts';
import { formulationChanges } from '../../../domain/formulation.ts';
import type { OpenedCase } from '../../../access/case-context.ts';
import { summaryRow, type SummaryRow } from '../../../web/conflict.ts';
import { answerChange, type ConflictView } from '../../../web/form-page.ts';
import { uuid } from '../../../web/ids.ts';
import type { CaseRouteContext } from '../../../web/routes.ts';
import { formatDateTime } from '../../../web/case-format.ts';
import { formulationUrls, STATUS_LABELS } from '../presenter.ts';
import { latestVersion, readFormulation, type FormulationRead } from '../service.ts';
import type { InstrumentTemplate, InstrumentTemplates } from '../templates.ts';
import type { FormValues } from '../form.ts';
import type { Change } from '../../../domain/result.ts';

/** What the formulation routes are built from (app.ts). */
export interface FormulationRouteDeps {
  db: Kysely<DB>;
  clock: Clock;
  templates: InstrumentTemplates;
}

export const view = (name: string) => `features/formulation/views/${name}.njk`;

export const caseParams = z.object({ caseId: uuid });
/** A domain code as templates write them (templates.ts); anything else is not a page. */
export const domainParams = caseParams.extend({
  domainCode: z.string().regex(/^[a-z0-9_]{1,100}$/),
});
export const versionParams = caseParams.extend({
  versionNumber: z
    .string()
    .regex(/^\d{1,6}$/)
    .transform(Number),
});

/** The shape of a formulation form; the feature's readers (form.ts) check the fields. */
export const formBody = z.looseObject({
  _csrf: z.string().optional(),
  version: z.string().optional(),
});

/** A form read without errors (form.ts): what a save takes. */
export interface Sent<T> {
  data: T;
  version: number | null;
  values: FormValues;
}

export type CaseContext<P = z.output<typeof caseParams>> = CaseRouteContext<
  P,
  unknown,
  z.output<typeof formBody>
>;

/** A whole number from a form field; -1 (never a version) when missing or malformed. */
export const numberField = (value: unknown): number =>
  typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : -1;

export const factorOrder = (template: InstrumentTemplate | undefined) =>
  template?.domains.flatMap((d) => d.factors.map((f) => f.code)) ?? [];

/** What changed since the version a review started from, or null for a first version. */
export const changesOf = (read: FormulationRead, template: InstrumentTemplate | undefined) =>
  read.previous && read.content
    ? formulationChanges(read.previous.content, read.content, factorOrder(template))
    : null;

export interface Draft {
  read: FormulationRead;
  template: InstrumentTemplate;
}

/** The draft being edited, or null with the reply sent: the overview explains why not. */
export async function draftFor(
  deps: FormulationRouteDeps,
  ctx: CaseContext<unknown>,
  page: string,
): Promise<Draft | null> {
  const opened = ctx.case;
  const read = await readFormulation(deps, ctx.actor, opened, { page });
  const template = read?.shown ? deps.templates.byId(read.shown.templateId) : undefined;
  if (!read || read.blocked || read.shown?.status !== 'draft' || !template || !read.content) {
    await ctx.reply.redirect(formulationUrls.overview(opened.header.id), 303);
    return null;
  }
  return { read, template };
}

/**
 * The conflict page's "what the case shows now" for a formulation: the version in progress as
 * it is after the failed save (ids, status, dates; nothing of what it says).
 */
export function formulationConflict<I>(
  deps: FormulationRouteDeps,
  opened: OpenedCase,
  page: { tried: (form: I) => SummaryRow[]; retryHref: string },
): ConflictView<I> {
  return {
    caseId: opened.header.id,
    reference: opened.header.reference,
    now: async () => {
      const current = await latestVersion(deps.db, opened.header.id);
      return current
        ? [
            summaryRow('Formulation version', String(current.versionNumber)),
            summaryRow('Status', STATUS_LABELS[current.status].text),
            summaryRow('Last changed', formatDateTime(current.updatedAt)),
          ]
        : [summaryRow('Formulation', 'No version in progress')];
    },
    tried: (form) => {
      const rows = page.tried(form);
      return rows.length ? rows : [summaryRow('Change', 'Nothing entered')];
    },
    retryHref: page.retryHref,
  };
}

/**
 * A change that is refused (the case closed, consent withdrawn, not a draft, your own
 * version): its own page, since nobody else's save caused it and the conflict page says so.
 */
export const refusedPage = (ctx: CaseContext<unknown>, reason: string) =>
  sendUnchanged(ctx.reply, {
    change: { kind: 'refused', reason },
    caseId: ctx.case.header.id,
    reference: ctx.case.header.reference,
    title: 'The formulation cannot be changed now',
    caseHref: formulationUrls.overview(ctx.case.header.id),
    caseLinkText: 'Go back to the formulation',
  });

/**
 * The answer to a change made by a button (start, submit, review, decide) rather than a form
 * of fields: 303 to `next`, or the conflict or refusal page describing `action`.
 */
export function answerAction<T>(
  deps: FormulationRouteDeps,
  ctx: CaseContext<unknown>,
  change: Change<T>,
  page: { action: SummaryRow; retryHref: string; next: string },
) {
  return answerChange<null, T>(
    {
      request: ctx.request,
      reply: ctx.reply,
      next: () => page.next,
      conflict: formulationConflict<null>(deps, ctx.case, {
        tried: () => [page.action],
        retryHref: page.retryHref,
      }),
      refused: (reason) => refusedPage(ctx, reason),
    },
    null,
    change,
  );
}
