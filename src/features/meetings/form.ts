import { mappaApplies } from '../../domain/liaison.ts';
import { isCode, type CodeOf } from '../../domain/reference/list.ts';
import { MAPPA_CATEGORIES, MAPPA_LEVELS, MEETING_TYPES } from '../../domain/reference/liaison.ts';
import {
  PLAN_NEED_CATEGORIES,
  SERVICE_TYPES,
  type ServiceType,
} from '../../domain/reference/plans.ts';
import type { FormErrors } from '../../web/forms.ts';
import type { NeedInput } from '../plans/service.ts';
import { orderedErrors, versionOf, type ErrorPair } from '../../web/form-issues.ts';
import { readDay, readText } from '../../web/form-parts.ts';
import { formInput } from '../../web/form-fields.ts';
import { isUuid } from '../../web/ids.ts';

export type MeetingType = CodeOf<typeof MEETING_TYPES>;

/** A multi-agency meeting's details. MAPPA category and level: MAPPA meetings only. */
export interface MeetingInput {
  meetingType: MeetingType;
  heldOn: string;
  mappaCategory: number | null;
  mappaLevel: number | null;
  vssContribution: string;
}

export interface AttendeeInput {
  name: string;
  agency: string;
}

export interface AgreedActionInput {
  description: string;
  owner: string;
  dueOn: string;
}

type Parsed<T> =
  | { ok: true; version: number; data: T }
  | { ok: false; errors: FormErrors; values: Record<string, string> };

export const MEETING_FIELDS = [
  'meetingType',
  'mappaCategory',
  'mappaLevel',
  'heldOn-day',
  'heldOn-month',
  'heldOn-year',
  'vssContribution',
  'version',
] as const;

/** A missing version is a form that is not ours: the save is refused as stale. */
const versionOrStale = (values: Record<string, string>) => versionOf(values) ?? -1;

export function readMeetingForm(body: unknown, today: string): Parsed<MeetingInput> {
  const values = formInput(body, MEETING_FIELDS);
  const pairs: ErrorPair[] = [];
  const meetingType = values.meetingType;
  if (!isCode(MEETING_TYPES, meetingType))
    pairs.push(['meetingType', 'Select the type of meeting']);
  let mappaCategory: number | null = null;
  let mappaLevel: number | null = null;
  if (typeof meetingType === 'string' && mappaApplies(meetingType)) {
    if (isCode(MAPPA_CATEGORIES, values.mappaCategory))
      mappaCategory = Number(values.mappaCategory);
    else pairs.push(['mappaCategory', 'Select the MAPPA category']);
    if (isCode(MAPPA_LEVELS, values.mappaLevel)) mappaLevel = Number(values.mappaLevel);
    else pairs.push(['mappaLevel', 'Select the MAPPA level']);
  }
  const heldOn = readDay(
    values,
    'heldOn',
    { label: 'The date of the meeting', today, notInFuture: true },
    pairs,
  );
  const vssContribution = readText(
    values,
    'vssContribution',
    {
      empty: 'Enter what the VSS contributed',
      max: 5000,
      tooLong: 'The VSS contribution must be 5,000 characters or fewer',
    },
    pairs,
  );
  if (pairs.length > 0 || !isCode(MEETING_TYPES, meetingType) || !heldOn || !vssContribution) {
    return {
      ok: false,
      values,
      errors: orderedErrors(pairs, [
        'meetingType',
        'mappaCategory',
        'mappaLevel',
        'heldOn',
        'vssContribution',
      ]),
    };
  }
  return {
    ok: true,
    version: versionOrStale(values),
    data: { meetingType, heldOn, mappaCategory, mappaLevel, vssContribution },
  };
}

export function readAttendeeForm(body: unknown): Parsed<AttendeeInput> {
  const values = formInput(body, ['attendeeName', 'attendeeAgency', 'version']);
  const pairs: ErrorPair[] = [];
  const name = readText(
    values,
    'attendeeName',
    {
      empty: 'Enter the attendee’s name',
      max: 200,
      tooLong: 'The name must be 200 characters or fewer',
    },
    pairs,
  );
  const agency = readText(
    values,
    'attendeeAgency',
    {
      empty: 'Enter the attendee’s agency',
      max: 200,
      tooLong: 'The agency must be 200 characters or fewer',
    },
    pairs,
  );
  if (!name || !agency) {
    return { ok: false, values, errors: orderedErrors(pairs, ['attendeeName', 'attendeeAgency']) };
  }
  return { ok: true, version: versionOrStale(values), data: { name, agency } };
}

export function readAgreedActionForm(body: unknown): Parsed<AgreedActionInput> {
  const values = formInput(body, [
    'actionDescription',
    'actionOwner',
    'actionDue-day',
    'actionDue-month',
    'actionDue-year',
    'version',
  ]);
  const pairs: ErrorPair[] = [];
  const description = readText(
    values,
    'actionDescription',
    {
      empty: 'Enter the action',
      max: 1000,
      tooLong: 'The action must be 1,000 characters or fewer',
    },
    pairs,
  );
  const owner = readText(
    values,
    'actionOwner',
    {
      empty: 'Enter who owns the action',
      max: 200,
      tooLong: 'The owner must be 200 characters or fewer',
    },
    pairs,
  );
  // Any real date: a meeting recorded late may have agreed actions already due.
  const dueOn = readDay(values, 'actionDue', { label: 'The due date', today: '9999-12-31' }, pairs);
  if (!description || !owner || !dueOn) {
    return {
      ok: false,
      values,
      errors: orderedErrors(pairs, ['actionDescription', 'actionOwner', 'actionDue']),
    };
  }
  return { ok: true, version: versionOrStale(values), data: { description, owner, dueOn } };
}

/** The version a remove button carries. */
export const versionOfBody = (body: unknown): number =>
  versionOrStale(formInput(body, ['version']));

export interface AddToPlanInput {
  need: { id: string } | NeedInput;
  serviceType: ServiceType;
  agency: string;
}

/** "Add to plan": which need the action serves (one of the plan's, or a new one), and how. */
export function readAddToPlanForm(body: unknown): Parsed<AddToPlanInput> {
  const values = formInput(body, [
    'need',
    'needCategory',
    'needDescription',
    'serviceType',
    'agency',
    'version',
  ]);
  const pairs: ErrorPair[] = [];
  let need: AddToPlanInput['need'] | null = null;
  if (values.need === 'new') {
    const category = values.needCategory;
    if (!isCode(PLAN_NEED_CATEGORIES, category)) {
      pairs.push(['needCategory', 'Select the kind of need']);
    }
    const description = readText(
      values,
      'needDescription',
      {
        empty: 'Describe the need',
        max: 2000,
        tooLong: 'The need must be 2,000 characters or fewer',
      },
      pairs,
    );
    if (isCode(PLAN_NEED_CATEGORIES, category) && description) need = { category, description };
  } else if (isUuid(values.need)) {
    need = { id: values.need };
  } else {
    pairs.push(['need', 'Select the need this action serves']);
  }
  const serviceType = values.serviceType;
  if (!isCode(SERVICE_TYPES, serviceType))
    pairs.push(['serviceType', 'Select the kind of service']);
  const agency = readText(
    values,
    'agency',
    {
      empty: 'Enter the agency responsible',
      max: 200,
      tooLong: 'The agency must be 200 characters or fewer',
    },
    pairs,
  );
  if (pairs.length > 0 || !need || !isCode(SERVICE_TYPES, serviceType) || !agency) {
    return {
      ok: false,
      values,
      errors: orderedErrors(pairs, [
        'need',
        'needCategory',
        'needDescription',
        'serviceType',
        'agency',
      ]),
    };
  }
  return { ok: true, version: versionOrStale(values), data: { need, serviceType, agency } };
}
