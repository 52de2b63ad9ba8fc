import { z } from 'zod';
import { dateInput } from '../requests/form-fields.ts';
import { formErrors, type FormResult } from '../../web/forms.ts';

export const ADVICE_CONFIRMATION =
  'This advice contains no health information that has not been released by a disclosure decision';

export interface AdviceInput {
  title: string | null;
  body: string;
  givenAt: string;
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** The advice form: title optional, body and date required, the rule 7 confirmation ticked. */
export function parseAdviceForm(body: unknown, today: string): FormResult<AdviceInput> {
  const values = body && typeof body === 'object' ? { ...(body as Record<string, unknown>) } : {};
  delete values._csrf;
  const schema = z.object({
    title: z
      .string()
      .trim()
      .max(120, 'Title must be 120 characters or fewer')
      .transform((s) => (s === '' ? null : s)),
    body: z
      .string()
      .trim()
      .min(1, 'Enter the advice')
      .max(5000, 'Advice must be 5,000 characters or fewer'),
    givenAt: dateInput({ label: 'The date the advice was given', today, notInFuture: true }),
    confirm: z.literal('yes', {
      error: 'Confirm that the advice contains no health information that has not been released',
    }),
  });
  const parsed = schema.safeParse({
    title: text(values.title),
    body: text(values.body),
    givenAt: {
      day: text(values['givenAt-day']),
      month: text(values['givenAt-month']),
      year: text(values['givenAt-year']),
    },
    confirm: values.confirm,
  });
  if (parsed.success) {
    const { title, body: adviceBody, givenAt } = parsed.data;
    return { ok: true, data: { title, body: adviceBody, givenAt } };
  }
  return {
    ok: false,
    values,
    errors: formErrors(
      parsed.error.issues.map((issue) => {
        const [field, part] = issue.path.map(String);
        // The summary links to the first box of the date input.
        return [
          field === 'givenAt' ? `givenAt-${part ?? 'day'}` : (field ?? 'form'),
          issue.message,
        ];
      }),
    ),
  };
}
