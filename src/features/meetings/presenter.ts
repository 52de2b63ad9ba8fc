import { sectionPath } from '../cases/registry.ts';
import { STATE_LABELS } from '../../domain/case-state.ts';
import { labelOf } from '../../domain/reference/list.ts';
import { MAPPA_CATEGORIES, MAPPA_LEVELS, MEETING_TYPES } from '../../domain/reference/liaison.ts';
import { PLAN_NEED_CATEGORIES, SERVICE_TYPES } from '../../domain/reference/plans.ts';
import { noErrors, type FormErrors } from '../../web/forms.ts';
import type { CaseHeader } from '../../access/case-context.ts';
import { summaryRow } from '../../web/conflict.ts';
import { formatDateTime } from '../../web/case-format.ts';
import { formatDate } from '../../web/format.ts';
import { dateErrorOf, dateItems } from '../../web/form-parts.ts';
import { categoryLabel, planUrls } from '../plans/presenter.ts';
import type { PlanVersion } from '../plans/read.ts';
import { dateParts } from '../../web/form-fields.ts';
import type { MeetingInput } from './form.ts';
import type { Meeting, MeetingListItem, MeetingRecord } from './read.ts';

export const meetingUrls = {
  list: (caseId: string) => `/cases/${caseId}/meetings`,
  form: (caseId: string) => `/cases/${caseId}/meetings/new`,
  create: (caseId: string) => `/cases/${caseId}/meetings`,
  meeting: (caseId: string, meetingId: string) => `/cases/${caseId}/meetings/${meetingId}`,
  edit: (caseId: string, meetingId: string) => `/cases/${caseId}/meetings/${meetingId}/edit`,
  attendees: (caseId: string, meetingId: string) =>
    `/cases/${caseId}/meetings/${meetingId}/attendees`,
  removeAttendee: (caseId: string, meetingId: string, attendeeId: string) =>
    `/cases/${caseId}/meetings/${meetingId}/attendees/${attendeeId}/remove`,
  actions: (caseId: string, meetingId: string) => `/cases/${caseId}/meetings/${meetingId}/actions`,
  removeAction: (caseId: string, meetingId: string, actionId: string) =>
    `/cases/${caseId}/meetings/${meetingId}/actions/${actionId}/remove`,
  addToPlan: (caseId: string, meetingId: string, actionId: string) =>
    `/cases/${caseId}/meetings/${meetingId}/actions/${actionId}/plan`,
};

const typeLabel = (meeting: MeetingInput) => labelOf(MEETING_TYPES, meeting.meetingType);

export const meetingTitle = (meeting: MeetingInput) =>
  `${typeLabel(meeting)} – ${formatDate(meeting.heldOn)}`;

/** The details of a meeting as summary list rows (meeting page, conflict page). */
export function meetingRows(meeting: MeetingInput) {
  return [
    summaryRow('Type', typeLabel(meeting)),
    summaryRow('Date', formatDate(meeting.heldOn)),
    ...(meeting.mappaCategory !== null
      ? [
          summaryRow(
            'MAPPA category',
            labelOf(MAPPA_CATEGORIES, String(meeting.mappaCategory) as '1'),
          ),
        ]
      : []),
    ...(meeting.mappaLevel !== null
      ? [summaryRow('MAPPA level', labelOf(MAPPA_LEVELS, String(meeting.mappaLevel) as '1'))]
      : []),
    summaryRow('VSS contribution', meeting.vssContribution),
  ];
}

const recordedText = (m: Meeting) =>
  `${m.recordedBy}, ${formatDateTime(m.recordedAt)}${
    m.updatedAt
      ? ` (last changed by ${m.updatedBy ?? 'unknown'}, ${formatDateTime(m.updatedAt)})`
      : ''
  }`;

/** The meetings of a case (health compartment). */
export function meetingListPage(input: {
  header: CaseHeader;
  meetings: MeetingListItem[];
  canRecord: boolean;
}) {
  const { header } = input;
  return {
    title: `Multi-agency meetings – ${header.reference}`,
    reference: header.reference,
    caseHref: sectionPath(header.id, 'liaison'),
    status: STATE_LABELS[header.status],
    recordHref: input.canRecord ? meetingUrls.form(header.id) : null,
    meetings: input.meetings.map((m) => ({
      title: meetingTitle(m),
      actions: {
        items: [
          {
            href: meetingUrls.meeting(header.id, m.id),
            text: 'View',
          },
        ],
      },
      rows: [
        ...meetingRows(m),
        summaryRow('Attendees', String(m.attendeeCount)),
        summaryRow('Agreed actions', String(m.actionCount)),
      ],
    })),
  };
}

/** The page of one meeting: details, attendees and agreed actions, with their forms. */
export function meetingPage(input: {
  header: CaseHeader;
  record: MeetingRecord;
  canRecord: boolean;
  canAddToPlan: boolean;
  values?: Record<string, string>;
  errors?: FormErrors;
  refusal?: string;
}) {
  const { header, record, canRecord } = input;
  const { meeting } = record;
  const errors = input.errors ?? noErrors;
  const v = input.values;
  const dueError = dateErrorOf(errors.byField, 'actionDue');
  const caseId = header.id;
  return {
    title: meetingTitle(meeting),
    reference: header.reference,
    listHref: meetingUrls.list(caseId),
    version: String(meeting.version),
    canRecord,
    errorSummary: errors.summary,
    errors: errors.byField,
    refusal: input.refusal ?? null,
    detailsCard: {
      card: {
        title: { text: 'Meeting', headingLevel: 2 },
        actions: canRecord
          ? {
              items: [
                {
                  href: meetingUrls.edit(caseId, meeting.id),
                  text: 'Change',
                },
              ],
            }
          : undefined,
      },
      rows: [...meetingRows(meeting), summaryRow('Recorded', recordedText(meeting))],
    },
    attendees: record.attendees.map((a) => ({
      name: a.name,
      agency: a.agency,
      removeAction: meetingUrls.removeAttendee(caseId, meeting.id, a.id),
    })),
    addAttendeeAction: meetingUrls.attendees(caseId, meeting.id),
    attendeeValues: { name: v?.attendeeName ?? '', agency: v?.attendeeAgency ?? '' },
    actions: record.actions.map((a) => ({
      description: a.description,
      owner: a.owner,
      due: formatDate(a.dueOn),
      inPlan: a.planActionId !== null,
      removeAction: a.planActionId ? null : meetingUrls.removeAction(caseId, meeting.id, a.id),
      addToPlanAction:
        input.canAddToPlan && !a.planActionId
          ? meetingUrls.addToPlan(caseId, meeting.id, a.id)
          : null,
    })),
    addActionAction: meetingUrls.actions(caseId, meeting.id),
    actionValues: {
      description: v?.actionDescription ?? '',
      owner: v?.actionOwner ?? '',
    },
    dueError,
    dueItems: dateItems(v, 'actionDue', { day: '', month: '', year: '' }, dueError !== undefined),
  };
}

/** The form values of a stored meeting, to open the change form with. */
export function meetingValues(meeting: Meeting): Record<string, string> {
  const date = dateParts(meeting.heldOn);
  return {
    meetingType: meeting.meetingType,
    mappaCategory: meeting.mappaCategory === null ? '' : String(meeting.mappaCategory),
    mappaLevel: meeting.mappaLevel === null ? '' : String(meeting.mappaLevel),
    'heldOn-day': date.day,
    'heldOn-month': date.month,
    'heldOn-year': date.year,
    vssContribution: meeting.vssContribution,
    version: String(meeting.version),
  };
}

const radios = (list: readonly { code: string; label: string }[], selected: string | undefined) =>
  list.map((item) => ({ value: item.code, text: item.label, checked: item.code === selected }));

/** The form to record a meeting, or to change its details. */
export function meetingFormPage(input: {
  header: CaseHeader;
  today: string;
  meetingId?: string;
  values?: Record<string, string>;
  errors?: FormErrors;
}) {
  const { header } = input;
  const errors = input.errors ?? noErrors;
  const v = input.values;
  const dateError = dateErrorOf(errors.byField, 'heldOn');
  const editing = input.meetingId !== undefined;
  return {
    title: editing ? 'Change the meeting details' : 'Record a multi-agency meeting',
    caption: header.reference,
    action: editing
      ? meetingUrls.meeting(header.id, input.meetingId!)
      : meetingUrls.create(header.id),
    backHref: editing
      ? meetingUrls.meeting(header.id, input.meetingId!)
      : meetingUrls.list(header.id),
    submitText: editing ? 'Save changes' : 'Record meeting',
    version: v?.version ?? String(header.version),
    errorSummary: errors.summary,
    errors: errors.byField,
    dateError,
    dateItems: dateItems(v, 'heldOn', dateParts(input.today), dateError !== undefined),
    meetingTypes: radios(MEETING_TYPES, v?.meetingType),
    mappaCategories: radios(MAPPA_CATEGORIES, v?.mappaCategory),
    mappaLevels: radios(MAPPA_LEVELS, v?.mappaLevel),
    vssContribution: v?.vssContribution ?? '',
  };
}

/** The meetings section of the case page: the latest meetings and the way to each. */
export function meetingsSection(caseId: string, meetings: MeetingListItem[], canRecord: boolean) {
  return {
    count: meetings.length,
    listHref: meetingUrls.list(caseId),
    recordHref: canRecord ? meetingUrls.form(caseId) : null,
    items: meetings.slice(0, 5).map((m) => ({
      href: meetingUrls.meeting(caseId, m.id),
      text: meetingTitle(m),
      detail: `${m.attendeeCount} ${m.attendeeCount === 1 ? 'attendee' : 'attendees'}, ${m.actionCount} agreed ${m.actionCount === 1 ? 'action' : 'actions'}`,
    })),
  };
}

/** "Add to plan" for one agreed action: the plan's needs to choose from, or a new one. */
export function addToPlanPage(input: {
  header: CaseHeader;
  record: MeetingRecord;
  actionId: string;
  plan: PlanVersion | null;
  values?: Record<string, string>;
  errors?: FormErrors;
}) {
  const { header, record } = input;
  const action = record.actions.find((a) => a.id === input.actionId)!;
  const errors = input.errors ?? noErrors;
  const v = input.values;
  return {
    title: 'Add an agreed action to the intervention plan',
    caption: `${header.reference} – ${meetingTitle(record.meeting)}`,
    backHref: meetingUrls.meeting(header.id, record.meeting.id),
    action: meetingUrls.addToPlan(header.id, record.meeting.id, action.id),
    version: v?.version ?? String(record.meeting.version),
    errorSummary: errors.summary,
    errors: errors.byField,
    actionRows: [
      summaryRow('Action', action.description),
      summaryRow('Owner', action.owner),
      summaryRow('Due', formatDate(action.dueOn)),
    ],
    startPlanHref: input.plan ? null : planUrls.start(header.id),
    needs: (input.plan?.needs ?? []).map((n) => ({
      value: n.id,
      text: `${categoryLabel(n.category)}: ${n.description}`,
      checked: v?.need === n.id,
    })),
    newNeedChecked: v?.need === 'new',
    needCategories: PLAN_NEED_CATEGORIES.map((c) => ({
      value: c.code,
      text: c.label,
      checked: v?.needCategory === c.code,
    })),
    needDescription: v?.needDescription ?? '',
    serviceTypes: SERVICE_TYPES.map((s) => ({
      value: s.code,
      text: s.label,
      checked: v?.serviceType === s.code,
    })),
    agency: v?.agency ?? '',
  };
}
