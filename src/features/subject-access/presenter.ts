import { dateParts, longDate } from '../../domain/dates.ts';
import { londonDate } from '../../domain/london-day.ts';
import {
  GROUNDS_FOR,
  IDENTITY_METHODS,
  ITEM_CONTROLLER_LABELS,
  SAR_CONTROLLERS,
  SOURCE_LABELS,
  WITHHOLD_GROUNDS,
  isOverdue,
  latestExtendedDeadline,
  readyForBundle,
  type ItemController,
  type ReviewDecision,
  type WithholdGround,
} from '../../domain/subject-access.ts';
import type { DisposableTable } from '../../domain/disposal.ts';
import { noErrors, type FormErrors } from '../../web/forms.ts';
import { dateErrorOf, dateItems } from '../../web/form-parts.ts';
import { escapeHtml, multilineValue } from '../../web/format.ts';
import type { ItemSummary, PersonChoice, QueueRow, RequestRecord } from './service.ts';
import type { ReviewItem, ReviewQueueRow } from './review.ts';

export const sarUrls = {
  queue: '/subject-access',
  register: '/subject-access/new',
  request: (id: string) => `/subject-access/${id}`,
  gather: (id: string) => `/subject-access/${id}/gather`,
  extend: (id: string) => `/subject-access/${id}/extend`,
  bundle: (id: string) => `/subject-access/${id}/bundle.pdf`,
};

/** Where each controller's reviewers work: clinicians on the health side, police leads on theirs. */
export const REVIEW_PREFIX: Record<ItemController, string> = {
  nhs: '/health-review/subject-access',
  police: '/supervision/subject-access',
};

const controllerLabel = (code: string) =>
  SAR_CONTROLLERS.find((c) => c.code === code)?.label ?? code;
const sourceLabel = (table: string) => SOURCE_LABELS[table as DisposableTable] ?? 'Record';
const when = (at: Date | null) => (at ? longDate(londonDate(at)) : 'Not known');

const DECISION_LABELS: Record<ReviewDecision, string> = {
  release: 'Release',
  release_part: 'Release part',
  withhold: 'Withhold',
};

/** A decision as a tag: waiting, released, part released or withheld (with its ground). */
function decisionText(decision: ReviewDecision | null, ground: WithholdGround | null): string {
  if (!decision) return 'Waiting for review';
  const base = DECISION_LABELS[decision];
  return ground ? `${base}: ${WITHHOLD_GROUNDS[ground]}` : base;
}

const dueCell = (due: string, today: string, completed: boolean) =>
  isOverdue(due, today, completed)
    ? {
        html: `${escapeHtml(longDate(due))} <strong class="govuk-tag govuk-tag--red">Overdue</strong>`,
      }
    : { text: longDate(due) };

export function queuePage(input: { rows: QueueRow[]; today: string }) {
  return {
    title: 'Subject access requests',
    registerHref: sarUrls.register,
    rows: input.rows.map((r) => [
      { text: r.personName },
      { text: controllerLabel(r.controller) },
      { text: longDate(r.receivedOn) },
      dueCell(r.due, input.today, false),
      { text: r.gathered ? 'Gathered' : 'Not gathered' },
      {
        html: `<a class="govuk-link" href="${sarUrls.request(r.id)}">View<span class="govuk-visually-hidden"> the request of ${escapeHtml(r.personName)}</span></a>`,
      },
    ]),
  };
}

export function registerPage(input: {
  q: string;
  searched: boolean;
  people: PersonChoice[];
  today: string;
  searchError?: string;
  values?: Record<string, string>;
  errors?: FormErrors;
}) {
  const values = input.values ?? {};
  const errors = input.errors ?? noErrors;
  return {
    title: 'Register a subject access request',
    backHref: sarUrls.queue,
    q: input.q,
    searched: input.searched,
    searchError: input.searchError ? { text: input.searchError } : undefined,
    action: sarUrls.register,
    values,
    errorSummary: errors.summary,
    errors: errors.byField,
    personItems: input.people.map((p) => ({
      value: p.personId,
      text: `${p.name}, born ${longDate(p.dateOfBirth)}`,
      hint: { text: `Cases: ${p.references.join(', ')}` },
      checked: values.personId === p.personId || input.people.length === 1,
    })),
    receivedItems: dateItems(
      input.values,
      'receivedOn',
      dateParts(input.today),
      dateErrorOf(errors.byField, 'receivedOn') !== undefined,
    ),
    receivedError: dateErrorOf(errors.byField, 'receivedOn'),
    methodItems: IDENTITY_METHODS.map((m) => ({
      value: m.code,
      text: m.label,
      checked: values.identityMethod === m.code,
    })),
    controllerItems: SAR_CONTROLLERS.map((c) => ({
      value: c.code,
      text: c.label,
      checked: values.controller === c.code,
    })),
  };
}

export function requestPage(input: {
  request: RequestRecord;
  items: ItemSummary[];
  today: string;
}) {
  const { request: r, items, today } = input;
  const due = r.extendedTo ?? r.dueOn;
  const done = r.disclosedAt !== null;
  const summaryRows = [
    { key: { text: 'Person' }, value: { text: r.personName } },
    { key: { text: 'Made to' }, value: { text: controllerLabel(r.controller) } },
    { key: { text: 'Received' }, value: { text: longDate(r.receivedOn) } },
    {
      key: { text: 'Identity checked' },
      value: {
        text: `${IDENTITY_METHODS.find((m) => m.code === r.identityMethod)?.label ?? ''}, by ${r.identityCheckedBy}`,
      },
    },
    { key: { text: 'Deadline' }, value: dueCell(due, today, done) },
    ...(r.extendedTo
      ? [
          {
            key: { text: 'Extended' },
            value: multilineValue(`From ${longDate(r.dueOn)}: ${r.extensionReason ?? ''}`),
          },
        ]
      : []),
    {
      key: { text: 'Status' },
      value: {
        text: done
          ? `Bundle produced on ${when(r.disclosedAt)}`
          : r.gatheredAt
            ? 'Records gathered, in review'
            : 'Records not gathered yet',
      },
    },
  ];
  const tables = (['nhs', 'police'] as const)
    .map((controller) => ({
      controller,
      caption: `${ITEM_CONTROLLER_LABELS[controller]}: ${items.filter((i) => i.controller === controller).length} records`,
      rows: items
        .filter((i) => i.controller === controller)
        .map((i) => [
          { text: sourceLabel(i.sourceTable) },
          { text: `${i.reference} (${i.hubName})` },
          { text: when(i.recordedAt) },
          { text: decisionText(i.decision, i.ground) },
        ]),
    }))
    .filter((t) => r.gatheredAt && (r.controller === 'both' || r.controller === t.controller));
  return {
    title: 'Subject access request',
    backHref: sarUrls.queue,
    summaryRows,
    gathered: r.gatheredAt !== null,
    gatherAction: sarUrls.gather(r.id),
    extendHref: done ? null : sarUrls.extend(r.id),
    ready: r.gatheredAt !== null && readyForBundle(items),
    bundleHref: sarUrls.bundle(r.id),
    done,
    tables,
  };
}

export function extendPage(input: {
  request: RequestRecord;
  values?: Record<string, string>;
  errors?: FormErrors;
}) {
  const { request: r } = input;
  const errors = input.errors ?? noErrors;
  const current = r.extendedTo ?? r.dueOn;
  return {
    title: 'Extend the deadline',
    backHref: sarUrls.request(r.id),
    action: sarUrls.extend(r.id),
    hint: `The current deadline is ${longDate(current)}. It can be extended to ${longDate(latestExtendedDeadline(r.receivedOn))} at the latest.`,
    values: input.values ?? {},
    errorSummary: errors.summary,
    errors: errors.byField,
    dateItems: dateItems(
      input.values,
      'extendTo',
      { day: '', month: '', year: '' },
      dateErrorOf(errors.byField, 'extendTo') !== undefined,
    ),
    dateError: dateErrorOf(errors.byField, 'extendTo'),
  };
}

export function reviewQueuePage(controller: ItemController, rows: ReviewQueueRow[], today: string) {
  return {
    title:
      controller === 'nhs'
        ? 'Subject access: health records to review'
        : 'Subject access: police records to review',
    rows: rows.map((r) => [
      { text: r.personName },
      dueCell(r.due, today, false),
      { text: String(r.waiting) },
      {
        html: `<a class="govuk-link" href="${REVIEW_PREFIX[controller]}/${r.requestId}">Review<span class="govuk-visually-hidden"> the records of ${escapeHtml(r.personName)}</span></a>`,
      },
    ]),
  };
}

export function reviewPage(
  controller: ItemController,
  input: { requestId: string; personName: string; closed: boolean; items: ReviewItem[] },
) {
  const prefix = REVIEW_PREFIX[controller];
  return {
    title: `Records of ${input.personName}`,
    caption: 'Subject access review',
    backHref: prefix,
    controller,
    closed: input.closed,
    items: input.items.map((i, n) => ({
      heading: `${n + 1}. ${sourceLabel(i.sourceTable)}, ${i.reference}, ${when(i.recordedAt)}`,
      body: multilineValue(i.body).html,
      decision: decisionText(i.decision, i.ground),
      reason: i.reason,
      releasedText: i.releasedText ? multilineValue(i.releasedText).html : null,
      href:
        input.closed || i.ground === 'restricted_note'
          ? null
          : `${prefix}/${input.requestId}/items/${i.id}`,
    })),
  };
}

export function itemPage(
  controller: ItemController,
  input: {
    requestId: string;
    item: ReviewItem;
    values?: Record<string, string>;
    errors?: FormErrors;
  },
) {
  const { item } = input;
  const errors = input.errors ?? noErrors;
  const values = input.values ?? {
    decision: item.decision ?? '',
    ground: item.ground ?? '',
    reason: item.reason ?? '',
    releasedText: item.releasedText ?? item.body,
  };
  const prefix = REVIEW_PREFIX[controller];
  return {
    title: `Review: ${sourceLabel(item.sourceTable)}`,
    caption: `${item.reference}, ${when(item.recordedAt)}`,
    backHref: `${prefix}/${input.requestId}`,
    action: `${prefix}/${input.requestId}/items/${item.id}`,
    body: multilineValue(item.body).html,
    testName:
      controller === 'nhs' ? 'the serious harm test' : 'section 45 of the Data Protection Act 2018',
    values,
    errorSummary: errors.summary,
    errors: errors.byField,
    groundItems: GROUNDS_FOR[controller].map((g) => ({
      value: g,
      text: WITHHOLD_GROUNDS[g],
      checked: values.ground === g,
    })),
  };
}
