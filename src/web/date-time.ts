import { readDateInput, ukToday } from '../domain/dates.ts';
import { londonTime } from '../domain/london-day.ts';

/**
 * A GOV.UK date input plus a time ("14:30"), read from a form body as `<name>-day`,
 * `<name>-month`, `<name>-year` and `<name>-time`. Errors name the input to link to.
 */
export type DateTimeResult =
  { ok: true; value: Date | null } | { ok: false; errors: { field: string; message: string }[] };

const text = (body: Record<string, unknown>, key: string): string => {
  const value = body[key];
  return typeof value === 'string' ? value.trim() : '';
};

/** The time box as hours and minutes of the 24-hour clock, or null. */
function readTime(time: string): { hour: number; minute: number } | null {
  const match = /^(\d{1,2})[:.](\d{2})$/.exec(time);
  if (!match) return null;
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  return hour > 23 || minute > 59 ? null : { hour, minute };
}

/**
 * Reads the date and the time in one pass: a wrong date and a wrong time are both reported at
 * once (a date after today is wrong whatever the time), each linking to its own box.
 */
export function readDateTime(
  body: Record<string, unknown>,
  name: string,
  options: { label: string; required: boolean; now: Date },
): DateTimeResult {
  const { label, now } = options;
  const day = text(body, `${name}-day`);
  const month = text(body, `${name}-month`);
  const year = text(body, `${name}-year`);
  const time = text(body, `${name}-time`);
  if (!day && !month && !year && !time) {
    return options.required
      ? { ok: false, errors: [{ field: `${name}-day`, message: `Enter the date ${label}` }] }
      : { ok: true, value: null };
  }
  const errors: { field: string; message: string }[] = [];
  const date = readDateInput(
    { day, month, year },
    { label: `The date ${label}`, latest: 'today', today: ukToday(now) },
  );
  if (!date.ok) errors.push({ field: `${name}-${date.part}`, message: date.message });
  const clock = time ? readTime(time) : null;
  if (!time) errors.push({ field: `${name}-time`, message: `Enter the time ${label}` });
  else if (!clock) {
    errors.push({
      field: `${name}-time`,
      message: `Enter the time ${label} using the 24-hour clock, like 14:30`,
    });
  }
  if (!date.ok || !clock) return { ok: false, errors };
  const value = londonTime(date.value, clock);
  if (value.getTime() > now.getTime()) {
    return {
      ok: false,
      errors: [{ field: `${name}-time`, message: `The time ${label} must be in the past` }],
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
