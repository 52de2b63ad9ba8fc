import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Change } from '../domain/result.ts';
import { sendConflict, type SummaryRow } from './conflict.ts';
import { sendProblem } from './errors.ts';
import type { FormErrors } from './forms.ts';

/**
 * The form-page cycle, written once:
 *
 *   GET  → show the page (200)
 *   POST → read the body ─ invalid → the page again, input kept, GOV.UK error summary (400)
 *                        └ valid   → save → done      → 303 to the next page
 *                                         → not_found → 404
 *                                         → stale     → the conflict page (409)
 *                                         → refused   → the refusal (409; the conflict page
 *                                                       with the reason, unless the route shows
 *                                                       its own page)
 *
 * A route's GET handler calls its `show(noForm, 200)`; its POST handler calls `submitForm`.
 * The route still opens the case (caseRoute) and decides who may use it: this only runs the
 * page once that is settled.
 */

/** What a form page shows beyond the case: the input as sent and its errors, after a failed read. */
export interface FormState<V = Record<string, unknown>> {
  values?: V;
  errors?: FormErrors;
}

export const noForm: FormState<never> = {};

/**
 * A read of a submitted form: valid, with what the save takes (`I`, e.g. the data and the
 * version the form was opened at), or the values as sent (`V`) and their errors.
 */
export type FormRead<I, V = Record<string, unknown>> =
  ({ ok: true } & I) | { ok: false; values: V; errors: FormErrors };

/** What the conflict page says when a save found the record changed (or refused). */
export interface ConflictView<I> {
  caseId: string;
  reference: string;
  /** What the case (or record) holds now, read after the failed save. */
  now: () => SummaryRow[] | Promise<SummaryRow[]>;
  /** What the user tried to save, so nothing they typed is lost. */
  tried: (form: I) => SummaryRow[];
  /** Where to start again from the record as it is now. */
  retryHref: string;
}

export interface FormSubmission<I, T, V = Record<string, unknown>> {
  request: FastifyRequest;
  reply: FastifyReply;
  /** Shows the form page with the given state and status (200, or 400 with errors). */
  show: (form: FormState<V>, status: 200 | 400) => unknown;
  /** Reads and validates the body (the feature's own parser keeps the GOV.UK error messages). */
  read: () => FormRead<I, V>;
  /** Saves a valid form. */
  save: (form: I) => Promise<Change<T>>;
  /** The page after a save (303). */
  next: (value: T, form: I) => string;
  conflict: ConflictView<I>;
  /** A refusal shown on the route's own page; by default the conflict page with the reason. */
  refused?: (reason: string, form: I) => unknown;
}

/** Runs a POST of a form page: read, 400 with the page again, save, and the answer to the save. */
export async function submitForm<I, T, V = Record<string, unknown>>(
  cycle: FormSubmission<I, T, V>,
): Promise<unknown> {
  const form = cycle.read();
  if (!form.ok) return cycle.show({ values: form.values, errors: form.errors }, 400);
  const change = await cycle.save(form);
  return answerChange(cycle, form, change);
}

/** The answer to a save: 303 to the next page, or the page for a change that did not happen. */
export async function answerChange<I, T>(
  cycle: Pick<FormSubmission<I, T>, 'request' | 'reply' | 'next' | 'conflict' | 'refused'>,
  form: I,
  change: Change<T>,
): Promise<unknown> {
  const { request, reply, conflict } = cycle;
  switch (change.kind) {
    case 'done':
      return reply.redirect(cycle.next(change.value, form), 303);
    case 'not_found':
      return sendProblem(request, reply, 404);
    case 'refused':
      if (cycle.refused) return cycle.refused(change.reason, form);
      return sendConflict(reply, {
        caseId: conflict.caseId,
        reference: conflict.reference,
        refusal: change.reason,
        now: await conflict.now(),
        tried: conflict.tried(form),
        retryHref: null,
      });
    case 'stale':
      return sendConflict(reply, {
        caseId: conflict.caseId,
        reference: conflict.reference,
        refusal: null,
        now: await conflict.now(),
        tried: conflict.tried(form),
        retryHref: conflict.retryHref,
      });
  }
}
