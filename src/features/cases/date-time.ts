import { isoDate } from '../../web/form-fields.ts';
import { londonTime } from './format.ts';

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
  const missing = (
    [
      ['day', day],
      ['month', month],
      ['year', year],
    ] as const
  ).filter(([, v]) => v === '');
  if (missing.length) {
    return {
      ok: false,
      field: `${name}-${missing[0]![0]}`,
      message: `The date ${label} must include a ${missing.map(([p]) => p).join(' and ')}`,
    };
  }
  const iso = isoDate(day, month, year);
  if (!iso)
    return { ok: false, field: `${name}-day`, message: `The date ${label} must be a real date` };
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
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const value = londonTime(y, m, d, hour, minute);
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
