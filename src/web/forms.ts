import type { z } from 'zod';

/** GOV.UK error messages: a summary linking to each field, and the message beside the field. */
export interface FormErrors {
  summary: { text: string; href: string }[];
  byField: Record<string, { text: string }>;
}

export type FormResult<T> =
  { ok: true; data: T } | { ok: false; errors: FormErrors; values: Record<string, unknown> };

export const noErrors: FormErrors = { summary: [], byField: {} };

/** Builds FormErrors from (field, message) pairs, first message per field, in order. */
export function formErrors(pairs: [field: string, message: string][]): FormErrors {
  const byField: Record<string, { text: string }> = {};
  const summary: FormErrors['summary'] = [];
  for (const [field, text] of pairs) {
    if (byField[field]) continue;
    byField[field] = { text };
    summary.push({ text, href: `#${field}` });
  }
  return { summary, byField };
}

/**
 * Parses a submitted form with its schema. On failure returns GOV.UK errors keyed by the field
 * (the first path element, which is the input's id) and the values as sent, to show again.
 */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.infer<S>> {
  const values = body && typeof body === 'object' ? { ...(body as Record<string, unknown>) } : {};
  delete values._csrf;
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data };
  return {
    ok: false,
    values,
    errors: formErrors(
      parsed.error.issues.map((issue) => [String(issue.path[0] ?? 'form'), issue.message]),
    ),
  };
}
