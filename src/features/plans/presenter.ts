import { sectionPath } from '../cases/registry.ts';
import {
  actionDueState,
  daysLate,
  DUE_TAGS,
  reviewDueState,
  type DueState,
} from '../../domain/plan-due.ts';
import { labelOf } from '../../domain/reference/list.ts';
import {
  ACTION_STATUSES,
  PLAN_NEED_CATEGORIES,
  SERVICE_TYPES,
  type ActionStatus,
} from '../../domain/reference/plans.ts';
import type { CaseHeader } from '../../access/case-context.ts';
import { summaryRow } from '../../web/conflict.ts';
import { formatDateTime } from '../../web/case-format.ts';
import { pagination } from '../../web/pagination.ts';
import { formatDate } from '../../web/format.ts';
import type { DueItem, DueScope } from './due.ts';
import type {
  PlanAction,
  PlanReview,
  PlanVersion,
  PlanVersionSummary,
  PlanWorkCheck,
} from './read.ts';

export const planUrls = {
  plan: (caseId: string) => `/cases/${caseId}/plan`,
  start: (caseId: string) => `/cases/${caseId}/plan/new`,
  create: (caseId: string) => `/cases/${caseId}/plan`,
  needs: (caseId: string) => `/cases/${caseId}/plan/needs`,
  newNeed: (caseId: string) => `/cases/${caseId}/plan/needs/new`,
  actions: (caseId: string, needId: string) => `/cases/${caseId}/plan/needs/${needId}/actions`,
  newAction: (caseId: string, needId: string) =>
    `/cases/${caseId}/plan/needs/${needId}/actions/new`,
  action: (caseId: string, actionId: string) => `/cases/${caseId}/plan/actions/${actionId}`,
  review: (caseId: string) => `/cases/${caseId}/plan/review`,
  version: (caseId: string, n: number) => `/cases/${caseId}/plan/versions/${n}`,
  due: (scope: DueScope, page = 1) => `/plans/due?scope=${scope}${page > 1 ? `&page=${page}` : ''}`,
};

export const serviceLabel = (code: string) =>
  labelOf(SERVICE_TYPES, code as (typeof SERVICE_TYPES)[number]['code']);
export const categoryLabel = (code: string) =>
  labelOf(PLAN_NEED_CATEGORIES, code as (typeof PLAN_NEED_CATEGORIES)[number]['code']);
export const statusLabel = (code: string) => labelOf(ACTION_STATUSES, code as ActionStatus);

const STATUS_COLOURS: Record<ActionStatus, string> = {
  planned: 'grey',
  in_progress: 'blue',
  done: 'green',
  not_achieved: 'purple',
};

export const statusTag = (status: ActionStatus) => ({
  text: statusLabel(status),
  classes: `govuk-tag--${STATUS_COLOURS[status]}`,
});

/** The GOV.UK tag for a due state, or null when there is nothing to flag. */
export function dueTag(state: DueState) {
  const tag = DUE_TAGS[state];
  return tag ? { text: tag.text, classes: `govuk-tag--${tag.colour}` } : null;
}

/** "3 June 2026 (5 days late)" for an overdue date, else the date. */
export function dueText(date: string, state: DueState, today: string): string {
  if (state !== 'overdue') return formatDate(date);
  const late = daysLate(date, today);
  return `${formatDate(date)} (${late} ${late === 1 ? 'day' : 'days'} late)`;
}

/** A row of an action card: text, and a tag where it needs one. */
interface TaggedRow {
  key: string;
  text: string;
  tag: { text: string; classes: string } | null;
}

function actionCard(caseId: string, action: PlanAction, today: string, canChange: boolean) {
  const state = actionDueState(action, today);
  const rows: TaggedRow[] = [
    { key: 'Service', text: serviceLabel(action.serviceType), tag: null },
    { key: 'Agency responsible', text: action.agency, tag: null },
    { key: 'Owner', text: action.owner, tag: null },
    { key: 'Due', text: dueText(action.dueDate, state, today), tag: dueTag(state) },
    { key: 'Status', text: '', tag: statusTag(action.status) },
  ];
  if (action.notAchievedReason) {
    rows.push({ key: 'Why not achieved', text: action.notAchievedReason, tag: null });
  }
  if (action.source === 'meeting') {
    rows.push({ key: 'Agreed at', text: 'A multi-agency meeting', tag: null });
  }
  return {
    title: action.description,
    overdue: state === 'overdue',
    rows,
    updateHref: canChange ? planUrls.action(caseId, action.id) : null,
  };
}

/** The needs of a version, each with its actions as cards. */
export function needsView(caseId: string, plan: PlanVersion, today: string, canChange: boolean) {
  return plan.needs.map((need, i) => ({
    heading: `Need ${i + 1}: ${categoryLabel(need.category)}`,
    description: need.description,
    actions: need.actions.map((a) => actionCard(caseId, a, today, canChange)),
    addActionHref: canChange ? planUrls.newAction(caseId, need.id) : null,
  }));
}

function reviewCards(reviews: PlanReview[]) {
  return reviews.map((r) => ({
    title: `Review of version ${r.versionNumber} – ${formatDateTime(r.reviewedAt)}`,
    rows: [
      summaryRow('What progressed', r.progress),
      summaryRow('What changed', r.changes),
      summaryRow('Next review', formatDate(r.nextReviewDate)),
      summaryRow('Reviewed by', r.reviewedBy),
      summaryRow('Started version', String(r.nextVersionNumber)),
    ],
  }));
}

export const caption = (header: CaseHeader, personName: string) =>
  `${header.reference} – ${personName}`;

/** The plan page of a case: the current version, the history, and what may be done now. */
export function planPage(input: {
  header: CaseHeader;
  personName: string;
  plan: PlanVersion | null;
  versions: PlanVersionSummary[];
  reviews: PlanReview[];
  work: PlanWorkCheck;
  mayChange: boolean;
  today: string;
}) {
  const { header, plan, today } = input;
  const canChange = input.mayChange && input.work.allowed;
  const reviewState = plan ? reviewDueState(plan.reviewDate, today) : 'not_due';
  const needs = plan ? needsView(header.id, plan, today, canChange) : [];
  const overdueActions = needs.flatMap((n) => n.actions).filter((a) => a.overdue).length;
  return {
    title: `Intervention plan – ${header.reference}`,
    caption: caption(header, input.personName),
    caseHref: sectionPath(header.id, 'plan'),
    blocked:
      input.mayChange && !input.work.allowed ? (input.work as { message: string }).message : null,
    startHref: canChange && !plan ? planUrls.start(header.id) : null,
    plan: plan
      ? {
          versionNumber: plan.versionNumber,
          summary: [
            { key: 'Version', text: String(plan.versionNumber), tag: null },
            {
              key: 'Review by',
              text: dueText(plan.reviewDate, reviewState, today),
              tag: dueTag(reviewState),
            },
            {
              key: 'Started',
              text: `${formatDateTime(plan.createdAt)} by ${plan.createdBy}`,
              tag: null,
            },
          ],
          overdueText:
            overdueActions > 0
              ? `${overdueActions} ${overdueActions === 1 ? 'action is' : 'actions are'} overdue.`
              : null,
          reviewOverdue: reviewState === 'overdue',
          needs,
          addNeedHref: canChange ? planUrls.newNeed(header.id) : null,
          reviewHref: canChange ? planUrls.review(header.id) : null,
        }
      : null,
    versionRows: input.versions.map((v) => ({
      text: `Version ${v.versionNumber}`,
      href: planUrls.version(header.id, v.versionNumber),
      detail: v.superseded
        ? `started ${formatDateTime(v.createdAt)} by ${v.createdBy}, reviewed`
        : `started ${formatDateTime(v.createdAt)} by ${v.createdBy}, current`,
    })),
    reviews: reviewCards(input.reviews),
  };
}

/** One version as it stood (earlier versions are frozen). */
export function versionPage(input: {
  header: CaseHeader;
  personName: string;
  plan: PlanVersion;
  review: PlanReview | null;
  today: string;
}) {
  const { header, plan } = input;
  return {
    title: `Intervention plan version ${plan.versionNumber} – ${header.reference}`,
    caption: caption(header, input.personName),
    heading: `Intervention plan, version ${plan.versionNumber}`,
    planHref: planUrls.plan(header.id),
    superseded: plan.superseded,
    summary: [
      summaryRow('Review date', formatDate(plan.reviewDate)),
      summaryRow('Started', `${formatDateTime(plan.createdAt)} by ${plan.createdBy}`),
    ],
    // Frozen versions show their statuses as they stood; no tags for lateness then.
    needs: needsView(header.id, plan, input.today, false).map((n) => ({
      ...n,
      actions: n.actions.map((a) => ({
        ...a,
        rows: plan.superseded
          ? a.rows.map((r) => (r.key === 'Due' ? { ...r, tag: null } : r))
          : a.rows,
      })),
    })),
    review: input.review ? reviewCards([input.review])[0] : null,
  };
}

export function duePage(input: {
  scope: DueScope;
  hubLead: boolean;
  items: DueItem[];
  total: number;
  page: number;
  pageSize: number;
  today: string;
}) {
  const { today } = input;
  return {
    title: 'Due and overdue',
    scope: input.scope,
    tabs: input.hubLead
      ? [
          { text: 'My cases', href: planUrls.due('mine'), active: input.scope === 'mine' },
          { text: 'Whole hub', href: planUrls.due('hub'), active: input.scope === 'hub' },
        ]
      : null,
    intro:
      input.scope === 'hub'
        ? 'Plan actions and reviews in the open cases of your hub that are overdue or due in the next two weeks.'
        : 'Plan actions and reviews in your allocated cases that are overdue or due in the next two weeks.',
    total: input.total,
    firstPageHref: planUrls.due(input.scope),
    rows: input.items.map((item) => {
      const state =
        item.kind === 'review'
          ? reviewDueState(item.date, today)
          : actionDueState({ status: item.status ?? 'planned', dueDate: item.date }, today);
      return {
        caseHref: planUrls.plan(item.caseId),
        reference: item.reference,
        personName: item.personName,
        what:
          item.kind === 'review'
            ? 'Plan review'
            : `${item.description ?? ''} (${serviceLabel(item.serviceType ?? 'other')})`,
        owner: item.kind === 'review' ? 'Allocated clinicians' : (item.owner ?? ''),
        date: dueText(item.date, state, today),
        tag: dueTag(state),
      };
    }),
    pagination: pagination({
      page: input.page,
      pageSize: input.pageSize,
      total: input.total,
      href: (p) => planUrls.due(input.scope, p),
    }),
  };
}

/** The plan section of the case page: the review date and late actions, tagged, and a link. */
export function planSection(
  caseId: string,
  plan: {
    versionNumber: number;
    reviewDate: string;
    actions: { status: string; dueDate: string }[];
  } | null,
  today: string,
) {
  if (!plan) return { href: planUrls.plan(caseId), started: false, rows: [], overdue: null };
  const reviewState = reviewDueState(plan.reviewDate, today);
  const states = plan.actions.map((a) => actionDueState(a, today));
  const overdue = states.filter((s) => s === 'overdue').length;
  const open = states.filter((s) => s !== 'finished').length;
  return {
    href: planUrls.plan(caseId),
    started: true,
    rows: [
      { key: 'Version', text: String(plan.versionNumber), tag: null },
      {
        key: 'Review by',
        text: dueText(plan.reviewDate, reviewState, today),
        tag: dueTag(reviewState),
      },
      {
        key: 'Actions',
        text: `${plan.actions.length} in all, ${open} still to do`,
        tag: overdue > 0 ? { text: `${overdue} overdue`, classes: 'govuk-tag--red' } : null,
      },
    ],
    overdue: overdue > 0 ? overdue : null,
  };
}
