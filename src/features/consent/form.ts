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

/** The follow-up questions of each answer that has some, in page order. */
const FOLLOW_UPS = ['method', 'bestInterestsBy', 'decidedAt'] as const;
type FollowUp = (typeof FOLLOW_UPS)[number];
const followUpsOf = (status: ConsentStatus): FollowUp[] =>
  FOLLOW_UPS.filter((f) =>
    f === 'method'
      ? methodRequired(status)
      : f === 'bestInterestsBy'
        ? status === 'lacks_capacity_best_interests'
        : status !== 'not_yet_sought',
  );
const BOXES: Record<FollowUp, string[]> = {
  method: [''],
  bestInterestsBy: [''],
  decidedAt: ['-day', '-month', '-year', '-time'],
};

/**
 * The form's name of a follow-up under one answer. Each answer reveals its own copy of its
 * follow-ups (GOV.UK conditional reveals cannot share a field), so the copy carries the
 * answer: "method-given", "decidedAt-given-day".
 */
export const followUpName = (status: ConsentStatus, field: FollowUp, box = ''): string =>
  `${field}-${status}${box}`;

/** Every field of the form in page order: the status, each answer's follow-ups, the note. */
export const CONSENT_FIELDS = [
  'status',
  ...CONSENT_STATUSES.flatMap((s) =>
    followUpsOf(s).flatMap((f) => BOXES[f].map((box) => followUpName(s, f, box))),
  ),
  'note',
  'version',
];

/** The plain names, still read when a follow-up of the chosen answer is not sent. */
const PLAIN_FIELDS = FOLLOW_UPS.flatMap((f) => BOXES[f].map((box) => `${f}${box}`));

/**
 * The chosen answer's follow-ups under their plain names ("decidedAt-day"): the copy under
 * that answer, else the plain field (a client posting one set of names). Follow-ups of other
 * answers are never read, so a hidden question's value is not saved.
 */
function followUpValues(values: Record<string, string>, status: ConsentStatus) {
  const picked: Record<string, string> = {};
  for (const f of FOLLOW_UPS) {
    for (const box of BOXES[f]) {
      const own = values[followUpName(status, f, box)] ?? '';
      picked[`${f}${box}`] = own !== '' ? own : (values[`${f}${box}`] ?? '');
    }
  }
  return picked;
}

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
  const values = formInput(body, [...CONSENT_FIELDS, ...PLAIN_FIELDS]);
  const pairs: ErrorPair[] = [];
  const status = (CONSENT_STATUSES as readonly string[]).includes(values.status!)
    ? (values.status as ConsentStatus)
    : null;
  const answers = status ? followUpValues(values, status) : { method: '', bestInterestsBy: '' };
  // An error names the copy of the follow-up the user sees: "decidedAt-given-day".
  const under = (field: string) =>
    status ? field.replace(/^(method|bestInterestsBy|decidedAt)/, `$1-${status}`) : field;
  const parsed = issuesOf(schema, { ...values, ...answers });
  if (!parsed.ok) pairs.push(...parsed.pairs.map(([f, m]): ErrorPair => [under(f), m]));
  let method: ConsentMethod | null = null;
  let decidedAt: Date | null = null;
  if (status) {
    const follow = followUpsOf(status);
    if (follow.includes('method')) {
      if ((CONSENT_METHODS as readonly string[]).includes(answers.method!)) {
        method = answers.method as ConsentMethod;
      } else {
        pairs.push([under('method'), 'Select how the person gave their decision']);
      }
    }
    if (follow.includes('bestInterestsBy') && answers.bestInterestsBy!.trim() === '') {
      pairs.push([under('bestInterestsBy'), 'Enter who made the best-interests decision']);
    }
    if (follow.includes('decidedAt')) {
      const when = readDateTime(answers, 'decidedAt', {
        label: 'of the decision',
        required: true,
        now,
      });
      if (when.ok) decidedAt = when.value;
      else pairs.push(...when.errors.map((e): ErrorPair => [under(e.field), e.message]));
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
