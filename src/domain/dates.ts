/**
 * THE dates module: the one "today in the UK" and the one reader of a GOV.UK date input
 * (day, month, year boxes), with the one range rule. Pure: the caller passes the clock's now.
 */
import { londonDate } from './london-day.ts';

export const DATE_PARTS = ['day', 'month', 'year'] as const;
export type DatePart = (typeof DATE_PARTS)[number];

/** What the three boxes of a GOV.UK date input hold. */
export type DateParts = Record<DatePart, string>;

/**
 * Today's date in the UK (Europe/London, so British Summer Time counts), 'YYYY-MM-DD', from
 * the injected clock's now. Between midnight and 1 am in summer UTC's date is still yesterday:
 * never take today from `toISOString()`.
 */
export const ukToday = (now: Date): string => londonDate(now);

/** The earliest date any form accepts unless it asks for a later one. */
export const EARLIEST_DATE = '1900-01-01';

/** A bound of the range: a date 'YYYY-MM-DD', or 'today' for today's UK date (the `today` option). */
export type DateBound = string;

export interface DateRule {
  /** How the messages name the date, starting with a capital: 'Date of birth', 'The due date'. */
  label: string;
  /** The first date allowed; EARLIEST_DATE if not given. */
  earliest?: DateBound;
  /** The last date allowed; none if not given. */
  latest?: DateBound;
  /** Today's UK date (ukToday), needed when a bound is 'today'. */
  today?: string;
}

export type DateInputResult =
  { ok: true; value: string } | { ok: false; part: DatePart; message: string };

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const pad = (n: number) => String(n).padStart(2, '0');

/** Days in a month of a year (1-based month), leap years included. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The box at fault when the three do not make a real date, or null if they do. */
function wrongPart(parts: DateParts): DatePart | null {
  const ok = (s: string, digits: RegExp, min: number, max: number) =>
    digits.test(s) && Number(s) >= min && Number(s) <= max;
  if (!ok(parts.year, /^\d{4}$/, 1, 9999)) return 'year';
  if (!ok(parts.month, /^\d{1,2}$/, 1, 12)) return 'month';
  const last = daysInMonth(Number(parts.year), Number(parts.month));
  if (!ok(parts.day, /^\d{1,2}$/, 1, last)) return 'day';
  return null;
}

/** 'YYYY-MM-DD' for a real calendar date, else null. */
export function isoDate(day: string, month: string, year: string): string | null {
  const parts = { day: day.trim(), month: month.trim(), year: year.trim() };
  if (wrongPart(parts) !== null) return null;
  return `${parts.year}-${pad(Number(parts.month))}-${pad(Number(parts.day))}`;
}

/** 'YYYY-MM-DD' → the three boxes of a GOV.UK date input (empty if not a date). */
export function dateParts(iso: string | null | undefined): DateParts {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  if (!match) return { day: '', month: '', year: '' };
  return { day: String(Number(match[3])), month: String(Number(match[2])), year: match[1]! };
}

/** '1 January 1900' from 'YYYY-MM-DD' (no time zone: a calendar date). */
export function longDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

function resolve(bound: DateBound | undefined, today: string | undefined): string | undefined {
  if (bound !== 'today') return bound;
  if (!today) throw new Error("A date rule bounded by 'today' needs today's date");
  return today;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/**
 * Reads a GOV.UK date input to 'YYYY-MM-DD', or the error (GOV.UK wording) and the box it
 * belongs to: all empty → "Enter …" (day); some empty → "… must include a month" (the first
 * empty box); not a real date → "… must be a real date" (the box at fault: month 13 is the
 * month, 29 February 2027 the day); outside the range → "… must be today or in the past",
 * "… must be the same as or after 1 January 1900", … (day, the first box of the date).
 */
export function readDateInput(input: DateParts, rule: DateRule): DateInputResult {
  const parts: DateParts = {
    day: input.day.trim(),
    month: input.month.trim(),
    year: input.year.trim(),
  };
  const { label } = rule;
  const missing = DATE_PARTS.filter((p) => parts[p] === '');
  if (missing.length === 3)
    return { ok: false, part: 'day', message: `Enter ${lowerFirst(label)}` };
  if (missing.length > 0) {
    const message = `${label} must include a ${missing.join(' and ')}`;
    return { ok: false, part: missing[0]!, message };
  }
  const wrong = wrongPart(parts);
  if (wrong) return { ok: false, part: wrong, message: `${label} must be a real date` };
  const iso = isoDate(parts.day, parts.month, parts.year)!;
  const earliest = resolve(rule.earliest ?? EARLIEST_DATE, rule.today);
  const latest = resolve(rule.latest, rule.today);
  if (earliest && iso < earliest) {
    const message =
      rule.earliest === 'today'
        ? `${label} must be today or in the future`
        : `${label} must be the same as or after ${longDate(earliest)}`;
    return { ok: false, part: 'day', message };
  }
  if (latest && iso > latest) {
    const message =
      rule.latest === 'today'
        ? `${label} must be today or in the past`
        : `${label} must be the same as or before ${longDate(latest)}`;
    return { ok: false, part: 'day', message };
  }
  return { ok: true, value: iso };
}

/** The boxes of a date input named `name` in a form body (`<name>-day`, …), as strings. */
export function datePartsOf(values: Record<string, unknown>, name: string): DateParts {
  const text = (key: string) => {
    const value = values[`${name}-${key}`];
    return typeof value === 'string' ? value : '';
  };
  return { day: text('day'), month: text('month'), year: text('year') };
}
