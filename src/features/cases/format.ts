/**
 * Dates and durations as people read them in the service (GOV.UK style, UK time). Business
 * times are stored in UTC; people enter and read them in Europe/London.
 */

const ZONE = 'Europe/London';

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const timeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
});

/** "3 June 2026" */
export const formatDate = (date: Date): string => dateFormat.format(date);

/** "3 June 2026 at 9:05am" */
export function formatDateTime(date: Date): string {
  const time = timeFormat.format(date).replace(/\s/g, '').toLowerCase();
  return `${formatDate(date)} at ${time}`;
}

const HOUR = 3600;
const DAY = 24 * HOUR;
const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** A duration in the largest whole unit that fits: "less than 1 hour", "5 hours", "3 days". */
export function durationText(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < HOUR) return 'less than 1 hour';
  if (s < DAY) return plural(Math.floor(s / HOUR), 'hour');
  return plural(Math.floor(s / DAY), 'day');
}

/** How long something has waited, from `since` to `now`. */
export const waitingTime = (since: Date, now: Date): string =>
  durationText((now.getTime() - since.getTime()) / 1000);

function londonParts(instant: Date) {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: ZONE,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
}

/**
 * The instant of a wall-clock time in London. A time skipped when clocks go forward resolves
 * to an hour later; a repeated one to its first occurrence.
 */
export function londonTime(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // London is UTC or UTC+1: try both offsets and keep the one that reads back as the wall time.
  for (const offsetHours of [1, 0]) {
    const candidate = new Date(wall - offsetHours * 3_600_000);
    if (londonParts(candidate) === wall) return candidate;
  }
  return new Date(wall - 0);
}

/** The London date and time of an instant, for filling a date and time input again. */
export function londonInputs(instant: Date): {
  day: string;
  month: string;
  year: string;
  time: string;
} {
  const d = new Date(londonParts(instant));
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    day: String(d.getUTCDate()),
    month: String(d.getUTCMonth() + 1),
    year: String(d.getUTCFullYear()),
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`,
  };
}
