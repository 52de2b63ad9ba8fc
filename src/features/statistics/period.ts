import { formErrors, type FormErrors } from '../../web/forms.ts';
import { londonDayEnd, londonDayStart } from '../../domain/london-day.ts';
import { datePartsOf, readDateInput, ukToday } from '../../domain/dates.ts';

/**
 * The period a statistics page covers: a financial year (1 April to 31 March), one of its
 * quarters, a calendar month, or custom dates. Days are UK calendar days, both ends included.
 * Pure: the route passes today's UK date in.
 */

export const PERIOD_KINDS = ['year', 'quarter', 'month', 'custom'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface Period {
  /** What was asked for; custom dates are widened to a month, quarter or financial years. */
  kind: PeriodKind;
  /** What the figures cover: whole months, quarters and financial years only. */
  span: 'month' | 'quarter' | 'year' | 'years';
  /** First day, 'YYYY-MM-DD'. */
  from: string;
  /** Last day, included, 'YYYY-MM-DD'. */
  to: string;
  /** For people: "financial year 2025 to 2026", "July to September 2025", … */
  label: string;
  /** The query string that selects this period again (exports, links). */
  query: Record<string, string>;
}

/** How far back the choices of year and quarter go. */
export const YEARS_OFFERED = 12;
const EARLIEST_YEAR = 2000;
/** The longest custom period: 20 years is past any retention of the data. */
const LONGEST_DAYS = 366 * 20;

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
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const lastDayOf = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The financial year (by its starting calendar year) a day falls in. */
export function financialYearOf(day: string): number {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return m >= 4 ? y : y - 1;
}

export const financialYearLabel = (year: number) => `${year} to ${year + 1}`;

export function financialYear(year: number): Period {
  return {
    kind: 'year',
    span: 'year',
    from: iso(year, 4, 1),
    to: iso(year + 1, 3, 31),
    label: `financial year ${financialYearLabel(year)}`,
    query: { period: 'year', year: String(year) },
  };
}

/** Quarter 1 is April to June; quarter 4 is January to March of the next calendar year. */
export function financialQuarter(year: number, quarter: 1 | 2 | 3 | 4): Period {
  const startMonth = ((quarter - 1) * 3 + 3) % 12; // 0-based: 3 = April, 0 = January
  const calendarYear = quarter === 4 ? year + 1 : year;
  const endMonth = startMonth + 3; // 1-based month of the quarter's last month
  return {
    kind: 'quarter',
    span: 'quarter',
    from: iso(calendarYear, startMonth + 1, 1),
    to: iso(calendarYear, endMonth, lastDayOf(calendarYear, endMonth)),
    label: `${MONTHS[startMonth]} to ${MONTHS[endMonth - 1]} ${calendarYear} (quarter ${quarter} of ${financialYearLabel(year)})`,
    query: { period: 'quarter', quarter: `${year}-${quarter}` },
  };
}

export function calendarMonth(year: number, month: number): Period {
  return {
    kind: 'month',
    span: 'month',
    from: iso(year, month, 1),
    to: iso(year, month, lastDayOf(year, month)),
    label: `${MONTHS[month - 1]} ${year}`,
    query: { period: 'month', 'month-month': String(month), 'month-year': String(year) },
  };
}

/** "1 April 2025" */
export function dayLabel(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/**
 * Custom dates, widened to whole periods so that no two periods published can be subtracted to
 * give part of a month (docs/adr/0015-whole-periods-and-nested-suppression.md): the month
 * both days are in; else the financial quarter; else the financial year; else every financial
 * year from the first day's to the last day's.
 */
export function customPeriod(from: string, to: string): Period {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  const query = {
    period: 'custom',
    'from-day': String(fd),
    'from-month': String(fm),
    'from-year': String(fy),
    'to-day': String(td),
    'to-month': String(tm),
    'to-year': String(ty),
  };
  const asked = `${dayLabel(from)} to ${dayLabel(to)}`;
  const widened = (period: Period): Period => ({
    ...period,
    kind: 'custom',
    label: `${period.label} (you asked for ${asked}; figures are for whole periods)`,
    query,
  });
  const quarterOf = (m: number) => (Math.floor(((m + 8) % 12) / 3) + 1) as 1 | 2 | 3 | 4;
  const firstYear = financialYearOf(from);
  const lastYear = financialYearOf(to);
  if (fy === ty && fm === tm) return widened(calendarMonth(fy, fm));
  if (firstYear === lastYear && quarterOf(fm) === quarterOf(tm)) {
    return widened(financialQuarter(firstYear, quarterOf(fm)));
  }
  if (firstYear === lastYear) return widened(financialYear(firstYear));
  return widened({
    kind: 'custom',
    span: 'years',
    from: iso(firstYear, 4, 1),
    to: iso(lastYear + 1, 3, 31),
    label: `financial years ${financialYearLabel(firstYear)} to ${financialYearLabel(lastYear)}`,
    query,
  });
}

/** The UK months ('YYYY-MM') of a period of whole months. */
export function monthsIn(period: Pick<Period, 'from' | 'to'>): string[] {
  const months: string[] = [];
  let [y, m] = period.from.split('-').map(Number) as [number, number];
  for (let code = period.from.slice(0, 7); code <= period.to.slice(0, 7);) {
    months.push(code);
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
    code = `${y}-${pad(m)}`;
  }
  return months;
}

/** The instants the period covers: [start, end), in the UK. */
export function periodInstants(period: Pick<Period, 'from' | 'to'>): { start: Date; end: Date } {
  return { start: londonDayStart(period.from), end: londonDayEnd(period.to) };
}

/** The default: the financial year today is in. */
export const currentPeriod = (today: string): Period => financialYear(financialYearOf(today));

/** The financial years offered, newest first. */
export function yearsOffered(today: string): number[] {
  const latest = financialYearOf(today);
  return Array.from({ length: YEARS_OFFERED }, (_, i) => latest - i);
}

/** The quarters offered, newest first, as [value, label]. */
export function quartersOffered(today: string): { value: string; text: string }[] {
  return yearsOffered(today).flatMap((year) =>
    ([4, 3, 2, 1] as const).map((q) => ({
      value: `${year}-${q}`,
      text: financialQuarter(year, q).label,
    })),
  );
}

export const PERIOD_FIELDS = [
  'period',
  'year',
  'quarter',
  'month-month',
  'month-year',
  'from-day',
  'from-month',
  'from-year',
  'to-day',
  'to-month',
  'to-year',
] as const;

export type PeriodValues = Record<(typeof PERIOD_FIELDS)[number], string>;

export type ParsedPeriod =
  | { ok: true; period: Period; values: PeriodValues }
  | { ok: false; errors: FormErrors; values: PeriodValues };

/** The fields as sent: first of a repeated parameter, trimmed, unknown ones ignored. */
export function periodValues(query: unknown): PeriodValues {
  const raw = (query && typeof query === 'object' ? query : {}) as Record<string, unknown>;
  const values = {} as PeriodValues;
  for (const field of PERIOD_FIELDS) {
    const value = raw[field];
    const first: unknown = Array.isArray(value) ? (value as unknown[])[0] : value;
    values[field] = typeof first === 'string' ? first.trim().slice(0, 20) : '';
  }
  return values;
}

type DateCheck = { day: string } | { error: string; field: string };

/** A GOV.UK date input, read by the one reader (src/domain/dates.ts), from 2000. */
function dateOf(
  values: PeriodValues,
  name: 'from' | 'to',
  rule: { label: string; today: string; latest?: 'today' },
): DateCheck {
  const read = readDateInput(datePartsOf(values, name), {
    earliest: `${EARLIEST_YEAR}-01-01`,
    ...rule,
  });
  return read.ok ? { day: read.value } : { error: read.message, field: `${name}-${read.part}` };
}

const daysBetween = (from: string, to: string) =>
  (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;

/**
 * Reads the period from the query string. Nothing chosen gives the current financial year.
 * `today` is the UK date ('YYYY-MM-DD').
 */
export function parsePeriod(query: unknown, today: string): ParsedPeriod {
  const values = periodValues(query);
  const fail = (field: string, message: string): ParsedPeriod => ({
    ok: false,
    errors: formErrors([[field, message]]),
    values,
  });
  const ok = (period: Period): ParsedPeriod => ({ ok: true, period, values });
  const years = yearsOffered(today);

  switch (values.period) {
    case '':
      return ok(currentPeriod(today));
    case 'year': {
      const year = Number(values.year);
      if (!/^\d{4}$/.test(values.year) || !years.includes(year)) {
        return fail('year', 'Select a financial year');
      }
      return ok(financialYear(year));
    }
    case 'quarter': {
      const match = /^(\d{4})-([1-4])$/.exec(values.quarter);
      if (!match || !years.includes(Number(match[1]))) return fail('quarter', 'Select a quarter');
      return ok(financialQuarter(Number(match[1]), Number(match[2]) as 1 | 2 | 3 | 4));
    }
    case 'month': {
      const month = values['month-month'];
      const year = values['month-year'];
      if (!month && !year) return fail('month-month', 'Enter the month and year');
      if (!month) return fail('month-month', 'The month must include a month');
      if (!year) return fail('month-year', 'The month must include a year');
      if (!/^\d{1,2}$/.test(month) || Number(month) < 1 || Number(month) > 12) {
        return fail('month-month', 'The month must be a real month, from 1 to 12');
      }
      if (!/^\d{4}$/.test(year)) return fail('month-year', 'The year must be 4 numbers, like 2025');
      if (Number(year) < EARLIEST_YEAR || Number(year) > Number(today.slice(0, 4)) + 1) {
        return fail(
          'month-year',
          `The year must be between ${EARLIEST_YEAR} and ${Number(today.slice(0, 4)) + 1}`,
        );
      }
      return ok(calendarMonth(Number(year), Number(month)));
    }
    case 'custom': {
      const from = dateOf(values, 'from', { label: 'The start date', today, latest: 'today' });
      const to = dateOf(values, 'to', { label: 'The end date', today });
      const pairs: [string, string][] = [];
      if ('error' in from) pairs.push([from.field, from.error]);
      if ('error' in to) pairs.push([to.field, to.error]);
      if ('day' in from && 'day' in to) {
        if (to.day < from.day) {
          pairs.push(['to-day', 'The end date must be the same as or after the start date']);
        } else if (daysBetween(from.day, to.day) > LONGEST_DAYS) {
          pairs.push(['to-day', 'The period must be 20 years or shorter']);
        }
      }
      if (pairs.length > 0 || !('day' in from) || !('day' in to)) {
        return { ok: false, errors: formErrors(pairs), values };
      }
      return ok(customPeriod(from.day, to.day));
    }
    default:
      return fail('period', 'Select a period');
  }
}

/** Today's UK date: the one in src/domain/dates.ts. */
export { ukToday };
