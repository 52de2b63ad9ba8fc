/**
 * Contacts and appointments (issue 13), health compartment: who a contact is with, how, and
 * what became of it. Pure: the codes match the CHECK constraints of 0130_contacts.sql.
 */

export const CONTACT_KINDS = [
  { code: 'person', label: 'The person' },
  { code: 'family_carer', label: 'Family or carers' },
  { code: 'professional', label: 'A professional' },
] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number]['code'];

export const CONTACT_METHODS = [
  { code: 'face_to_face', label: 'Face to face' },
  { code: 'phone', label: 'Phone' },
  { code: 'video', label: 'Video call' },
  { code: 'home_visit', label: 'Home visit' },
  { code: 'letter', label: 'Letter' },
] as const;
export type ContactMethod = (typeof CONTACT_METHODS)[number]['code'];

export const CONTACT_STATUSES = [
  { code: 'planned', label: 'Booked' },
  { code: 'attended', label: 'Attended' },
  { code: 'did_not_attend', label: 'Did not attend' },
  { code: 'cancelled', label: 'Cancelled' },
  { code: 'rescheduled', label: 'Rescheduled' },
] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number]['code'];

/** The outcomes an appointment can be given. */
export const CONTACT_OUTCOMES = [
  { code: 'attended', label: 'Attended' },
  { code: 'did_not_attend', label: 'Did not attend' },
  { code: 'cancelled', label: 'Cancelled' },
  { code: 'rescheduled', label: 'Rescheduled' },
] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number]['code'];

export const CANCELLED_BY = [
  { code: 'person', label: 'The person' },
  { code: 'service', label: 'The service' },
  { code: 'other', label: 'Someone else' },
] as const;
export type CancelledBy = (typeof CANCELLED_BY)[number]['code'];

/** Whether a contact of this kind needs the person's consent in force on its day (rule 3). */
export const needsConsent = (kind: ContactKind, status: ContactStatus): boolean =>
  kind === 'person' && (status === 'planned' || status === 'attended');

/** Only a booked appointment can be given an outcome; every outcome is final. */
export function outcomeRefusal(status: ContactStatus): string | null {
  return status === 'planned' ? null : 'This appointment already has an outcome.';
}

/** An outcome of "attended" before the appointment's day has come is refused. */
export function attendedTooEarly(outcome: ContactOutcome, day: string, today: string): boolean {
  return outcome === 'attended' && day > today;
}

/** How many appointments the person did not attend. */
export const didNotAttendCount = (contacts: readonly { status: ContactStatus }[]): number =>
  contacts.filter((c) => c.status === 'did_not_attend').length;

/** The last day ('YYYY-MM-DD') of an attended contact with the person, or null. */
export function lastPersonContact(
  contacts: readonly { kind: ContactKind; status: ContactStatus; day: string }[],
): string | null {
  let last: string | null = null;
  for (const c of contacts) {
    if (c.kind === 'person' && c.status === 'attended' && (last === null || c.day > last)) {
      last = c.day;
    }
  }
  return last;
}

/** The days My week covers: today and the next 7 days, as [first, last] 'YYYY-MM-DD'. */
export const WEEK_DAYS = 7;
export function weekWindow(today: string): { from: string; to: string } {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const to = new Date(Date.UTC(y, m - 1, d + WEEK_DAYS)).toISOString().slice(0, 10);
  return { from: today, to };
}
