const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});

/** '1 June 2026', from a timestamp or a 'YYYY-MM-DD' date. */
export function formatDate(value: Date | string): string {
  const date = typeof value === 'string' ? new Date(`${value}T12:00:00Z`) : value;
  return dateFormat.format(date);
}

/**
 * A summary row's label as the hidden end of its "Change" link ("Change date of birth"): the
 * first letter lowered, unless the first word is an abbreviation ("Change NHS number").
 */
export function changeLabel(key: string): string {
  const first = key.split(' ', 1)[0] ?? '';
  if (first.length > 1 && first === first.toUpperCase()) return key;
  return key.charAt(0).toLowerCase() + key.slice(1);
}

const clock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h23',
});

/**
 * A time as GOV.UK style writes it, in UK time: "2:46pm", "9am" on the hour, "midday" and
 * "midnight". The one time format of the service (dates and times, the MoJ filter, statistics).
 */
export function formatTime(date: Date): string {
  const parts = clock.formatToParts(date);
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? '0') % 24;
  const minute = parts.find((p) => p.type === 'minute')?.value ?? '00';
  if (minute === '00' && hour === 0) return 'midnight';
  if (minute === '00' && hour === 12) return 'midday';
  const twelve = hour % 12 === 0 ? 12 : hour % 12;
  return `${twelve}${minute === '00' ? '' : `:${minute}`}${hour < 12 ? 'am' : 'pm'}`;
}

/** "3 June 2026 at 9:05am", in UK time. */
export function formatDateTime(date: Date): string {
  return `${formatDate(date)} at ${formatTime(date)}`;
}

/**
 * A summary-list value that keeps its line breaks: each line escaped, joined by <br>. GOV.UK
 * summary lists render `text` with white space around it, so a `white-space: pre-line` value
 * began with an empty line and read as if it sat below its key.
 */
export function multilineValue(text: string): { html: string } {
  return { html: text.split(/\r?\n/).map(escapeHtml).join('<br>') };
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/**
 * The example in a future date's hint ("For example, 2 1 2027"): a month after `today`
 * ('YYYY-MM-DD', the UK day from the clock), so the example is never already past.
 */
export function futureDateExample(today: string): string {
  const date = new Date(`${today}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 30);
  return `${date.getUTCDate()} ${date.getUTCMonth() + 1} ${date.getUTCFullYear()}`;
}
