/** The plan's form pages: start, need, action, action update, review. */
import { futureDateExample } from '../../web/format.ts';
import { reviewDueState } from '../../domain/plan-due.ts';
import {
  ACTION_STATUSES,
  PLAN_NEED_CATEGORIES,
  SERVICE_TYPES,
} from '../../domain/reference/plans.ts';
import { noErrors, type FormErrors } from '../../web/forms.ts';
import type { CaseHeader } from '../../access/case-context.ts';
import { summaryRow } from '../../web/conflict.ts';
import { dateParts } from '../../web/form-fields.ts';
import type { PlanAction, PlanVersion, PlanWorkCheck } from './read.ts';
import { caption, dueText, planUrls, serviceLabel } from './presenter.ts';

const str = (v: Record<string, string> | undefined, key: string, fallback = '') =>
  v ? (v[key] ?? '') : fallback;

/** The three boxes of a GOV.UK date input, from the user's input or a stored date. */
function dateItems(
  name: string,
  values: Record<string, string> | undefined,
  initial: string | null,
  errors: FormErrors,
) {
  const parts = dateParts(initial);
  const error =
    errors.byField[`${name}-day`] ??
    errors.byField[`${name}-month`] ??
    errors.byField[`${name}-year`];
  return {
    error: error ?? null,
    items: (['day', 'month', 'year'] as const).map((part) => ({
      name: part,
      value: values ? (values[`${name}-${part}`] ?? '') : parts[part],
      // An error on the whole date is keyed to its first box and marks every box.
      classes: `${part === 'year' ? 'govuk-input--width-4' : 'govuk-input--width-2'}${
        errors.byField[`${name}-${part}`] || errors.byField[`${name}-day`]
          ? ' govuk-input--error'
          : ''
      }`,
    })),
  };
}

interface FormState {
  values?: Record<string, string>;
  errors?: FormErrors;
}

/** What every plan form page has: where it posts, the version, errors, and any refusal. */
function formBase(input: {
  header: CaseHeader;
  personName: string;
  title: string;
  action: string;
  work: PlanWorkCheck;
  form: FormState;
  /** The version the form is checked against: the case's, or the record's own. */
  version?: number;
}) {
  const errors = input.form.errors ?? noErrors;
  return {
    title: input.title,
    caption: caption(input.header, input.personName),
    action: input.action,
    backHref: planUrls.plan(input.header.id),
    version: input.form.values?.version ?? String(input.version ?? input.header.version),
    blocked: input.work.allowed ? null : input.work.message,
    errorSummary: errors.summary,
    errors: errors.byField,
  };
}

export function startPage(input: {
  header: CaseHeader;
  personName: string;
  work: PlanWorkCheck;
  form: FormState;
  /** The UK day today ('YYYY-MM-DD'): the date hint's example is after it. */
  today: string;
}) {
  const errors = input.form.errors ?? noErrors;
  return {
    ...formBase({
      ...input,
      title: 'Start the intervention plan',
      action: planUrls.create(input.header.id),
    }),
    reviewDate: dateItems('reviewDate', input.form.values, null, errors),
    dateExample: futureDateExample(input.today),
  };
}

export function needPage(input: {
  header: CaseHeader;
  personName: string;
  work: PlanWorkCheck;
  form: FormState;
}) {
  const v = input.form.values;
  return {
    ...formBase({ ...input, title: 'Add a need', action: planUrls.needs(input.header.id) }),
    values: { description: str(v, 'description') },
    categories: PLAN_NEED_CATEGORIES.map((c) => ({
      value: c.code,
      text: c.label,
      checked: str(v, 'category') === c.code,
    })),
  };
}

export function actionPage(input: {
  header: CaseHeader;
  personName: string;
  work: PlanWorkCheck;
  need: { id: string; heading: string; description: string };
  form: FormState;
  today: string;
}) {
  const v = input.form.values;
  const errors = input.form.errors ?? noErrors;
  return {
    ...formBase({
      ...input,
      title: 'Add an action',
      action: planUrls.actions(input.header.id, input.need.id),
    }),
    need: input.need,
    values: {
      description: str(v, 'description'),
      agency: str(v, 'agency'),
      owner: str(v, 'owner'),
    },
    serviceTypes: [
      { value: '', text: 'Choose a type of service' },
      ...SERVICE_TYPES.map((s) => ({
        value: s.code,
        text: s.label,
        selected: str(v, 'serviceType') === s.code,
      })),
    ],
    dueDate: dateItems('dueDate', v, null, errors),
    dateExample: futureDateExample(input.today),
  };
}

export function updatePage(input: {
  header: CaseHeader;
  personName: string;
  work: PlanWorkCheck;
  action: PlanAction;
  needHeading: string;
  form: FormState;
  today: string;
}) {
  const v = input.form.values;
  const errors = input.form.errors ?? noErrors;
  const { action } = input;
  const status = v ? str(v, 'status') : action.status;
  return {
    ...formBase({
      ...input,
      title: 'Update an action',
      action: planUrls.action(input.header.id, action.id),
      version: action.version,
    }),
    summary: [
      summaryRow('Need', input.needHeading),
      summaryRow('Action', action.description),
      summaryRow('Service', serviceLabel(action.serviceType)),
      summaryRow('Agency responsible', action.agency),
      summaryRow('Owner', action.owner),
    ],
    statuses: ACTION_STATUSES.map((s) => ({
      value: s.code,
      text: s.label,
      checked: status === s.code,
      reasonRequired: s.reasonRequired,
    })),
    reason: v ? str(v, 'notAchievedReason') : (action.notAchievedReason ?? ''),
    dueDate: dateItems('dueDate', v, action.dueDate, errors),
  };
}

export function reviewPage(input: {
  header: CaseHeader;
  personName: string;
  work: PlanWorkCheck;
  plan: PlanVersion;
  form: FormState;
  today: string;
}) {
  const v = input.form.values;
  const errors = input.form.errors ?? noErrors;
  const state = reviewDueState(input.plan.reviewDate, input.today);
  return {
    ...formBase({ ...input, title: 'Review the plan', action: planUrls.review(input.header.id) }),
    reviewing: `Version ${input.plan.versionNumber}, due for review by ${dueText(input.plan.reviewDate, state, input.today)}`,
    nextVersion: input.plan.versionNumber + 1,
    values: { progress: str(v, 'progress'), changes: str(v, 'changes') },
    nextReviewDate: dateItems('nextReviewDate', v, null, errors),
    dateExample: futureDateExample(input.today),
  };
}

/** The "Due and overdue" list: actions and reviews, most overdue first. */
