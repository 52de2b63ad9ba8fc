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
