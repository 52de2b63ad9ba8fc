import { STATE_LABELS, STATES } from '../../../domain/case-state.ts';
import type { FieldErrors } from '../../../web/form-fields.ts';
import { labelOf, type Option } from '../options.ts';
import type { CaseStatusCode } from '../tables.ts';
import { changeLabel } from '../../../web/format.ts';

const longDate = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});

/** "3 February 1999" for a timestamp or a 'YYYY-MM-DD' date. */
export function formatDate(value: Date | string): string {
  const date = typeof value === 'string' ? new Date(`${value}T12:00:00Z`) : value;
  return longDate.format(date);
}

/** The GOV.UK error summary list: each message links to its field. */
export function errorSummary(errors: FieldErrors): { text: string; href: string }[] {
  return Object.entries(errors).map(([field, text]) => ({ text, href: `#${field}` }));
}

/** A field's error for a GOV.UK macro, or undefined; a date's error is under "field-part". */
export function errorFor(errors: FieldErrors, field: string): { text: string } | undefined {
  const key = Object.keys(errors).find((k) => k === field || k.startsWith(`${field}-`));
  return key ? { text: errors[key]! } : undefined;
}

/** Radio items with the chosen one checked. */
export function radioItems(options: Option[], value: string | undefined) {
  return options.map((o) => ({ value: o.code, text: o.label, checked: o.code === value }));
}

/** Select items with a first empty choice and the chosen one selected. */
export function selectItems(options: Option[], value: string | undefined, prompt: string) {
  return [
    { value: '', text: prompt, selected: !value },
    ...options.map((o) => ({ value: o.code, text: o.label, selected: o.code === value })),
  ];
}

/** The three inputs of a GOV.UK date input, marked when the date has an error. */
export function dateItems(
  input: Record<string, string>,
  field: string,
  errors: FieldErrors,
): { name: string; label: string; value: string; classes: string }[] {
  const hasError = Object.keys(errors).some((k) => k.startsWith(`${field}-`));
  const part = (name: 'day' | 'month' | 'year', label: string, width: string) => ({
    name,
    label,
    value: input[`${field}-${name}`] ?? '',
    classes: `${width}${hasError ? ' govuk-input--error' : ''}`,
  });
  return [
    part('day', 'Day', 'govuk-input--width-2'),
    part('month', 'Month', 'govuk-input--width-2'),
    part('year', 'Year', 'govuk-input--width-4'),
  ];
}

/** GOV.UK tags for a case's status, in the state machine's words. */
export const STATUS_TAGS = Object.fromEntries(
  STATES.map((state) => [
    state,
    { text: STATE_LABELS[state].text, classes: `govuk-tag--${STATE_LABELS[state].colour}` },
  ]),
) as Record<CaseStatusCode, { text: string; classes: string }>;

/** A summary list row; an empty answer reads "Not given". */
export function row(key: string, value: string | null | undefined, href?: string, hidden?: string) {
  return {
    key: { text: key },
    value: { text: value === null || value === undefined || value === '' ? 'Not given' : value },
    ...(href
      ? {
          actions: {
            items: [{ href, text: 'Change', visuallyHiddenText: hidden ?? changeLabel(key) }],
          },
        }
      : {}),
  };
}

export { labelOf };
