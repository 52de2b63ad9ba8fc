import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { formErrors, parseForm, type FormErrors } from '../../web/forms.ts';
import { optionalText } from '../../web/form-fields.ts';
import { isUuid } from '../../web/ids.ts';
import { pageOf } from '../../web/pagination.ts';
import { sendProblem } from '../../web/errors.ts';
import { route, type RouteDeclaration } from '../../web/routes.ts';
import { dateOf } from './filters.ts';
import { reviewItemPage, reviewQueuePage } from './reviews-presenter.ts';
import {
  recordReview,
  REVIEW_ITEM_KINDS,
  REVIEW_OUTCOMES,
  reviewChoices,
  reviewItem,
  reviewQueue,
  type ReviewFilters,
} from './reviews.ts';

const QUEUE = 'features/audit/views/reviews.njk';
const ITEM = 'features/audit/views/review.njk';
const FIELDS = [
  'hub',
  'user',
  'kind',
  'status',
  'from-day',
  'from-month',
  'from-year',
  'to-day',
  'to-month',
  'to-year',
] as const;

/** The queue's filters from its query string (ids, codes and dates only: no personal data). */
export function parseReviewFilters(query: unknown):
  | { ok: true; filters: ReviewFilters; values: Record<string, string> }
  | {
      ok: false;
      errors: FormErrors;
      values: Record<string, string>;
    } {
  const raw = (query && typeof query === 'object' ? query : {}) as Record<string, unknown>;
  const values: Record<string, string> = {};
  for (const field of FIELDS) {
    const value = raw[field];
    const first: unknown = Array.isArray(value) ? (value as unknown[])[0] : value;
    if (typeof first === 'string' && first.trim()) values[field] = first.trim();
  }
  const pairs: [string, string][] = [];
  if (values.hub && !isUuid(values.hub)) pairs.push(['hub', 'Select a hub from the list']);
  if (values.user && !isUuid(values.user)) pairs.push(['user', 'Select a person from the list']);
  const kind = REVIEW_ITEM_KINDS.find((k) => k === values.kind);
  if (values.kind && !kind) pairs.push(['kind', 'Select what to review from the list']);
  const status = values.status ?? 'unreviewed';
  if (!['unreviewed', 'reviewed', 'all'].includes(status)) {
    pairs.push(['status', 'Select a review status from the list']);
  }
  const from = dateOf(values, 'from', 'The date from');
  const to = dateOf(values, 'to', 'The date to');
  if (from.error) pairs.push(['from-day', from.error]);
  if (to.error) pairs.push(['to-day', to.error]);
  if (from.date && to.date && from.date > to.date) {
    pairs.push(['to-day', 'The date to must be the same as or after the date from']);
  }
  if (pairs.length) return { ok: false, errors: formErrors(pairs), values };
  const filters: ReviewFilters = { status: status as ReviewFilters['status'] };
  if (values.hub) filters.hubId = values.hub.toLowerCase();
  if (values.user) filters.userId = values.user.toLowerCase();
  if (kind) filters.kind = kind;
  if (from.date) filters.from = from.date;
  if (to.date) filters.to = to.date;
  return { ok: true, filters, values };
}

const itemParams = z.object({
  kind: z.enum(REVIEW_ITEM_KINDS),
  itemId: z.string().refine(isUuid),
});

const reviewForm = z
  .object({
    outcome: z.enum(REVIEW_OUTCOMES, { error: 'Select the outcome of your review' }),
    note: optionalText(2000, 'The note must be 2,000 characters or fewer'),
  })
  .refine((f) => f.outcome === 'appropriate' || f.note !== null, {
    path: ['note'],
    message: 'Enter a note saying what you raised or escalated',
  });

/**
 * The IG officer's review queue of access reasons and identifiable downloads (reviews.ts):
 * the list with its filters and counts, and each item with its reviews and the review form.
 */
export function reviewRoutes(deps: { db: Kysely<DB>; clock: Clock }): RouteDeclaration[] {
  const { db, clock } = deps;
  const permission = 'audit.read' as const;
  return [
    route({
      method: 'GET',
      url: '/audit/reviews',
      permission,
      query: z.looseObject({}),
      handler: async ({ reply, actor, query }) => {
        const page = pageOf(query);
        const reviewed = (query as { reviewed?: unknown }).reviewed === '1';
        const parsed = parseReviewFilters(query);
        const linkQuery = new URLSearchParams(
          Object.entries(parsed.values).filter(([, v]) => v),
        ).toString();
        if (!parsed.ok) {
          const choices = await reviewChoices(db);
          return reply.page(
            QUEUE,
            reviewQueuePage({
              values: parsed.values,
              query: linkQuery,
              errors: parsed.errors,
              result: { ...choices, total: 0, items: [], counts: [] },
              page,
            }),
            400,
          );
        }
        const result = await reviewQueue(db, clock, actor, { filters: parsed.filters, page });
        return reply.page(
          QUEUE,
          reviewQueuePage({ values: parsed.values, query: linkQuery, result, page, reviewed }),
        );
      },
    }),
    route({
      method: 'GET',
      url: '/audit/reviews/:kind/:itemId',
      permission,
      params: itemParams,
      handler: async ({ request, reply, actor, params }) => {
        const found = await reviewItem(db, clock, actor, { kind: params.kind, id: params.itemId });
        if (!found) return sendProblem(request, reply, 404);
        return reply.page(ITEM, reviewItemPage(found));
      },
    }),
    route({
      method: 'POST',
      url: '/audit/reviews/:kind/:itemId',
      permission,
      params: itemParams,
      body: z.looseObject({ _csrf: z.string().optional() }),
      handler: async ({ request, reply, actor, principal, params, body }) => {
        const form = parseForm(reviewForm, body);
        if (!form.ok) {
          const found = await reviewItem(db, clock, actor, {
            kind: params.kind,
            id: params.itemId,
          });
          if (!found) return sendProblem(request, reply, 404);
          const values = Object.fromEntries(
            Object.entries(form.values).filter(
              (e): e is [string, string] => typeof e[1] === 'string',
            ),
          );
          return reply.page(ITEM, reviewItemPage({ ...found, values, errors: form.errors }), 400);
        }
        const saved = await recordReview(db, clock, actor, {
          kind: params.kind,
          id: params.itemId,
          outcome: form.data.outcome,
          note: form.data.note,
          reviewerId: principal.userId,
        });
        if (!saved) return sendProblem(request, reply, 404);
        return reply.redirect('/audit/reviews?reviewed=1', 303);
      },
    }),
  ];
}
