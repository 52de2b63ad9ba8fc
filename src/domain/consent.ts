/**
 * Consent to engage with the VSS (PRODUCT.md step 4) and, separately, the lawful basis for
 * processing the data (GOVERNANCE.md, Caldicott principle 6). They are different things: the
 * service processes data under its public task even where the person has not consented, but
 * it does not contact the person or liaise on their behalf without consent (rule 3).
 */

export const CONSENT_STATUSES = [
  'given',
  'declined',
  'withdrawn',
  'not_yet_sought',
  'lacks_capacity_best_interests',
] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

export const CONSENT_STATUS_LABELS: Record<ConsentStatus, string> = {
  given: 'Given',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
  not_yet_sought: 'Not yet sought',
  lacks_capacity_best_interests: 'Lacks capacity: best-interests decision',
};

export const CONSENT_METHODS = ['verbal', 'written'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

export const CONSENT_METHOD_LABELS: Record<ConsentMethod, string> = {
  verbal: 'Verbal',
  written: 'Written',
};

/**
 * How the decision was expressed is asked only where the person expressed one. A
 * best-interests decision is made for the person, and "not yet sought" has no method.
 */
export const methodRequired = (status: ConsentStatus): boolean =>
  status === 'given' || status === 'declined' || status === 'withdrawn';

export interface ConsentRecord {
  status: ConsentStatus;
  method: ConsentMethod | null;
  /** When it was recorded in Cicero: the order of the history. */
  recordedAt: Date;
}

/** The consent in force: the one recorded last. On equal times the later entry wins. */
export function currentConsent<T extends ConsentRecord>(history: readonly T[]): T | undefined {
  let current: T | undefined;
  for (const record of history) {
    if (!current || record.recordedAt.getTime() >= current.recordedAt.getTime()) current = record;
  }
  return current;
}

export type EngagementDecision = { allowed: true } | { allowed: false; message: string };

const REFUSALS: Record<
  Exclude<ConsentStatus, 'given' | 'lacks_capacity_best_interests'>,
  string
> = {
  not_yet_sought:
    'You cannot record contact with the person or liaison on their behalf without their consent. Record consent first.',
  declined:
    'The person has declined consent. You cannot record contact with them or liaison on their behalf.',
  withdrawn:
    'The person has withdrawn consent. You cannot record contact with them or liaison on their behalf.',
};

/**
 * Whether engagement (direct contact, liaison on the person's behalf) may be recorded now.
 * Allowed only on consent given, or on a best-interests decision for a person who lacks
 * capacity to decide. No record at all counts as not yet sought.
 */
export function engagementAllowed(history: readonly ConsentRecord[]): EngagementDecision {
  const status = currentConsent(history)?.status ?? 'not_yet_sought';
  if (status === 'given' || status === 'lacks_capacity_best_interests') return { allowed: true };
  return { allowed: false, message: REFUSALS[status] };
}

/** Lawful bases for processing, as recorded per case. */
export const LAWFUL_BASES = [
  {
    code: 'uk_gdpr_6_1_e',
    kind: 'article_6',
    label: 'UK GDPR Article 6(1)(e): public task',
  },
  {
    code: 'uk_gdpr_9_2_h',
    kind: 'article_9',
    label: 'UK GDPR Article 9(2)(h): health or social care, with DPA 2018 Schedule 1 paragraph 2',
  },
  {
    code: 'uk_gdpr_9_2_g_safeguarding',
    kind: 'article_9',
    label:
      'UK GDPR Article 9(2)(g): substantial public interest, with DPA 2018 Schedule 1 paragraph 18 (safeguarding of children and individuals at risk)',
  },
  {
    code: 'dpa_2018_part_3_sch_8',
    kind: 'law_enforcement',
    label:
      'DPA 2018 Part 3: law enforcement processing by the police, with a Schedule 8 condition for sensitive processing',
  },
] as const;
export type LawfulBasis = (typeof LAWFUL_BASES)[number]['code'];
export type LawfulBasisKind = (typeof LAWFUL_BASES)[number]['kind'];

export const isLawfulBasis = (value: unknown): value is LawfulBasis =>
  LAWFUL_BASES.some((basis) => basis.code === value);

/**
 * Health data needs both an Article 6 basis and an Article 9 condition; the police side's
 * processing rests on Part 3 instead. Returns what is missing, for an error message.
 */
export function missingHealthBasis(chosen: readonly LawfulBasis[]): string | undefined {
  const kinds = new Set(
    chosen.map((code) => LAWFUL_BASES.find((basis) => basis.code === code)?.kind),
  );
  if (!kinds.has('article_6')) return 'Select the UK GDPR Article 6 lawful basis';
  if (!kinds.has('article_9')) return 'Select at least one UK GDPR Article 9 condition';
  return undefined;
}

/** A consent entry with the day its decision was made (null for "not yet sought"). */
export interface DatedConsentRecord extends ConsentRecord {
  decidedAt: Date | null;
}

/**
 * The consent in force on a UK calendar day ('YYYY-MM-DD'): an entry is in force from the day
 * it was decided (the day it was recorded, for "not yet sought") until a later-dated entry; of
 * entries dated the same day, the one recorded last wins. The database's contacts trigger
 * (0130_contacts.sql) applies the same rule.
 */
export function consentInForceOn<T extends DatedConsentRecord>(
  history: readonly T[],
  day: string,
  dayOf: (instant: Date) => string,
): T | undefined {
  let current: { record: T; day: string } | undefined;
  for (const record of history) {
    const from = dayOf(record.decidedAt ?? record.recordedAt);
    if (from > day) continue;
    if (
      !current ||
      from > current.day ||
      (from === current.day && record.recordedAt.getTime() >= current.record.recordedAt.getTime())
    ) {
      current = { record, day: from };
    }
  }
  return current?.record;
}

const DATED_REFUSALS: Record<
  Exclude<ConsentStatus, 'given' | 'lacks_capacity_best_interests'>,
  (date: string) => string
> = {
  not_yet_sought: (date) =>
    `There was no consent in force on ${date}. You cannot book or record contact with the person without their consent, or a best-interests decision if they lack capacity. Record consent first.`,
  declined: (date) =>
    `The person had declined consent on ${date}. You cannot book or record contact with them on that day.`,
  withdrawn: (date) =>
    `The person had withdrawn consent on ${date}. You cannot book or record contact with them on that day.`,
};

/**
 * Whether contact with the person may be booked or recorded on a day: consent given, or a
 * best-interests decision, in force on that day (consentInForceOn). `longDate` formats the
 * day for the message.
 */
export function engagementAllowedOn(
  history: readonly DatedConsentRecord[],
  day: string,
  options: { dayOf: (instant: Date) => string; longDate: (day: string) => string },
): EngagementDecision {
  const status = consentInForceOn(history, day, options.dayOf)?.status ?? 'not_yet_sought';
  if (status === 'given' || status === 'lacks_capacity_best_interests') return { allowed: true };
  return { allowed: false, message: DATED_REFUSALS[status](options.longDate(day)) };
}
