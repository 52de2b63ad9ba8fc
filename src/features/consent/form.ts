import { z } from 'zod';
import {
  CONSENT_METHODS,
  CONSENT_STATUSES,
  isLawfulBasis,
  methodRequired,
  missingHealthBasis,
  type ConsentMethod,
  type ConsentStatus,
  type LawfulBasis,
} from '../../domain/consent.ts';
import type { FormErrors } from '../../web/forms.ts';
import { readDateTime } from '../../web/date-time.ts';
import { issuesOf, orderedErrors, versionOf, type ErrorPair } from '../../web/form-issues.ts';
import { formInput, optionalText } from '../../web/form-fields.ts';
import type { ConsentInput } from './service.ts';

export const CONSENT_FIELDS = [
  'status',
  'method',
  'bestInterestsBy',
  'decidedAt-day',
  'decidedAt-month',
  'decidedAt-year',
  'decidedAt-time',
  'note',
  'version',
] as const;

const schema = z.object({
  status: z
    .string()
    .refine(
      (v): v is ConsentStatus => (CONSENT_STATUSES as readonly string[]).includes(v),
      'Select the consent status',
    ),
  method: z.string(),
  bestInterestsBy: optionalText(200, 'Who made the decision must be 200 characters or fewer'),
  note: optionalText(2000, 'The note must be 2,000 characters or fewer'),
});

export type ConsentForm =
  | { ok: true; version: number; consent: ConsentInput }
  | { ok: false; errors: FormErrors; values: Record<string, string> };

/**
 * How is asked where the person expressed a decision; who decided, for a best-interests
 * decision; when, for everything but "not yet sought".
 */
export function readConsentForm(body: unknown, now: Date): ConsentForm {
  const values = formInput(body, CONSENT_FIELDS);
  const pairs: ErrorPair[] = [];
  const parsed = issuesOf(schema, values);
  if (!parsed.ok) pairs.push(...parsed.pairs);
  const status = (CONSENT_STATUSES as readonly string[]).includes(values.status!)
    ? (values.status as ConsentStatus)
    : null;
  let method: ConsentMethod | null = null;
  let decidedAt: Date | null = null;
  if (status) {
    if (methodRequired(status)) {
      if ((CONSENT_METHODS as readonly string[]).includes(values.method!)) {
        method = values.method as ConsentMethod;
      } else {
        pairs.push(['method', 'Select how the person gave their decision']);
      }
    }
    if (status === 'lacks_capacity_best_interests' && values.bestInterestsBy!.trim() === '') {
      pairs.push(['bestInterestsBy', 'Enter who made the best-interests decision']);
    }
    if (status !== 'not_yet_sought') {
      const when = readDateTime(values, 'decidedAt', {
        label: 'of the decision',
        required: true,
        now,
      });
      if (when.ok) decidedAt = when.value;
      else pairs.push(...when.errors.map((e): ErrorPair => [e.field, e.message]));
    }
  }
  const version = versionOf(values);
  if (version === null) pairs.push(['status', 'Open the consent page again and resubmit']);
  if (!parsed.ok || pairs.length || !status || version === null) {
    return { ok: false, values, errors: orderedErrors(pairs, CONSENT_FIELDS) };
  }
  return {
    ok: true,
    version,
    consent: {
      status,
      method,
      decidedAt,
      bestInterestsBy:
        status === 'lacks_capacity_best_interests' ? parsed.data.bestInterestsBy : null,
      note: parsed.data.note,
    },
  };
}

export type LawfulBasisForm =
  | { ok: true; version: number; codes: LawfulBasis[] }
  | { ok: false; errors: FormErrors; values: { codes: string[] } };

export function readLawfulBasisForm(body: unknown): LawfulBasisForm {
  const record = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const raw = record.codes;
  const sent = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(
    (v): v is string => typeof v === 'string',
  );
  const codes = [...new Set(sent.filter(isLawfulBasis))];
  const version = versionOf({ version: typeof record.version === 'string' ? record.version : '' });
  const pairs: ErrorPair[] = [];
  if (codes.length !== sent.length) pairs.push(['codes', 'Select lawful bases from the list']);
  else if (codes.length === 0) pairs.push(['codes', 'Select the lawful basis for processing']);
  else {
    const missing = missingHealthBasis(codes);
    if (missing) pairs.push(['codes', missing]);
  }
  if (version === null) pairs.push(['codes', 'Open the lawful basis page again and resubmit']);
  if (pairs.length || version === null) {
    return { ok: false, values: { codes: sent }, errors: orderedErrors(pairs, ['codes']) };
  }
  return { ok: true, version, codes };
}
