import { z } from 'zod';
import { TRIAGE_DECISIONS } from '../../domain/reference/case-outcomes.ts';
import { formInput } from '../../web/form-fields.ts';
import { optionalText, requiredText } from '../../web/form-fields.ts';
import { readDateTime } from '../../web/date-time.ts';
import { issuesOf, orderedErrors, versionOf, type ErrorPair } from '../../web/form-issues.ts';
import type { FormErrors } from '../../web/forms.ts';
import type { TriageInput } from './service.ts';
import type { TriageDecisionCode } from './tables.ts';

export const TRIAGE_FIELDS = [
  'decision',
  'signposting',
  'divertedTo',
  'divertedAt-day',
  'divertedAt-month',
  'divertedAt-year',
  'divertedAt-time',
  'rationale',
  'version',
] as const;

const schema = z.object({
  decision: z
    .string()
    .refine(
      (v): v is TriageDecisionCode => TRIAGE_DECISIONS.some((d) => d.code === v),
      'Select a triage decision',
    ),
  signposting: optionalText(2000, 'Signposting must be 2,000 characters or fewer'),
  divertedTo: optionalText(200, 'The service must be 200 characters or fewer'),
  rationale: requiredText(
    'Enter the rationale for your decision',
    5000,
    'The rationale must be 5,000 characters or fewer',
  ),
});

export type TriageForm =
  | { ok: true; version: number; triage: TriageInput }
  | { ok: false; errors: FormErrors; values: Record<string, string> };

/** Reads the triage form: the decision's own details are required with it. */
export function readTriageForm(body: unknown, now: Date): TriageForm {
  const values = formInput(body, TRIAGE_FIELDS);
  const pairs: ErrorPair[] = [];
  const parsed = issuesOf(schema, values);
  if (!parsed.ok) pairs.push(...parsed.pairs);
  const decision = parsed.ok ? parsed.data.decision : values.decision;
  let divertedAt: Date | null = null;
  if (decision === 'decline' && values.signposting!.trim() === '') {
    pairs.push(['signposting', 'Enter where you signposted the case officer or person']);
  }
  if (decision === 'urgent') {
    if (values.divertedTo!.trim() === '') {
      pairs.push(['divertedTo', 'Enter the service the person was diverted to']);
    }
    const when = readDateTime(values, 'divertedAt', {
      label: 'of the diversion',
      required: true,
      now,
    });
    if (when.ok) divertedAt = when.value;
    else pairs.push(...when.errors.map((e): ErrorPair => [e.field, e.message]));
  }
  const version = versionOf(values);
  if (version === null) pairs.push(['form', 'Open the triage page again and resubmit']);
  if (!parsed.ok || pairs.length || version === null) {
    return { ok: false, values, errors: orderedErrors(pairs, TRIAGE_FIELDS) };
  }
  return {
    ok: true,
    version,
    triage: {
      decision: parsed.data.decision,
      rationale: parsed.data.rationale,
      signposting: parsed.data.signposting,
      divertedTo: parsed.data.divertedTo,
      divertedAt,
    },
  };
}
