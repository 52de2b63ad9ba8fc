const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** How far London's clocks are ahead of UTC at an instant, in milliseconds (0 or 1 hour). */
function londonOffset(instant: Date): number {
  const p = Object.fromEntries(parts.formatToParts(instant).map((x) => [x.type, x.value]));
  const local = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!);
  return local - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * The instant a calendar day ('YYYY-MM-DD') begins in the UK. Clocks change at 01:00 UTC, so
 * the offset at UTC midnight of that date is the offset at London's midnight.
 */
export function londonDayStart(isoDate: string): Date {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const utcMidnight = new Date(Date.UTC(y, m - 1, d));
  return new Date(utcMidnight.getTime() - londonOffset(utcMidnight));
}

/** The instant the following day begins: an exclusive end for "up to and including". */
export function londonDayEnd(isoDate: string): Date {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  return londonDayStart(next);
}

/** The calendar day ('YYYY-MM-DD') an instant falls on in the UK. */
export function londonDate(instant: Date): string {
  const p = Object.fromEntries(parts.formatToParts(instant).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}`;
}

/**
 * The instant of a wall-clock time on a UK calendar day. A time skipped when the clocks go
 * forward resolves to an hour later; a repeated one to its first occurrence.
 */
export function londonTime(isoDate: string, time: { hour: number; minute: number }): Date {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, time.hour, time.minute);
  // London is UTC or UTC+1: try both offsets and keep the one that reads back as the wall time.
  for (const offsetHours of [1, 0]) {
    const candidate = new Date(wall - offsetHours * 3_600_000);
    if (candidate.getTime() + londonOffset(candidate) === wall) return candidate;
  }
  return new Date(wall);
}
