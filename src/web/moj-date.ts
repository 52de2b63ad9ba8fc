/**
 * The MoJ Frontend `mojDate` Nunjucks filter (used by its timeline macro), without moment:
 * the same output formats, always in UK time, whatever the server's time zone.
 */

import { formatTime } from './format.ts';

const ZONE = 'Europe/London';

const longDate = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const shortDate = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});
const time = formatTime;

// en-GB short months read "Sept"; GOV.UK style and MoJ's moment both use "Sep".
const short = (date: Date) => shortDate.format(date).replace('Sept', 'Sep');

export type MojDateType = 'datetime' | 'shortdatetime' | 'date' | 'shortdate' | 'time';

/** Formats an instant as MoJ's filter does; an unknown type or invalid date comes back as given. */
export function mojDate(timestamp: unknown, type?: string): unknown {
  const date =
    timestamp instanceof Date
      ? timestamp
      : typeof timestamp === 'string' || typeof timestamp === 'number'
        ? new Date(timestamp)
        : null;
  if (!date || Number.isNaN(date.getTime())) return timestamp;
  switch (type as MojDateType) {
    case 'datetime':
      return `${longDate.format(date)} at ${time(date)}`;
    case 'shortdatetime':
      return `${short(date)} at ${time(date)}`;
    case 'date':
      return longDate.format(date);
    case 'shortdate':
      return short(date);
    case 'time':
      return time(date);
    default:
      return timestamp;
  }
}
