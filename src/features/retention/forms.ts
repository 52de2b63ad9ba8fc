import { keepReviewRange, type RetentionClock } from '../../domain/retention.ts';
import type { FormErrors } from '../../web/forms.ts';
import { orderedErrors, type ErrorPair } from '../../web/form-issues.ts';
import { formInput } from '../../web/form-fields.ts';
import { readDay, readText } from '../../web/form-parts.ts';
import { DEATH_SOURCES, type DeathSource } from './tables.ts';
import { longDate } from '../../domain/dates.ts';

type Form<T> =
  { ok: true; value: T } | { ok: false; errors: FormErrors; values: Record<string, string> };

export const KEEP_FIELDS = [
  'reason',
  'nextReviewOn-day',
  'nextReviewOn-month',
  'nextReviewOn-year',
] as const;

/** A "keep" decision: why, and when the records are next reviewed (after today; police: within the force's period). */
export function readKeepForm(
  body: unknown,
  input: { clock: RetentionClock; today: string; policeReviewYears: number },
): Form<{ reason: string; nextReviewOn: string }> {
  const values = formInput(body, KEEP_FIELDS);
  const pairs: ErrorPair[] = [];
  const reason = readText(
    values,
    'reason',
    {
      empty: 'Enter why the records are kept',
      max: 2000,
      tooLong: 'The reason must be 2,000 characters or fewer',
    },
    pairs,
  );
  const range = keepReviewRange(input.clock, input.today, input.policeReviewYears);
  const next = readDay(
    values,
    'nextReviewOn',
    { label: 'The next review date', today: input.today, earliest: range.earliest },
    pairs,
  );
  if (next && range.latest && next > range.latest) {
    pairs.push([
      'nextReviewOn-day',
      `The next review date must be on or before ${longDate(range.latest)} (the force reviews every ${input.policeReviewYears} years)`,
    ]);
  }
  if (pairs.length > 0 || !reason || !next) {
    return { ok: false, errors: orderedErrors(pairs, ['reason', 'nextReviewOn']), values };
  }
  return { ok: true, value: { reason, nextReviewOn: next } };
}

export const DEATH_FIELDS = [
  'dateOfDeath-day',
  'dateOfDeath-month',
  'dateOfDeath-year',
  'source',
] as const;

const isSource = (v: string): v is DeathSource => DEATH_SOURCES.some((s) => s.code === v);

/** The date of death (not in the future, not before birth) and where it came from. */
export function readDeathForm(
  body: unknown,
  input: { today: string; dateOfBirth: string },
): Form<{ dateOfDeath: string; source: DeathSource }> {
  const values = formInput(body, DEATH_FIELDS);
  const pairs: ErrorPair[] = [];
  const date = readDay(
    values,
    'dateOfDeath',
    {
      label: 'The date of death',
      today: input.today,
      notInFuture: true,
      earliest: input.dateOfBirth,
    },
    pairs,
  );
  const source = values.source ?? '';
  if (!isSource(source)) pairs.push(['source', 'Select where the date of death comes from']);
  if (pairs.length > 0 || !date || !isSource(source)) {
    return { ok: false, errors: orderedErrors(pairs, ['dateOfDeath', 'source']), values };
  }
  return { ok: true, value: { dateOfDeath: date, source } };
}

export const DISPOSE_FIELDS = ['reason'] as const;

/** A "dispose" decision: why the records are disposed of (the IG officer's words, audited). */
export function readDisposeForm(body: unknown): Form<{ reason: string }> {
  const values = formInput(body, DISPOSE_FIELDS);
  const pairs: ErrorPair[] = [];
  const reason = readText(
    values,
    'reason',
    {
      empty: 'Enter why the records can be disposed of',
      max: 2000,
      tooLong: 'The reason must be 2,000 characters or fewer',
    },
    pairs,
  );
  if (pairs.length > 0 || !reason) {
    return { ok: false, errors: orderedErrors(pairs, ['reason']), values };
  }
  return { ok: true, value: { reason } };
}
