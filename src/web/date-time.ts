import { readDateInput } from '../domain/dates.ts';
import { londonTime } from '../domain/london-day.ts';

/**
 * A GOV.UK date input plus a time ("14:30"), read from a form body as `<name>-day`,
 * `<name>-month`, `<name>-year` and `<name>-time`. Errors name the input to link to.
 */
export type DateTimeResult =
  { ok: true; value: Date | null } | { ok: false; field: string; message: string };

const text = (body: Record<string, unknown>, key: string): string => {
  const value = body[key];
  return typeof value === 'string' ? value.trim() : '';
};

export function readDateTime(
  body: Record<string, unknown>,
  name: string,
  options: { label: string; required: boolean; now: Date },
): DateTimeResult {
  const { label } = options;
  const day = text(body, `${name}-day`);
  const month = text(body, `${name}-month`);
  const year = text(body, `${name}-year`);
  const time = text(body, `${name}-time`);
  if (!day && !month && !year && !time) {
    return options.required
      ? { ok: false, field: `${name}-day`, message: `Enter the date ${label}` }
      : { ok: true, value: null };
  }
  const date = readDateInput({ day, month, year }, { label: `The date ${label}` });
  if (!date.ok) return { ok: false, field: `${name}-${date.part}`, message: date.message };
  const iso = date.value;
  if (!time) return { ok: false, field: `${name}-time`, message: `Enter the time ${label}` };
  const match = /^(\d{1,2})[:.](\d{2})$/.exec(time);
  const hour = match ? Number(match[1]) : NaN;
  const minute = match ? Number(match[2]) : NaN;
  if (!match || hour > 23 || minute > 59) {
    return {
      ok: false,
      field: `${name}-time`,
      message: `Enter the time ${label} using the 24-hour clock, like 14:30`,
    };
  }
  const value = londonTime(iso, { hour, minute });
  if (value.getTime() > options.now.getTime()) {
    return {
      ok: false,
      field: `${name}-day`,
      message: `The date and time ${label} must be in the past`,
    };
  }
  return { ok: true, value };
}

/** What the inputs held, to show them again. */
export function dateTimeValues(body: Record<string, unknown>, name: string) {
  return {
    day: text(body, `${name}-day`),
    month: text(body, `${name}-month`),
    year: text(body, `${name}-year`),
    time: text(body, `${name}-time`),
  };
}
