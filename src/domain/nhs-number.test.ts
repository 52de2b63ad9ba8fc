import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  NHS_NUMBER_MESSAGES,
  checkDigitOf,
  formatNhsNumber,
  isPlaceholderNhsNumber,
  isSyntheticNhsNumber,
  isValidNhsNumber,
  parseNhsNumber,
  syntheticNhsNumber,
} from './nhs-number.ts';

/** A valid, non-placeholder NHS number from arbitrary first nine digits. */
const validNhsNumber = fc
  .array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 })
  .map((digits) => digits.join(''))
  .filter((nine) => checkDigitOf(nine) !== undefined)
  .map((nine) => `${nine}${checkDigitOf(nine)}`)
  .filter((ten) => !isPlaceholderNhsNumber(ten));

const seededRandom = (seed: number) => {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
};

test('the NHS example number and known test numbers are valid', () => {
  for (const input of [
    '9434765919',
    '943 476 5919',
    '943-476-5919',
    ' 943 476-5919 ',
    '4010232137',
  ]) {
    assert.deepEqual(parseNhsNumber(input), { ok: true, value: input.replace(/[\s-]/g, '') });
  }
});

test('each kind of bad input has its own GOV.UK message, never echoing the input', () => {
  const cases: [string, keyof typeof NHS_NUMBER_MESSAGES][] = [
    ['', 'missing'],
    ['   ', 'missing'],
    [' - ', 'missing'],
    ['943 476 591O', 'characters'],
    ['943.476.5919', 'characters'],
    ['+449434765919', 'characters'],
    ['943476591', 'length'],
    ['94347659190', 'length'],
    ['9434765918', 'check_digit'],
    ['1234567890', 'check_digit'], // needs a check digit of 10: no such NHS number
    ['0000000000', 'placeholder'],
    ['1111111111', 'placeholder'],
    ['999 999 9999', 'placeholder'],
    ['0123456789', 'placeholder'],
    ['9876543210', 'placeholder'],
  ];
  for (const [input, error] of cases) {
    const result = parseNhsNumber(input);
    assert.equal(result.ok, false, input);
    if (result.ok) continue;
    assert.equal(result.error, error, input);
    assert.equal(result.message, NHS_NUMBER_MESSAGES[error]);
  }
  assert.equal(NHS_NUMBER_MESSAGES.check_digit, 'Enter a valid NHS number, like 943 476 5919');
});

test('the example in the messages is itself a valid NHS number', () => {
  assert.ok(isValidNhsNumber('943 476 5919'));
});

test('every repeated digit passes modulus 11, so each is refused as a placeholder', () => {
  for (let d = 0; d <= 9; d += 1) {
    const number = String(d).repeat(10);
    assert.equal(checkDigitOf(number.slice(0, 9)), d, number);
    assert.equal(parseNhsNumber(number).ok, false, number);
  }
});

test('the check digit: remainder 0 gives 0, remainder 1 gives none', () => {
  assert.equal(checkDigitOf('987654321'), 0); // sum 330 = 30 × 11
  assert.equal(checkDigitOf('123456789'), undefined); // sum 210, remainder 1
  assert.equal(checkDigitOf('943476591'), 9);
  assert.throws(() => checkDigitOf('12345678'), RangeError);
  assert.throws(() => checkDigitOf('12345678a'), RangeError);
});

test('ascending and descending runs are placeholders; ordinary numbers are not', () => {
  assert.ok(isPlaceholderNhsNumber('3456789012'));
  assert.ok(isPlaceholderNhsNumber('5432109876'));
  assert.ok(!isPlaceholderNhsNumber('9434765919'));
  assert.ok(!isPlaceholderNhsNumber('1234567899'));
});

test('formatNhsNumber shows 3-3-4 and leaves anything else alone', () => {
  assert.equal(formatNhsNumber('9434765919'), '943 476 5919');
  assert.equal(formatNhsNumber('943476591'), '943476591');
  assert.equal(formatNhsNumber(''), '');
});

test('property: changing any single digit of a valid number makes it invalid', () => {
  fc.assert(
    fc.property(
      validNhsNumber,
      fc.integer({ min: 0, max: 9 }),
      fc.integer({ min: 1, max: 9 }),
      (number, position, shift) => {
        const changed = (Number(number[position]) + shift) % 10;
        const mutated = number.slice(0, position) + changed + number.slice(position + 1);
        return !isValidNhsNumber(mutated);
      },
    ),
  );
});

test('property: swapping two different adjacent digits makes it invalid', () => {
  fc.assert(
    fc.property(validNhsNumber, fc.integer({ min: 0, max: 8 }), (number, i) => {
      fc.pre(number[i] !== number[i + 1]);
      const swapped = number.slice(0, i) + number[i + 1] + number[i] + number.slice(i + 2);
      return !isValidNhsNumber(swapped);
    }),
  );
});

test('property: a valid number survives formatting and re-parsing', () => {
  fc.assert(
    fc.property(validNhsNumber, (number) => {
      const result = parseNhsNumber(formatNhsNumber(number));
      return result.ok && result.value === number;
    }),
  );
});

test('property: every synthetic number is valid and in the 999 testing range', () => {
  fc.assert(
    fc.property(fc.integer(), (seed) => {
      const number = syntheticNhsNumber(seededRandom(seed));
      return isValidNhsNumber(number) && isSyntheticNhsNumber(number);
    }),
  );
});

test('property: synthetic numbers terminate and stay valid even for hostile randomness', () => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1 }), (draws) => {
      let i = 0;
      const number = syntheticNhsNumber(() => draws[i++ % draws.length] ?? 0);
      return isSyntheticNhsNumber(number);
    }),
  );
  // Always 0 gives 999000000x, whose remainder has no check digit: the next ninth digit is used.
  assert.equal(
    syntheticNhsNumber(() => 0),
    '9990000018',
  );
  assert.ok(isSyntheticNhsNumber(syntheticNhsNumber(() => 0.999999)));
});

test('isSyntheticNhsNumber refuses numbers outside the testing range', () => {
  assert.ok(!isSyntheticNhsNumber('9434765919'));
  assert.ok(!isSyntheticNhsNumber('9999999999'));
});
