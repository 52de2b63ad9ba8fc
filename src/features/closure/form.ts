import { z } from 'zod';
import { CLOSURE_OUTCOMES } from '../../domain/reference/case-outcomes.ts';
import { parseForm } from '../../web/forms.ts';

export const SUMMARY_CONFIRMATION =
  'This summary contains no health information that has not been released by a disclosure decision';

const outcomeCodes = CLOSURE_OUTCOMES.map((o) => o.code) as string[];
const trimmed = (empty: string, max: number, tooLong: string) =>
  z.string({ error: empty }).trim().min(1, empty).max(max, tooLong);

/** Requesting closure: outcome, the summary the case officer reads, the hub's closing notes. */
const closureRequestForm = z.object({
  outcome: z
    .string({ error: 'Select the outcome' })
    .refine((v) => outcomeCodes.includes(v), 'Select the outcome'),
  summary: trimmed(
    'Enter a summary for the case officer',
    5000,
    'Summary must be 5,000 characters or fewer',
  ),
  closingNotes: trimmed(
    'Enter closing notes for the hub',
    10000,
    'Closing notes must be 10,000 characters or fewer',
  ),
  confirm: z.literal('yes', {
    error: 'Confirm that the summary contains no health information that has not been released',
  }),
});
export type ClosureRequestInput = z.infer<typeof closureRequestForm>;
export const parseClosureRequest = (body: unknown) => parseForm(closureRequestForm, body);

const returnForm = z.object({
  reason: trimmed(
    'Enter why the closure is sent back',
    2000,
    'Reason must be 2,000 characters or fewer',
  ),
});
export const parseReturn = (body: unknown) => parseForm(returnForm, body);

export const CONFIDENCE_QUESTION =
  'How confident do you now feel about when and how to seek VSS support?';
export const CONFIDENCE_LEVELS = [
  { value: '1', text: 'Not at all confident' },
  { value: '2', text: 'Slightly confident' },
  { value: '3', text: 'Moderately confident' },
  { value: '4', text: 'Very confident' },
  { value: '5', text: 'Completely confident' },
] as const;

const feedbackForm = z.object({
  confidence: z
    .string({ error: 'Select how confident you now feel' })
    .regex(/^[1-5]$/, 'Select how confident you now feel')
    .transform(Number),
  comment: z
    .string()
    .trim()
    .max(2000, 'Comment must be 2,000 characters or fewer')
    .optional()
    .transform((s) => (s ? s : null)),
});
export type FeedbackInput = z.infer<typeof feedbackForm>;
export const parseFeedback = (body: unknown) => parseForm(feedbackForm, body);
