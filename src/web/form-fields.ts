import { z } from 'zod';

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
 * A GOV.UK date input (day, month, year) → 'YYYY-MM-DD', with the GOV.UK error wording.
 * `today` is 'YYYY-MM-DD' from the injected clock.
 */
export function dateInput(options: {
  label: string;
  today: string;
  notInFuture?: boolean;
  earliest?: string;
}) {
  const { label } = options;
  return z
    .object({ day: trimmed, month: trimmed, year: trimmed })
    .superRefine((d, ctx) => {
      const missing = (['day', 'month', 'year'] as const).filter((p) => d[p] === '');
      if (missing.length === 3) {
        ctx.addIssue({ code: 'custom', path: ['day'], message: `Enter ${label.toLowerCase()}` });
        return;
      }
      if (missing.length > 0) {
        ctx.addIssue({
          code: 'custom',
          path: [missing[0]!],
          message: `${label} must include a ${missing.join(' and ')}`,
        });
        return;
      }
      const iso = isoDate(d.day, d.month, d.year);
      if (!iso) {
        ctx.addIssue({ code: 'custom', path: ['day'], message: `${label} must be a real date` });
        return;
      }
      if (options.notInFuture && iso > options.today) {
        ctx.addIssue({
          code: 'custom',
          path: ['day'],
          message: `${label} must be today or in the past`,
        });
      }
      if (options.earliest && iso < options.earliest) {
        ctx.addIssue({
          code: 'custom',
          path: ['year'],
          message: `${label} must be after ${options.earliest.slice(0, 4)}`,
        });
      }
    })
    .transform((d) => isoDate(d.day, d.month, d.year)!);
}

/** 'YYYY-MM-DD' for a real calendar date, else null. */
export function isoDate(day: string, month: string, year: string): string | null {
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return null;
  const d = Number(day);
  const m = Number(month);
  const y = Number(year);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return null;
  }
  return `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** 'YYYY-MM-DD' → the three inputs of a GOV.UK date input. */
export function dateParts(iso: string | null | undefined): {
  day: string;
  month: string;
  year: string;
} {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  if (!match) return { day: '', month: '', year: '' };
  return { day: String(Number(match[3])), month: String(Number(match[2])), year: match[1]! };
}
