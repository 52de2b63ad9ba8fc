import {
  CANCELLED_BY,
  CONTACT_KINDS,
  CONTACT_METHODS,
  CONTACT_OUTCOMES,
  type CancelledBy,
  type ContactKind,
  type ContactMethod,
} from '../../domain/contacts.ts';
import { isCode } from '../../domain/reference/list.ts';
import type { FormErrors } from '../../web/forms.ts';
import { orderedErrors, versionOf, type ErrorPair } from '../../web/form-issues.ts';
import { formInput } from '../../web/form-fields.ts';
import { readDay, readText } from '../../web/form-parts.ts';

/**
 * The three contact forms: book an appointment, record a contact after the fact, and give an
 * appointment its outcome. Each reads the GOV.UK inputs to a typed value or errors in page order.
 */

/** Who, how, when and where: what booking and recording share. */
export interface ContactWhen {
  kind: ContactKind;
  withWhom: string | null;
  method: ContactMethod;
  /** 'YYYY-MM-DD', UK day */
  day: string;
  time: { hour: number; minute: number };
  place: string | null;
}

export interface AppointmentInput extends ContactWhen {
  durationMinutes: number | null;
}

export interface RecordedInput extends ContactWhen {
  durationMinutes: number | null;
  summary: string;
  followUp: string | null;
}

export type OutcomeInput =
  | {
      outcome: 'attended';
      durationMinutes: number | null;
      summary: string;
      followUp: string | null;
    }
  | { outcome: 'did_not_attend'; summary: string | null; followUp: string | null }
  | { outcome: 'cancelled'; cancelledBy: CancelledBy; summary: string | null }
  | {
      outcome: 'rescheduled';
      day: string;
      time: { hour: number; minute: number };
      summary: string | null;
    };

const WHEN_FIELDS = [
  'kind',
  'withWhom',
  'method',
  'day-day',
  'day-month',
  'day-year',
  'time',
  'place',
  'duration',
] as const;
export const APPOINTMENT_FIELDS = [...WHEN_FIELDS, 'version'] as const;
export const RECORDED_FIELDS = [...WHEN_FIELDS, 'summary', 'followUp', 'version'] as const;
export const OUTCOME_FIELDS = [
  'outcome',
  'cancelledBy',
  'newDay-day',
  'newDay-month',
  'newDay-year',
  'newTime',
  'duration',
  'summary',
  'followUp',
  'version',
] as const;
const FIELD_ORDER = [
  'outcome',
  'cancelledBy',
  'newDay',
  'newTime',
  'kind',
  'withWhom',
  'method',
  'day',
  'time',
  'place',
  'duration',
  'summary',
  'followUp',
];

type Values = Record<string, string>;
export type Read<T> =
  { ok: true; version: number; value: T } | { ok: false; errors: FormErrors; values: Values };

/** '14:30', '2:30pm', '9am', '9.15am' → hour and minute; null when not a time of day. */
export function parseTime(text: string): { hour: number; minute: number } | null {
  const match = /^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$/i.exec(text.trim());
  if (!match) return null;
  let hour = Number(match[1]);
  const minute = match[2] === undefined ? 0 : Number(match[2]);
  const half = match[3]?.toLowerCase();
  if (minute > 59) return null;
  if (half) {
    if (hour < 1 || hour > 12) return null;
    if (half === 'am' && hour === 12) hour = 0;
    if (half === 'pm' && hour !== 12) hour += 12;
  } else if (match[2] === undefined || hour > 23) {
    return null;
  }
  return { hour, minute };
}

function readTime(values: Values, name: string, label: string, pairs: ErrorPair[]) {
  const text = (values[name] ?? '').trim();
  if (text === '') {
    pairs.push([name, `Enter ${label}`]);
    return null;
  }
  const time = parseTime(text);
  if (!time) pairs.push([name, `Enter ${label} like 2:30pm or 14:30`]);
  return time;
}

function readDuration(values: Values, pairs: ErrorPair[]): number | null | undefined {
  const text = (values.duration ?? '').trim();
  if (text === '') return null;
  if (!/^\d{1,4}$/.test(text) || Number(text) < 1 || Number(text) > 1440) {
    pairs.push(['duration', 'Enter the duration as a number of minutes, from 1 to 1440']);
    return undefined;
  }
  return Number(text);
}

const optional = (
  values: Values,
  name: string,
  limit: [max: number, label: string],
  pairs: ErrorPair[],
) =>
  readText(
    values,
    name,
    { max: limit[0], tooLong: `${limit[1]} must be ${limit[0]} characters or fewer` },
    pairs,
  );

function readWhen(
  values: Values,
  rule: { today: string; past: boolean },
  pairs: ErrorPair[],
): ContactWhen | null {
  const kind = values.kind;
  if (!isCode(CONTACT_KINDS, kind)) pairs.push(['kind', 'Select who the contact is with']);
  const withWhom =
    kind === 'person'
      ? optional(values, 'withWhom', [200, 'Who else was there'], pairs)
      : readText(
          values,
          'withWhom',
          {
            empty:
              kind === 'professional'
                ? 'Enter which professional, for example their role and service'
                : 'Enter who the contact is with, for example their relation to the person',
            max: 200,
            tooLong: 'Who the contact is with must be 200 characters or fewer',
          },
          pairs,
        );
  const method = values.method;
  if (!isCode(CONTACT_METHODS, method)) pairs.push(['method', 'Select how the contact is made']);
  const day = readDay(
    values,
    'day',
    {
      label: rule.past ? 'The date of the contact' : 'The date of the appointment',
      today: rule.today,
      ...(rule.past ? { notInFuture: true } : { earliest: rule.today }),
    },
    pairs,
  );
  const time = readTime(values, 'time', 'the time', pairs);
  const place = optional(values, 'place', [200, 'The place'], pairs);
  if (!isCode(CONTACT_KINDS, kind) || !isCode(CONTACT_METHODS, method) || !day || !time) {
    return null;
  }
  return { kind, withWhom, method, day, time, place };
}

const failed = (pairs: ErrorPair[], values: Values) => ({
  ok: false as const,
  errors: orderedErrors(pairs, FIELD_ORDER),
  values,
});

/** The form to book an appointment: on or after today. */
export function readAppointmentForm(body: unknown, today: string): Read<AppointmentInput> {
  const values = formInput(body, APPOINTMENT_FIELDS);
  const pairs: ErrorPair[] = [];
  const when = readWhen(values, { today, past: false }, pairs);
  const durationMinutes = readDuration(values, pairs);
  if (pairs.length > 0 || !when || durationMinutes === undefined) return failed(pairs, values);
  return { ok: true, version: versionOf(values) ?? -1, value: { ...when, durationMinutes } };
}

/** The form to record a contact that happened: today or before, with a summary. */
export function readRecordedForm(body: unknown, today: string): Read<RecordedInput> {
  const values = formInput(body, RECORDED_FIELDS);
  const pairs: ErrorPair[] = [];
  const when = readWhen(values, { today, past: true }, pairs);
  const durationMinutes = readDuration(values, pairs);
  const summary = readText(
    values,
    'summary',
    {
      empty: 'Enter a summary of the contact',
      max: 5000,
      tooLong: 'The summary must be 5,000 characters or fewer',
    },
    pairs,
  );
  const followUp = optional(values, 'followUp', [2000, 'The follow-up'], pairs);
  if (pairs.length > 0 || !when || durationMinutes === undefined || !summary) {
    return failed(pairs, values);
  }
  return {
    ok: true,
    version: versionOf(values) ?? -1,
    value: { ...when, durationMinutes, summary, followUp },
  };
}

/** The outcome of an appointment. A new appointment for "rescheduled" is on or after today. */
export function readOutcomeForm(body: unknown, today: string): Read<OutcomeInput> {
  const values = formInput(body, OUTCOME_FIELDS);
  const pairs: ErrorPair[] = [];
  const outcome = values.outcome;
  const version = versionOf(values) ?? -1;
  if (!isCode(CONTACT_OUTCOMES, outcome)) {
    pairs.push(['outcome', 'Select what happened']);
    return failed(pairs, values);
  }
  const summaryLimit = { max: 5000, tooLong: 'The summary must be 5,000 characters or fewer' };
  const followUp = optional(values, 'followUp', [2000, 'The follow-up'], pairs);
  let value: OutcomeInput | null = null;
  switch (outcome) {
    case 'attended': {
      const durationMinutes = readDuration(values, pairs);
      const summary = readText(
        values,
        'summary',
        { empty: 'Enter a summary of the contact', ...summaryLimit },
        pairs,
      );
      if (summary && durationMinutes !== undefined) {
        value = { outcome: 'attended', durationMinutes, summary, followUp };
      }
      break;
    }
    case 'did_not_attend': {
      const summary = readText(values, 'summary', summaryLimit, pairs);
      value = { outcome: 'did_not_attend', summary, followUp };
      break;
    }
    case 'cancelled': {
      const cancelledBy = values.cancelledBy;
      const summary = readText(values, 'summary', summaryLimit, pairs);
      if (!isCode(CANCELLED_BY, cancelledBy)) {
        pairs.push(['cancelledBy', 'Select who cancelled the appointment']);
      } else {
        value = { outcome: 'cancelled', cancelledBy, summary };
      }
      break;
    }
    case 'rescheduled': {
      const day = readDay(
        values,
        'newDay',
        { label: 'The date of the new appointment', today, earliest: today },
        pairs,
      );
      const time = readTime(values, 'newTime', 'the time of the new appointment', pairs);
      const summary = readText(values, 'summary', summaryLimit, pairs);
      if (day && time) value = { outcome: 'rescheduled', day, time, summary };
      break;
    }
  }
  if (pairs.length > 0 || !value) return failed(pairs, values);
  return { ok: true, version, value };
}
