/**
 * How long a case's records are kept: the two retention clocks (GOVERNANCE.md, Retention;
 * docs/records.md). Declared once here, pure: callers pass the dates, never a clock.
 *
 * - health: everything clinical. 20 years after the last contact with the person, or 10 years
 *   after their death, and for children at least until their 25th birthday (26th when they were
 *   17 at the end of treatment): whichever of those is the latest. The last contact is the last
 *   attended contact with the person; a case that never had one counts from its closed date,
 *   else (still open) from the day it was requested. The end of treatment is the closed date;
 *   while the case is open it is not known yet, and the base date stands in for it.
 * - police: police-provided content (the request, police updates, police documents). First
 *   reviewed 6 years after the case closed; an open case's police clock has not started.
 *
 * A review that decides to keep the records sets the clock's next review date; it never brings
 * a review earlier than the rule allows (a later contact or a recorded death still counts).
 * Dates are calendar days 'YYYY-MM-DD'. Adding years to 29 February lands on 1 March when the
 * year is not a leap year (the later of the two candidates, so a record is never kept short).
 */

export const RETENTION_CLOCKS = ['health', 'police'] as const;
export type RetentionClock = (typeof RETENTION_CLOCKS)[number];

export const isRetentionClock = (value: unknown): value is RetentionClock =>
  typeof value === 'string' && (RETENTION_CLOCKS as readonly string[]).includes(value);

export const RETENTION_CLOCK_LABELS: Record<RetentionClock, string> = {
  health: 'Health records',
  police: 'Police-provided content',
};

export const HEALTH_YEARS_AFTER_LAST_CONTACT = 20;
export const HEALTH_YEARS_AFTER_DEATH = 10;
export const CHILD_KEPT_UNTIL_BIRTHDAY = 25;
/** The birthday kept until when the person was 17 at the end of treatment. */
export const CHILD_AGED_17_KEPT_UNTIL_BIRTHDAY = 26;
export const POLICE_FIRST_REVIEW_YEARS = 6;
/** The force's review period after the first review, unless it sets its own. */
export const DEFAULT_POLICE_REVIEW_YEARS = 6;

/** The date `years` years after an ISO date; 29 February moves to 1 March in other years. */
export function addYears(isoDate: string, years: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  // Date.UTC rolls 29 February of a common year over to 1 March.
  return new Date(Date.UTC(y + years, m - 1, d)).toISOString().slice(0, 10);
}

/** Whole years of age on `onDate` (the birthday of a 29 February birth is 1 March). */
export function ageOn(dateOfBirth: string, onDate: string): number {
  const years = Number(onDate.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  return addYears(dateOfBirth, years) <= onDate ? years : years - 1;
}

const latest = (dates: (string | null)[]): string | null =>
  dates.reduce<string | null>((a, b) => (b !== null && (a === null || b > a) ? b : a), null);

export interface KeepDecision {
  clock: RetentionClock;
  /** The next review date the reviewer set. */
  nextReviewOn: string;
}

export interface RetentionFacts {
  dateOfBirth: string;
  /** The last attended contact with the person (cases.last_person_contact_on), if any. */
  lastContactOn: string | null;
  dateOfDeath: string | null;
  /** The UK day the case was requested. */
  requestedOn: string;
  /** The UK day the case closed; null while it is open. */
  closedOn: string | null;
  /** The latest keep decision of each clock, if any. */
  keepDecisions?: readonly KeepDecision[];
}

export type HealthRule = 'last_contact' | 'death' | 'childhood';

/** The health clock's parts, for the tests and the docs; `until` is their latest date. */
export function healthRetention(facts: RetentionFacts): {
  countsFrom: string;
  byLastContact: string;
  byDeath: string | null;
  byChildhood: string | null;
  until: string;
  rule: HealthRule;
} {
  const countsFrom = facts.lastContactOn ?? facts.closedOn ?? facts.requestedOn;
  const byLastContact = addYears(countsFrom, HEALTH_YEARS_AFTER_LAST_CONTACT);
  const byDeath = facts.dateOfDeath ? addYears(facts.dateOfDeath, HEALTH_YEARS_AFTER_DEATH) : null;
  const byChildhood = childhoodMinimum(facts.dateOfBirth, facts.closedOn ?? countsFrom);
  const until = latest([byLastContact, byDeath, byChildhood])!;
  const rule: HealthRule =
    until === byLastContact ? 'last_contact' : until === byDeath ? 'death' : 'childhood';
  return { countsFrom, byLastContact, byDeath, byChildhood, until, rule };
}

/**
 * The children's minimum: the 25th birthday for someone under 18 at the end of treatment, the
 * 26th for someone who was 17 then; null for an adult.
 */
export function childhoodMinimum(dateOfBirth: string, endOfTreatment: string): string | null {
  const age = ageOn(dateOfBirth, endOfTreatment);
  if (age >= 18) return null;
  const birthday = age === 17 ? CHILD_AGED_17_KEPT_UNTIL_BIRTHDAY : CHILD_KEPT_UNTIL_BIRTHDAY;
  return addYears(dateOfBirth, birthday);
}

/** The police clock's first review: 6 years after the case closed; null while it is open. */
export const policeFirstReview = (closedOn: string | null): string | null =>
  closedOn === null ? null : addYears(closedOn, POLICE_FIRST_REVIEW_YEARS);

function keptUntil(facts: RetentionFacts, clock: RetentionClock): string | null {
  const decisions = (facts.keepDecisions ?? []).filter((d) => d.clock === clock);
  return latest(decisions.map((d) => d.nextReviewOn));
}

/** The next review date of each clock (null: the clock has not started). */
export function nextReviewDates(facts: RetentionFacts): Record<RetentionClock, string | null> {
  const health = healthRetention(facts).until;
  const police = policeFirstReview(facts.closedOn);
  return {
    health: latest([health, keptUntil(facts, 'health')]),
    police: police === null ? null : latest([police, keptUntil(facts, 'police')]),
  };
}

/**
 * The range of a keep decision's next review date, decided on `today`: after today, and for
 * the police clock no later than the force's review period allows.
 */
export function keepReviewRange(
  clock: RetentionClock,
  today: string,
  policeReviewYears: number,
): { earliest: string; latest: string | null } {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const tomorrow = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  return {
    earliest: tomorrow,
    latest: clock === 'police' ? addYears(today, policeReviewYears) : null,
  };
}
