import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { formatNhsNumber, nhsCheckDigit, parseNhsNumber } from './nhs-number.ts';

test('known valid NHS numbers are accepted, with spaces or hyphens', () => {
  assert.equal(parseNhsNumber('9434765919'), '9434765919');
  assert.equal(parseNhsNumber('943 476 5919'), '9434765919');
  assert.equal(parseNhsNumber('943-476-5919'), '9434765919');
});

test('a wrong check digit, length or character is refused', () => {
  assert.equal(parseNhsNumber('9434765918'), null);
  assert.equal(parseNhsNumber('943476591'), null);
  assert.equal(parseNhsNumber('94347659190'), null);
  assert.equal(parseNhsNumber('94347659I9'), null);
  assert.equal(parseNhsNumber(''), null);
});

test('nine digits whose check would be 10 have no valid NHS number', () => {
  // weighted sum 6 * 2 = 12; 11 - (12 % 11) = 10
  assert.equal(nhsCheckDigit('000000006'), null);
});

test('a check of 11 becomes 0', () => {
  // weighted sum 1 * 5 + 3 * 2 = 11; 11 - (11 % 11) = 11
  assert.equal(nhsCheckDigit('000001003'), 0);
  assert.equal(parseNhsNumber('0000010030'), '0000010030');
});

test('property: the check digit makes a number valid, and any other last digit does not', () => {
  fc.assert(
    fc.property(fc.stringMatching(/^[0-9]{9}$/), (nine) => {
      const check = nhsCheckDigit(nine);
      for (let d = 0; d <= 9; d += 1) {
        const valid = parseNhsNumber(`${nine}${d}`) !== null;
        assert.equal(valid, check === d);
      }
    }),
  );
});

test('property: changing any one digit of a valid number makes it invalid', () => {
  fc.assert(
    fc.property(
      fc.stringMatching(/^[0-9]{9}$/),
      fc.integer({ min: 0, max: 8 }),
      fc.integer({ min: 1, max: 9 }),
      (nine, position, delta) => {
        const check = nhsCheckDigit(nine);
        fc.pre(check !== null);
        const changed = nine
          .split('')
          .map((c, i) => (i === position ? String((Number(c) + delta) % 10) : c))
          .join('');
        assert.equal(parseNhsNumber(`${changed}${check}`), null);
      },
    ),
  );
});

test('formats as 3-3-4', () => {
  assert.equal(formatNhsNumber('9434765919'), '943 476 5919');
});
