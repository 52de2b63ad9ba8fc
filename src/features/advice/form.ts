import { z } from 'zod';
import { dateInput } from '../../web/form-fields.ts';
import { type FormResult } from '../../web/forms.ts';
import { orderedErrors, type ErrorPair } from '../../web/form-issues.ts';

/** The advice form's questions, top to bottom. */
const ADVICE_PAGE_ORDER = [
  'title',
  'kind',
  'body',
  'approach',
  'avoid',
  'involve',
  'givenAt',
  'confirm',
] as const;

export const ADVICE_CONFIRMATION =
  'This advice contains no health information that has not been released by a disclosure decision';

/**
 * What the clinician writes for the case officer: advice, or a communication strategy (how to
 * communicate with the person: the approach, what to avoid, who to involve).
 */
export const ADVICE_KINDS = ['advice', 'communication_strategy'] as const;
export type AdviceKind = (typeof ADVICE_KINDS)[number];

export const ADVICE_KIND_LABELS: Record<AdviceKind, string> = {
  advice: 'Advice',
  communication_strategy: 'Communication strategy',
};

export interface AdviceInput {
  kind: AdviceKind;
  title: string | null;
  /** The advice; for a communication strategy, the approach. */
  body: string;
  avoid: string | null;
  involve: string | null;
  givenAt: string;
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');

const optional = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .transform((s) => (s === '' ? null : s));

/**
 * The advice form: title optional, the date required, the rule 7 confirmation ticked, and
 * by kind: the advice; or the approach and what to avoid (who to involve optional). A form
 * without a kind is advice, the choice the page starts with.
 */
export function parseAdviceForm(body: unknown, today: string): FormResult<AdviceInput> {
  const values = body && typeof body === 'object' ? { ...(body as Record<string, unknown>) } : {};
  delete values._csrf;
  const kindValue = values.kind === undefined || values.kind === '' ? 'advice' : values.kind;
  const kind: AdviceKind | null = (ADVICE_KINDS as readonly unknown[]).includes(kindValue)
    ? (kindValue as AdviceKind)
    : null;
  const common = {
    title: z
      .string()
      .trim()
      .max(120, 'Title must be 120 characters or fewer')
      .transform((s) => (s === '' ? null : s)),
    givenAt: dateInput({ label: 'The date the advice was given', today, notInFuture: true }),
    confirm: z.literal('yes', {
      error: 'Confirm that the advice contains no health information that has not been released',
    }),
  };
  const schema = z.object({
    ...common,
    kind: z.enum(ADVICE_KINDS, { error: 'Select advice or a communication strategy' }),
    body:
      kind === 'communication_strategy'
        ? z.string()
        : z
            .string()
            .trim()
            .min(1, 'Enter the advice')
            .max(5000, 'Advice must be 5,000 characters or fewer'),
    approach:
      kind === 'communication_strategy'
        ? z
            .string()
            .trim()
            .min(1, 'Enter the approach to take')
            .max(5000, 'The approach must be 5,000 characters or fewer')
        : z.string(),
    avoid:
      kind === 'communication_strategy'
        ? z
            .string()
            .trim()
            .min(1, 'Enter what to avoid')
            .max(5000, 'What to avoid must be 5,000 characters or fewer')
        : z.string(),
    involve: optional(2000, 'Who to involve must be 2,000 characters or fewer'),
  });
  const parsed = schema.safeParse({
    kind: kind ?? text(kindValue),
    title: text(values.title),
    body: text(values.body),
    approach: text(values.approach),
    avoid: text(values.avoid),
    involve: text(values.involve),
    givenAt: {
      day: text(values['givenAt-day']),
      month: text(values['givenAt-month']),
      year: text(values['givenAt-year']),
    },
    confirm: values.confirm,
  });
  if (parsed.success) {
    const d = parsed.data;
    const strategy = d.kind === 'communication_strategy';
    return {
      ok: true,
      data: {
        kind: d.kind,
        title: d.title,
        body: strategy ? d.approach.trim() : d.body,
        avoid: strategy ? d.avoid.trim() : null,
        involve: strategy ? d.involve : null,
        givenAt: d.givenAt,
      },
    };
  }
  return {
    ok: false,
    values,
    // In the order of the page, whatever the order of the schema.
    errors: orderedErrors(
      parsed.error.issues.map((issue): ErrorPair => {
        const [field, part] = issue.path.map(String);
        // The summary links to the first box of the date input.
        return [
          field === 'givenAt' ? `givenAt-${part ?? 'day'}` : (field ?? 'form'),
          issue.message,
        ];
      }),
      ADVICE_PAGE_ORDER,
    ),
  };
}
