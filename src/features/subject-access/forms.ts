import {
  GROUNDS_FOR,
  IDENTITY_METHODS,
  SAR_CONTROLLERS,
  applyRedactions,
  extensionRefusal,
  type IdentityMethod,
  type ItemController,
  type SarController,
  type WithholdGround,
} from '../../domain/subject-access.ts';
import type { FormErrors } from '../../web/forms.ts';
import { orderedErrors, type ErrorPair } from '../../web/form-issues.ts';
import { formInput } from '../../web/form-fields.ts';
import { readDay, readText } from '../../web/form-parts.ts';
import { isUuid } from '../../web/ids.ts';
import type { Registration } from './service.ts';
import type { ItemDecision } from './review.ts';

type Form<T> =
  { ok: true; value: T } | { ok: false; errors: FormErrors; values: Record<string, string> };

const REGISTER_FIELDS = [
  'q',
  'personId',
  'receivedOn-day',
  'receivedOn-month',
  'receivedOn-year',
  'identityMethod',
  'identityCheckedBy',
  'controller',
] as const;

const isMethod = (v: string): v is IdentityMethod => IDENTITY_METHODS.some((m) => m.code === v);
const isController = (v: string): v is SarController => SAR_CONTROLLERS.some((c) => c.code === v);

/** A new request: whose (one of the people found), when received, the identity check, the controller. */
export function readRegisterForm(
  body: unknown,
  input: { today: string; people: readonly string[] },
): Form<Registration> {
  const values = formInput(body, REGISTER_FIELDS);
  const pairs: ErrorPair[] = [];
  const personId = values.personId ?? '';
  if (!isUuid(personId) || !input.people.includes(personId)) {
    pairs.push(['personId', 'Select the person who made the request']);
  }
  const receivedOn = readDay(
    values,
    'receivedOn',
    { label: 'The date the request was received', today: input.today, notInFuture: true },
    pairs,
  );
  const method = values.identityMethod ?? '';
  if (!isMethod(method)) pairs.push(['identityMethod', 'Select how the identity was checked']);
  const checkedBy = readText(
    values,
    'identityCheckedBy',
    {
      empty: 'Enter who checked the identity',
      max: 200,
      tooLong: 'The name must be 200 characters or fewer',
    },
    pairs,
  );
  const controller = values.controller ?? '';
  if (!isController(controller)) pairs.push(['controller', 'Select who the request is made to']);
  if (
    pairs.length > 0 ||
    !receivedOn ||
    !checkedBy ||
    !isMethod(method) ||
    !isController(controller)
  ) {
    return {
      ok: false,
      errors: orderedErrors(pairs, [
        'personId',
        'receivedOn',
        'identityMethod',
        'identityCheckedBy',
        'controller',
      ]),
      values,
    };
  }
  return {
    ok: true,
    value: {
      personId,
      receivedOn,
      identityMethod: method,
      identityCheckedBy: checkedBy,
      controller,
    },
  };
}

const EXTEND_FIELDS = ['extendTo-day', 'extendTo-month', 'extendTo-year', 'reason'] as const;

/** An extension: the new deadline (after the current one, within two more months) and why. */
export function readExtendForm(
  body: unknown,
  input: { today: string; receivedOn: string; currentDue: string },
): Form<{ to: string; reason: string }> {
  const values = formInput(body, EXTEND_FIELDS);
  const pairs: ErrorPair[] = [];
  const to = readDay(values, 'extendTo', { label: 'The new deadline', today: input.today }, pairs);
  if (to) {
    const refusal = extensionRefusal({
      receivedOn: input.receivedOn,
      currentDue: input.currentDue,
      to,
    });
    if (refusal) pairs.push(['extendTo-day', refusal]);
  }
  const reason = readText(
    values,
    'reason',
    {
      empty: 'Enter why the deadline is extended',
      max: 2000,
      tooLong: 'The reason must be 2,000 characters or fewer',
    },
    pairs,
  );
  if (pairs.length > 0 || !to || !reason) {
    return { ok: false, errors: orderedErrors(pairs, ['extendTo', 'reason']), values };
  }
  return { ok: true, value: { to, reason } };
}

const DECISION_FIELDS = ['decision', 'ground', 'reason', 'releasedText'] as const;

/**
 * A reviewer's decision on one item: release; release part (with the text to release, third
 * parties' information marked [[like this]], a ground and a reason); or withhold (ground, reason).
 */
export function readDecisionForm(body: unknown, controller: ItemController): Form<ItemDecision> {
  const values = formInput(body, DECISION_FIELDS);
  const pairs: ErrorPair[] = [];
  const decision = values.decision ?? '';
  if (decision === 'release') return { ok: true, value: { decision: 'release' } };
  if (decision !== 'release_part' && decision !== 'withhold') {
    pairs.push(['decision', 'Select whether to release the record']);
    return { ok: false, errors: orderedErrors(pairs, ['decision']), values };
  }
  const grounds: readonly string[] = GROUNDS_FOR[controller];
  const ground = values.ground ?? '';
  if (!grounds.includes(ground)) pairs.push(['ground', 'Select why it is not released in full']);
  const reason = readText(
    values,
    'reason',
    {
      empty: 'Enter the reason',
      max: 2000,
      tooLong: 'The reason must be 2,000 characters or fewer',
    },
    pairs,
  );
  let releasedText: string | null = null;
  if (decision === 'release_part') {
    const text = readText(
      values,
      'releasedText',
      {
        empty: 'Enter the text to release',
        max: 20000,
        tooLong: 'The text must be 20,000 characters or fewer',
      },
      pairs,
    );
    if (text) {
      const redacted = applyRedactions(text);
      if (redacted.ok) releasedText = redacted.text;
      else pairs.push(['releasedText', redacted.message]);
    }
  }
  if (pairs.length > 0 || !reason || !grounds.includes(ground)) {
    return {
      ok: false,
      errors: orderedErrors(pairs, ['decision', 'ground', 'reason', 'releasedText']),
      values,
    };
  }
  const g = ground as WithholdGround;
  if (decision === 'withhold') return { ok: true, value: { decision, ground: g, reason } };
  if (releasedText === null) {
    return { ok: false, errors: orderedErrors(pairs, ['releasedText']), values };
  }
  return { ok: true, value: { decision, ground: g, reason, releasedText } };
}
