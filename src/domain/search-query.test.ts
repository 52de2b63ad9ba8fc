import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSearch, parseTypedDate, SEARCH_MESSAGES } from './search-query.ts';

const query = (input: string) => {
  const parsed = parseSearch(input);
  assert.ok(parsed.ok, `${input} is read`);
  return parsed.query;
};
const refused = (input: unknown) => {
  const parsed = parseSearch(input);
  assert.equal(parsed.ok, false, `${String(input)} is refused`);
  return parsed.ok ? '' : parsed.message;
};

test('a case reference in any case, with spaces around, in its usual form', () => {
  assert.deepEqual(query(' wm-2026-42 '), { kind: 'case_reference', reference: 'WM-2026-0042' });
  assert.deepEqual(query('LDN-2025-0007'), { kind: 'case_reference', reference: 'LDN-2025-0007' });
});

test('an NHS number with spaces or hyphens', () => {
  for (const input of ['943 476 5919', '9434765919', '943-476-5919', ' 943  476 5919 ']) {
    assert.deepEqual(query(input), { kind: 'nhs_number', nhsNumber: '9434765919' });
  }
});

test('dates of birth as people type them, day first', () => {
  for (const input of [
    '2/3/1990',
    '02/03/1990',
    '2.3.1990',
    '2-3-1990',
    '2 March 1990',
    '2 march 1990',
    '2nd March 1990',
    '2 Mar 1990',
    '2 Mar. 1990',
    '1990-03-02',
  ]) {
    assert.deepEqual(query(input), { kind: 'date_of_birth', date: '1990-03-02' }, input);
  }
  assert.equal(parseTypedDate('29 February 2024'), '2024-02-29');
  assert.equal(parseTypedDate('1 Sept 2001'), '2001-09-01');
});

test('a date that is not a real one is refused, not searched as a name', () => {
  assert.equal(refused('31/2/1990'), SEARCH_MESSAGES.date);
  assert.equal(refused('29 February 2023'), SEARCH_MESSAGES.date);
  assert.equal(refused('1/13/1990'), SEARCH_MESSAGES.date);
  assert.equal(refused('2/3/1850'), SEARCH_MESSAGES.date);
});

test('names, with accents, apostrophes, hyphens and any order', () => {
  assert.deepEqual(query('Zoë  Ó’Brien-Smith'), { kind: 'name', name: 'Zoë Ó’Brien-Smith' });
  assert.deepEqual(query('smith john'), { kind: 'name', name: 'smith john' });
  // Decomposed accents are composed, so the database folds them the same way.
  assert.deepEqual(query('Zoe\u0308'), { kind: 'name', name: 'Zoë' });
  assert.equal(refused('J'), SEARCH_MESSAGES.shortName);
});

test('anything else with a digit is a PCMT or Channel reference, upper-cased', () => {
  assert.deepEqual(query('pcmt/wm01/2026/1234'), {
    kind: 'external_reference',
    reference: 'PCMT/WM01/2026/1234',
  });
  assert.deepEqual(query('CH-WM01-77'), { kind: 'external_reference', reference: 'CH-WM01-77' });
  // Nine digits is not an NHS number: a reference.
  assert.equal(query('943476591').kind, 'external_reference');
});

test('empty, too long, odd characters and non-strings are refused with a message', () => {
  assert.equal(refused(''), SEARCH_MESSAGES.empty);
  assert.equal(refused('   '), SEARCH_MESSAGES.empty);
  assert.equal(refused(undefined), SEARCH_MESSAGES.empty);
  assert.equal(refused(['a', 'b']), SEARCH_MESSAGES.empty);
  assert.equal(refused('a'.repeat(101)), SEARCH_MESSAGES.tooLong);
  assert.equal(refused('smith%'), SEARCH_MESSAGES.characters);
  assert.equal(refused("x' OR 1=1 --"), SEARCH_MESSAGES.characters);
  assert.equal(refused('a\u0000b'), SEARCH_MESSAGES.characters);
});
