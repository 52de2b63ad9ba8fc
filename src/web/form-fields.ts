import { z } from 'zod';
import { dateParts, readDateInput, type DateRule } from '../domain/dates.ts';

/** Raw form input as it came in, kept to show the page again with what the user typed. */
export type FormInput = Record<string, string>;

/** The first error message for each field, keyed by the field's id on the page. */
export type FieldErrors = Record<string, string>;

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** Takes a urlencoded body to plain strings (a repeated field keeps its last value). */
export function formInput(body: unknown, fields: readonly string[]): FormInput {
  const input: FormInput = {};
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  for (const field of fields) {
    let value = record[field];
    if (Array.isArray(value)) value = value.at(-1);
    input[field] = typeof value === 'string' ? value : '';
  }
  return input;
}

/** zod issues → one message per field; a date's issues point at its day input. */
export function fieldErrors(error: z.ZodError, dateFields: readonly string[] = []): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '');
    const key = dateFields.includes(field) ? `${field}-${dateErrorPart(issue)}` : field;
    if (!(field in errors) && !Object.keys(errors).some((k) => k.startsWith(`${field}-`))) {
      errors[key] = issue.message;
    }
  }
  return errors;
}

function dateErrorPart(issue: z.core.$ZodIssue): string {
  const part = issue.path[1];
  return part === 'month' || part === 'year' ? part : 'day';
}

const trimmed = z.string().transform((s) => s.trim());

/** A required line of text. */
export const requiredText = (empty: string, max: number, tooLong: string) =>
  trimmed.pipe(z.string().min(1, empty).max(max, tooLong));

/** An optional line of text: empty becomes null. */
export const optionalText = (max: number, tooLong: string) =>
  trimmed.pipe(z.string().max(max, tooLong)).transform((s) => (s === '' ? null : s));

/** One of a list of codes. */
export const oneOf = (allowed: [string, ...string[]], message: string) =>
  z.string().refine((v) => allowed.includes(v), message);

/**
 * A GOV.UK date input (day, month, year) → 'YYYY-MM-DD', as a zod schema: the one reader
 * (readDateInput in src/domain/dates.ts) with its wording; the issue's path names the box at
 * fault. `today` is ukToday(clock.now()).
 */
export function dateInput(options: {
  label: string;
  today: string;
  notInFuture?: boolean;
  earliest?: string;
}) {
  const rule: DateRule = {
    label: options.label,
    today: options.today,
    ...(options.earliest ? { earliest: options.earliest } : {}),
    ...(options.notInFuture ? { latest: 'today' } : {}),
  };
  return z
    .object({ day: z.string(), month: z.string(), year: z.string() })
    .transform((parts, ctx) => {
      const read = readDateInput(parts, rule);
      if (read.ok) return read.value;
      ctx.addIssue({ code: 'custom', path: [read.part], message: read.message });
      return z.NEVER;
    });
}

/** 'YYYY-MM-DD' → the three inputs of a GOV.UK date input. */
export { dateParts };
