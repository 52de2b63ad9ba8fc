import type { z } from 'zod';
import { formErrors, type FormErrors } from './forms.ts';

export type ErrorPair = [field: string, message: string];

/** zod issues as (field, message) pairs, the field being the input's id. */
export function issuesOf<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { ok: true; data: z.infer<S> } | { ok: false; pairs: ErrorPair[] } {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, data: parsed.data };
  return {
    ok: false,
    pairs: parsed.error.issues.map((i) => [String(i.path[0] ?? 'form'), i.message]),
  };
}

/** Errors in the order of the fields on the page, so the summary reads top to bottom. */
export function orderedErrors(pairs: ErrorPair[], fieldOrder: readonly string[]): FormErrors {
  const rank = (field: string) => {
    const i = fieldOrder.findIndex((f) => field === f || field.startsWith(`${f}-`));
    return i === -1 ? fieldOrder.length : i;
  };
  return formErrors([...pairs].sort((a, b) => rank(a[0]) - rank(b[0])));
}

/** The version the form was opened at: a whole number, else the form is not ours. */
export function versionOf(input: Record<string, string>): number | null {
  const value = input.version ?? '';
  return /^\d{1,9}$/.test(value) ? Number(value) : null;
}
