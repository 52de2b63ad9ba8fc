/**
 * NHS numbers: ten digits, the last a modulus 11 check digit. Users type them with spaces or
 * dashes; we store the ten digits and show them 3-3-4. Error messages never repeat the input
 * (it is personal data) and follow the GOV.UK pattern.
 */

export type NhsNumberError = 'missing' | 'characters' | 'length' | 'check_digit' | 'placeholder';

export type NhsNumberResult =
  { ok: true; value: string } | { ok: false; error: NhsNumberError; message: string };

export const NHS_NUMBER_MESSAGES: Record<NhsNumberError, string> = {
  missing: 'Enter an NHS number',
  characters: 'NHS number must only include numbers 0 to 9, spaces and dashes',
  length: 'NHS number must be 10 digits, like 943 476 5919',
  check_digit: 'Enter a valid NHS number, like 943 476 5919',
  placeholder: 'Enter the person’s own NHS number, not a placeholder like 000 000 0000',
};

const WEIGHTS = [10, 9, 8, 7, 6, 5, 4, 3, 2] as const;

/**
 * The check digit for the first nine digits, or undefined when there is none: a remainder
 * of 1 would need a check digit of 10, so no NHS number starts with those nine digits.
 */
export function checkDigitOf(firstNine: string): number | undefined {
  if (!/^\d{9}$/.test(firstNine)) throw new RangeError('checkDigitOf needs nine digits');
  const sum = WEIGHTS.reduce((total, weight, i) => total + weight * Number(firstNine[i]), 0);
  const check = 11 - (sum % 11);
  if (check === 10) return undefined;
  return check === 11 ? 0 : check;
}

/**
 * Numbers that pass the check but are typed to get past a mandatory field. Every repeated
 * digit passes modulus 11 (55 × d is a multiple of 11), as do runs like 0123456789.
 */
export function isPlaceholderNhsNumber(digits: string): boolean {
  if (/^(\d)\1{9}$/.test(digits)) return true;
  const steps = new Set<number>();
  for (let i = 1; i < digits.length; i += 1) {
    steps.add((Number(digits[i]) - Number(digits[i - 1]) + 10) % 10);
  }
  // Ascending (+1) or descending (−1) runs, wrapping 9 → 0.
  return steps.size === 1 && (steps.has(1) || steps.has(9));
}

/** Parse what a user typed: spaces and dashes allowed anywhere, nothing else. */
export function parseNhsNumber(input: string): NhsNumberResult {
  const fail = (error: NhsNumberError): NhsNumberResult => ({
    ok: false,
    error,
    message: NHS_NUMBER_MESSAGES[error],
  });
  const digits = input.replace(/[\s-]/g, '');
  if (digits === '') return fail('missing');
  if (!/^\d+$/.test(digits)) return fail('characters');
  if (digits.length !== 10) return fail('length');
  if (checkDigitOf(digits.slice(0, 9)) !== Number(digits[9])) return fail('check_digit');
  if (isPlaceholderNhsNumber(digits)) return fail('placeholder');
  return { ok: true, value: digits };
}

export const isValidNhsNumber = (input: string): boolean => parseNhsNumber(input).ok;

/** 9434765919 → "943 476 5919", as the NHS shows them. Anything else is returned unchanged. */
export function formatNhsNumber(digits: string): string {
  const match = /^(\d{3})(\d{3})(\d{4})$/.exec(digits);
  return match ? `${match[1]} ${match[2]} ${match[3]}` : digits;
}

/** The range the NHS reserves for testing: such numbers are never issued to a person. */
export const SYNTHETIC_RANGE = { first: '9990000000', last: '9999999999' } as const;

export const isSyntheticNhsNumber = (digits: string): boolean =>
  /^999\d{7}$/.test(digits) && isValidNhsNumber(digits);

/**
 * A valid NHS number in the 999 testing range, for the demo and the data generator: real
 * people's numbers must never appear. `random` returns [0, 1) like Math.random, so tests and
 * seeds can pass a deterministic one. Terminates for any `random`: the ninth digit has weight
 * 2, so its ten values give ten different remainders, at most one of which has no check digit
 * and at most one of which is the placeholder 9999999999.
 */
export function syntheticNhsNumber(random: () => number): string {
  const digit = () => Math.min(9, Math.max(0, Math.floor(random() * 10)));
  const middle = Array.from({ length: 5 }, digit).join('');
  const ninth = digit();
  for (let step = 0; step < 10; step += 1) {
    const firstNine = `999${middle}${(ninth + step) % 10}`;
    const check = checkDigitOf(firstNine);
    if (check === undefined) continue;
    const candidate = `${firstNine}${check}`;
    if (!isPlaceholderNhsNumber(candidate)) return candidate;
  }
  throw new Error('unreachable: some ninth digit always gives a synthetic NHS number');
}
