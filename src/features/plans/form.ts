import { z } from 'zod';
import { isCode } from '../../domain/reference/list.ts';
import {
  ACTION_STATUSES,
  PLAN_NEED_CATEGORIES,
  SERVICE_TYPES,
  type PlanNeedCategory,
} from '../../domain/reference/plans.ts';
import type { FormErrors } from '../../web/forms.ts';
import { issuesOf, orderedErrors, versionOf, type ErrorPair } from '../../web/form-issues.ts';
import { formInput, requiredText } from '../../web/form-fields.ts';
import { datePartsOf, readDateInput, type DateBound } from '../../domain/dates.ts';
import type { ActionInput, ActionUpdate } from './actions.ts';
import type { NeedInput, ReviewInput } from './service.ts';

/** A read form: the data and the version it was opened on, or the page again with errors. */
export type PlanForm<T> =
  | { ok: true; version: number; data: T }
  | { ok: false; errors: FormErrors; values: Record<string, string> };

const dateFields = (name: string) => [`${name}-day`, `${name}-month`, `${name}-year`];

/**
 * A plan date (GOV.UK date input) as 'YYYY-MM-DD' with the one reader (src/domain/dates.ts).
 * Plan dates may be in the past (an action agreed earlier, recorded late) but are kept within
 * a sensible range: from 2020 (before the service began) to ten years ahead of today.
 */
function readDate(
  values: Record<string, string>,
  name: string,
  rule: { label: string; today: string; earliest?: DateBound },
  pairs: ErrorPair[],
): string | null {
  const read = readDateInput(datePartsOf(values, name), {
    earliest: '2020-01-01',
    latest: `${Number(rule.today.slice(0, 4)) + 10}-12-31`,
    ...rule,
  });
  if (read.ok) return read.value;
  pairs.push([`${name}-${read.part}`, read.message]);
  return null;
}

/** Review dates are the next review: today or later. */
const readReviewDate = (
  values: Record<string, string>,
  field: { name: string; label: string; today: string },
  pairs: ErrorPair[],
) =>
  readDate(
    values,
    field.name,
    { label: field.label, today: field.today, earliest: 'today' },
    pairs,
  );

/** The form's result: its errors in field order, or its data against the version it was opened at. */
function finish<T>(
  form: {
    values: Record<string, string>;
    fields: readonly string[];
    pairs: ErrorPair[];
    /** Where the version error points (the form's first field). */
    firstField: string;
  },
  data: T | null,
): PlanForm<T> {
  const { values, fields, pairs, firstField } = form;
  const version = versionOf(values);
  if (version === null) pairs.push([firstField, 'Open the page again and resubmit']);
  if (pairs.length || data === null || version === null) {
    return { ok: false, values, errors: orderedErrors(pairs, fields) };
  }
  return { ok: true, version, data };
}

export const START_FIELDS = [...dateFields('reviewDate'), 'version'] as const;

export function readStartForm(body: unknown, today: string): PlanForm<{ reviewDate: string }> {
  const values = formInput(body, START_FIELDS);
  const pairs: ErrorPair[] = [];
  const reviewDate = readReviewDate(
    values,
    { name: 'reviewDate', label: 'The review date', today },
    pairs,
  );
  return finish(
    { values, fields: START_FIELDS, pairs, firstField: 'reviewDate-day' },
    reviewDate ? { reviewDate } : null,
  );
}

export const NEED_FIELDS = ['category', 'description', 'version'] as const;

const needSchema = z.object({
  category: z
    .string()
    .refine(
      (v): v is PlanNeedCategory => isCode(PLAN_NEED_CATEGORIES, v),
      'Select the kind of need',
    ),
  description: requiredText(
    'Describe the need',
    2000,
    'The need must be 2,000 characters or fewer',
  ),
});

export function readNeedForm(body: unknown): PlanForm<NeedInput> {
  const values = formInput(body, NEED_FIELDS);
  const parsed = issuesOf(needSchema, values);
  return finish(
    { values, fields: NEED_FIELDS, pairs: parsed.ok ? [] : parsed.pairs, firstField: 'category' },
    parsed.ok ? { category: parsed.data.category, description: parsed.data.description } : null,
  );
}

export const ACTION_FIELDS = [
  'description',
  'serviceType',
  'agency',
  'owner',
  ...dateFields('dueDate'),
  'version',
] as const;

const actionSchema = z.object({
  description: requiredText(
    'Describe the action',
    2000,
    'The action must be 2,000 characters or fewer',
  ),
  serviceType: z.string().refine((v) => isCode(SERVICE_TYPES, v), 'Select the type of service'),
  agency: requiredText(
    'Enter the agency responsible',
    200,
    'The agency must be 200 characters or fewer',
  ),
  owner: requiredText(
    'Enter who owns the action',
    200,
    'The owner must be 200 characters or fewer',
  ),
});

export function readActionForm(body: unknown, today: string): PlanForm<ActionInput> {
  const values = formInput(body, ACTION_FIELDS);
  const parsed = issuesOf(actionSchema, values);
  const pairs: ErrorPair[] = parsed.ok ? [] : [...parsed.pairs];
  const dueDate = readDate(values, 'dueDate', { label: 'The due date', today }, pairs);
  return finish(
    { values, fields: ACTION_FIELDS, pairs, firstField: 'description' },
    parsed.ok && dueDate
      ? {
          description: parsed.data.description,
          serviceType: parsed.data.serviceType,
          agency: parsed.data.agency,
          owner: parsed.data.owner,
          dueDate,
        }
      : null,
  );
}

export const UPDATE_FIELDS = ['status', 'notAchievedReason', ...dateFields('dueDate'), 'version'];

export function readUpdateForm(body: unknown, today: string): PlanForm<ActionUpdate> {
  const values = formInput(body, UPDATE_FIELDS);
  const pairs: ErrorPair[] = [];
  const status = isCode(ACTION_STATUSES, values.status) ? values.status : null;
  if (!status) pairs.push(['status', 'Select the status of the action']);
  const reason = values.notAchievedReason!.trim();
  const reasonRequired = ACTION_STATUSES.find((s) => s.code === status)?.reasonRequired ?? false;
  if (reasonRequired && reason === '') {
    pairs.push(['notAchievedReason', 'Enter why the action was not achieved']);
  } else if (reasonRequired && reason.length > 2000) {
    pairs.push(['notAchievedReason', 'The reason must be 2,000 characters or fewer']);
  }
  const dueDate = readDate(values, 'dueDate', { label: 'The due date', today }, pairs);
  return finish(
    { values, fields: UPDATE_FIELDS, pairs, firstField: 'status' },
    status && dueDate
      ? { status, notAchievedReason: reasonRequired ? reason : null, dueDate }
      : null,
  );
}

export const REVIEW_FIELDS = ['progress', 'changes', ...dateFields('nextReviewDate'), 'version'];

const reviewSchema = z.object({
  progress: requiredText(
    'Enter what progressed since the last review',
    5000,
    'Progress must be 5,000 characters or fewer',
  ),
  changes: requiredText(
    'Enter what changed in the plan, or that nothing changed',
    5000,
    'What changed must be 5,000 characters or fewer',
  ),
});

export function readReviewForm(body: unknown, today: string): PlanForm<ReviewInput> {
  const values = formInput(body, REVIEW_FIELDS);
  const parsed = issuesOf(reviewSchema, values);
  const pairs: ErrorPair[] = parsed.ok ? [] : [...parsed.pairs];
  const nextReviewDate = readReviewDate(
    values,
    { name: 'nextReviewDate', label: 'The next review date', today },
    pairs,
  );
  return finish(
    { values, fields: REVIEW_FIELDS, pairs, firstField: 'progress' },
    parsed.ok && nextReviewDate
      ? { progress: parsed.data.progress, changes: parsed.data.changes, nextReviewDate }
      : null,
  );
}
