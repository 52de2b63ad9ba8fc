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
