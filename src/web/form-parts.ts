import type { ErrorPair } from './form-issues.ts';
import { datePartsOf, readDateInput } from '../domain/dates.ts';

/**
 * Reads a GOV.UK date input (`<name>-day`, `-month`, `-year`) to 'YYYY-MM-DD' with the one
 * reader (src/domain/dates.ts), adding its error, keyed by the box at fault, to `pairs`.
 * Shared by the liaison and meeting forms.
 */
export function readDay(
  values: Record<string, string>,
  name: string,
  options: { label: string; today: string; notInFuture?: boolean; earliest?: string },
  pairs: ErrorPair[],
): string | null {
  const read = readDateInput(datePartsOf(values, name), {
    label: options.label,
    today: options.today,
    ...(options.earliest ? { earliest: options.earliest } : {}),
    ...(options.notInFuture ? { latest: 'today' } : {}),
  });
  if (read.ok) return read.value;
  pairs.push([`${name}-${read.part}`, read.message]);
  return null;
}

/** Trimmed text: required (empty → message), at most `max` characters. */
export function readText(
  values: Record<string, string>,
  name: string,
  options: { empty?: string; max: number; tooLong: string },
  pairs: ErrorPair[],
): string | null {
  const value = (values[name] ?? '').trim();
  if (value === '') {
    if (options.empty) pairs.push([name, options.empty]);
    return null;
  }
  if (value.length > options.max) {
    pairs.push([name, options.tooLong]);
    return null;
  }
  return value;
}

/** A yes/no radio. */
export function readYesNo(
  values: Record<string, string>,
  name: string,
  message: string,
  pairs: ErrorPair[],
): boolean | null {
  const value = values[name];
  if (value === 'yes') return true;
  if (value === 'no') return false;
  pairs.push([name, message]);
  return null;
}

/** The error of a date input, whichever of its boxes it is on. */
export const dateErrorOf = (
  byField: Record<string, { text: string }>,
  name: string,
): { text: string } | undefined =>
  byField[`${name}-day`] ?? byField[`${name}-month`] ?? byField[`${name}-year`];

/** The three boxes of a date input, with the user's input or a default date's parts. */
export function dateItems(
  values: Record<string, string> | undefined,
  name: string,
  fallback: { day: string; month: string; year: string },
  hasError: boolean,
) {
  return (['day', 'month', 'year'] as const).map((part) => ({
    name: part,
    value: values ? (values[`${name}-${part}`] ?? '') : fallback[part],
    classes: `${part === 'year' ? 'govuk-input--width-4' : 'govuk-input--width-2'}${hasError ? ' govuk-input--error' : ''}`,
  }));
}
