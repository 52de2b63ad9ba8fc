import {
  RECTIFIABLE_KINDS,
  RECTIFICATION_OUTCOMES,
  type RecordKind,
  type RectificationOutcome,
} from '../../domain/rectification.ts';
import { isCode } from '../../domain/reference/list.ts';
import type { FormErrors } from '../../web/forms.ts';
import { orderedErrors, versionOf, type ErrorPair } from '../../web/form-issues.ts';
import { formInput } from '../../web/form-fields.ts';
import { readDay, readText } from '../../web/form-parts.ts';

/** A correction request on a record, and the answer to it. */
export interface RectificationInput {
  requestedOn: string;
  request: string;
  outcome: RectificationOutcome;
  /** corrected: the record's new text (kinds corrected as text) and why. */
  body: string | null;
  reason: string | null;
  /** annotated: why the record stands. */
  annotation: string | null;
  /** The person's own statement, as text. */
  statement: string | null;
}

export const RECTIFICATION_FIELDS = [
  'requestedOn-day',
  'requestedOn-month',
  'requestedOn-year',
  'request',
  'outcome',
  'body',
  'reason',
  'annotation',
  'statement',
  'version',
] as const;
const FIELD_ORDER = ['requestedOn', 'request', 'outcome', 'body', 'reason', 'annotation'];

export type RectificationForm =
  | { ok: true; version: number; input: RectificationInput }
  | { ok: false; errors: FormErrors; values: Record<string, string> };

const tooLong = (what: string, max: string) => `${what} must be ${max} characters or fewer`;

/**
 * The correction request form: what the conditional fields ask depends on the answer, and on
 * the kind of record (a formulation or a plan starts a new version: no text is asked).
 */
export function readRectificationForm(
  body: unknown,
  today: string,
  kind: RecordKind = 'note',
): RectificationForm {
  const values = formInput(body, RECTIFICATION_FIELDS);
  const pairs: ErrorPair[] = [];
  const requestedOn = readDay(
    values,
    'requestedOn',
    { label: 'The date of the request', today, notInFuture: true },
    pairs,
  );
  const request = readText(
    values,
    'request',
    {
      empty: 'Enter what the person says is inaccurate',
      max: 5000,
      tooLong: tooLong('The request', '5,000'),
    },
    pairs,
  );
  const outcome = values.outcome;
  const known = isCode(RECTIFICATION_OUTCOMES, outcome);
  if (!known) pairs.push(['outcome', 'Select how you answer the request']);
  const correcting = outcome === 'corrected';
  const asText = RECTIFIABLE_KINDS[kind].mode === 'text';
  const noun = RECTIFIABLE_KINDS[kind].noun;
  const text =
    correcting && asText
      ? readText(
          values,
          'body',
          {
            empty: `Enter the corrected ${noun}`,
            max: kind === 'note' ? 10000 : 5000,
            tooLong: tooLong('The correction', kind === 'note' ? '10,000' : '5,000'),
          },
          pairs,
        )
      : null;
  const reason = correcting
    ? readText(
        values,
        'reason',
        {
          empty: `Enter why the ${noun} is corrected`,
          max: 900,
          tooLong: tooLong('The reason', '900'),
        },
        pairs,
      )
    : null;
  const annotation =
    outcome === 'annotated'
      ? readText(
          values,
          'annotation',
          {
            empty: `Enter why the ${noun} must stand`,
            max: 5000,
            tooLong: tooLong('The annotation', '5,000'),
          },
          pairs,
        )
      : null;
  const statement = readText(
    values,
    'statement',
    { max: 10000, tooLong: tooLong("The person's statement", '10,000') },
    pairs,
  );
  if (pairs.length > 0 || !requestedOn || !request || !known) {
    return { ok: false, errors: orderedErrors(pairs, FIELD_ORDER), values };
  }
  return {
    ok: true,
    version: versionOf(values) ?? -1,
    input: { requestedOn, request, outcome, body: text, reason, annotation, statement },
  };
}
