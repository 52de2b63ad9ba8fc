/**
 * Dates and durations as people read them in the service (GOV.UK style, UK time). Business
 * times are stored in UTC; people enter and read them in Europe/London.
 */

export { formatDate, formatDateTime, formatTime } from './format.ts';

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
