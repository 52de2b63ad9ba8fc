import type { FormErrors } from '../../../web/forms.ts';
import { submitForm } from '../../../web/form-page.ts';
import type { FormOutcome, FormValues } from '../form.ts';
import { triedRows } from '../presenter.ts';
import { saveDraft, type DraftEdit } from '../service.ts';
import {
  draftFor,
  formulationConflict,
  refusedPage,
  type CaseContext,
  type Draft,
  type FormulationRouteDeps,
  type Sent,
} from './shared.ts';

/** What a draft page shows beyond the draft: the form's version, and input and errors on a 400. */
export interface DraftForm {
  version: number;
  values?: FormValues;
  errors?: FormErrors;
}

/** One page of the draft (a domain, the 5 Ps, scenarios, summary, what changed and why). */
export interface DraftPage {
  /** The page's name in the consultation audit row. */
  page: string;
  render: (draft: Draft, form: DraftForm, status: 200 | 400) => unknown;
}

export interface DraftSave<T> extends DraftPage {
  read: () => FormOutcome<T>;
  edit: (data: T) => DraftEdit;
  /** The field labels of the form as sent, for "what you tried to save". */
  labels: (values: FormValues) => Record<string, string>;
  retryHref: string;
  next: (data: T) => string;
  /** The draft when the route read it already (to find the domain of the path). */
  draft?: Draft;
}

/** GET of a draft page: the draft as it stands, or the overview when it cannot be edited. */
export async function showDraftPage(
  deps: FormulationRouteDeps,
  ctx: CaseContext<unknown>,
  spec: DraftPage & { draft?: Draft },
) {
  const draft = spec.draft ?? (await draftFor(deps, ctx, spec.page));
  if (!draft) return ctx.reply;
  return spec.render(draft, { version: draft.read.shown!.version }, 200);
}

/**
 * POST of a draft page, through the one form-page cycle (src/web/form-page.ts): read the form,
 * 400 with the page again and the input kept, save against the version the form was opened
 * on, the conflict page when it changed since, the refusal page, or 303 to the next page.
 */
export function saveDraftPage<T>(
  deps: FormulationRouteDeps,
  ctx: CaseContext<unknown>,
  spec: DraftSave<T>,
) {
  let sent: FormOutcome<T> | undefined;
  return submitForm<Sent<T>, null, FormValues>({
    request: ctx.request,
    reply: ctx.reply,
    read: () => (sent = spec.read()),
    show: async (form, status) => {
      const draft = spec.draft ?? (await draftFor(deps, ctx, spec.page));
      if (!draft) return ctx.reply;
      return spec.render(
        draft,
        {
          version: sent?.version ?? draft.read.shown!.version,
          values: form.values,
          errors: form.errors,
        },
        status,
      );
    },
    save: (form: Sent<T>) =>
      saveDraft(deps, ctx.actor, {
        principal: ctx.principal,
        caseId: ctx.case.header.id,
        version: form.version ?? -1,
        edit: spec.edit(form.data),
      }),
    next: (_, form: Sent<T>) => spec.next(form.data),
    conflict: formulationConflict<Sent<T>>(deps, ctx.case, {
      tried: (form) => triedRows({ values: form.values, labels: spec.labels(form.values) }),
      retryHref: spec.retryHref,
    }),
    refused: (reason) => refusedPage(ctx, reason),
  });
}
