/**
 * The MoJ Frontend `mojDate` Nunjucks filter (used by its timeline macro), without moment:
 * the same output formats, always in UK time, whatever the server's time zone.
 */

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
const clock = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h12',
});

/** "1:32pm", or "1pm" on the hour, as MoJ's govTime. */
function time(date: Date): string {
  const parts = clock.formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const hour = Number(get('hour')) || 12;
  const minute = get('minute');
  const period = get('dayPeriod').toLowerCase().replace(/\s|\./g, '');
  return `${hour}${minute === '00' ? '' : `:${minute}`}${period}`;
}

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
