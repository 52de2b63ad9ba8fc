import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dateParts, isoDate, readDateInput, ukToday, type DateRule } from './dates.ts';
import { londonTime } from './london-day.ts';

const at = (instant: string) => ukToday(new Date(instant));

test("today in the UK: winter is UTC's day, summer starts an hour earlier", () => {
  assert.equal(at('2026-01-15T23:59:59Z'), '2026-01-15');
  assert.equal(at('2026-01-16T00:00:00Z'), '2026-01-16');
  // 00:30 on 16 July in London is still 15 July in UTC.
  assert.equal(at('2026-07-15T22:59:59Z'), '2026-07-15');
  assert.equal(at('2026-07-15T23:00:00Z'), '2026-07-16');
  assert.equal(at('2026-07-15T23:30:00Z'), '2026-07-16');
});

test('today in the UK around the clocks going forward (last Sunday of March, 01:00 UTC)', () => {
  // 2026: Sunday 29 March. Midnight to 1 am is GMT; 1 am GMT becomes 2 am BST.
  assert.equal(at('2026-03-28T23:59:59Z'), '2026-03-28');
  assert.equal(at('2026-03-29T00:00:00Z'), '2026-03-29');
  assert.equal(at('2026-03-29T00:59:59Z'), '2026-03-29');
  assert.equal(at('2026-03-29T01:00:00Z'), '2026-03-29'); // 02:00 BST
  assert.equal(at('2026-03-29T22:59:59Z'), '2026-03-29'); // 23:59:59 BST
  assert.equal(at('2026-03-29T23:00:00Z'), '2026-03-30'); // midnight BST: the first BST midnight
});

test('today in the UK around the clocks going back (last Sunday of October, 01:00 UTC)', () => {
  // 2026: Sunday 25 October. Midnight BST is 23:00 UTC the day before; 1 am happens twice.
  assert.equal(at('2026-10-24T22:59:59Z'), '2026-10-24');
  assert.equal(at('2026-10-24T23:00:00Z'), '2026-10-25'); // 00:00 BST
  assert.equal(at('2026-10-25T00:30:00Z'), '2026-10-25'); // 01:30 BST
  assert.equal(at('2026-10-25T01:30:00Z'), '2026-10-25'); // 01:30 GMT, the second time
  assert.equal(at('2026-10-25T23:59:59Z'), '2026-10-25'); // GMT again: UTC's day
  assert.equal(at('2026-10-26T00:00:00Z'), '2026-10-26');
});

test('a wall-clock time on the days the clocks change', () => {
  assert.equal(
    londonTime('2026-03-29', { hour: 0, minute: 30 }).toISOString(),
    '2026-03-29T00:30:00.000Z',
  );
  // 01:30 does not exist on 29 March: an hour later, 02:30 BST.
  assert.equal(
    londonTime('2026-03-29', { hour: 1, minute: 30 }).toISOString(),
    '2026-03-29T01:30:00.000Z',
  );
  // 01:30 happens twice on 25 October: the first, in BST.
  assert.equal(
    londonTime('2026-10-25', { hour: 1, minute: 30 }).toISOString(),
    '2026-10-25T00:30:00.000Z',
  );
  assert.equal(
    londonTime('2026-07-16', { hour: 0, minute: 30 }).toISOString(),
    '2026-07-15T23:30:00.000Z',
  );
});

const dob: DateRule = { label: 'Date of birth', today: '2026-07-16', latest: 'today' };
const read = (day: string, month: string, year: string, rule: DateRule = dob) =>
  readDateInput({ day, month, year }, rule);
const refused = (part: string, message: string) => ({ ok: false, part, message });

test('a real date is read to YYYY-MM-DD, spaces and leading zeros allowed', () => {
  assert.deepEqual(read('3', '7', '1998'), { ok: true, value: '1998-07-03' });
  assert.deepEqual(read(' 03 ', '07', ' 1998'), { ok: true, value: '1998-07-03' });
  assert.deepEqual(read('29', '2', '2024'), { ok: true, value: '2024-02-29' });
  assert.deepEqual(read('29', '2', '2000'), { ok: true, value: '2000-02-29' });
});

test('empty boxes: all of them, or the ones missing, first box named', () => {
  assert.deepEqual(read('', '', ''), refused('day', 'Enter date of birth'));
  assert.deepEqual(read('3', '', '1998'), refused('month', 'Date of birth must include a month'));
  assert.deepEqual(
    read('', '', '1998'),
    refused('day', 'Date of birth must include a day and month'),
  );
  assert.deepEqual(read('3', '7', '  '), refused('year', 'Date of birth must include a year'));
});

test('not a real date: the box at fault is named', () => {
  const notReal = (part: string) => refused(part, 'Date of birth must be a real date');
  assert.deepEqual(read('3', '13', '1998'), notReal('month'));
  assert.deepEqual(read('3', '0', '1998'), notReal('month'));
  assert.deepEqual(read('32', '1', '1998'), notReal('day'));
  assert.deepEqual(read('0', '1', '1998'), notReal('day'));
  assert.deepEqual(read('31', '4', '1998'), notReal('day'));
  // 29 February only in a leap year: not 2027, not 1900 (a century), yes 2000 (above).
  assert.deepEqual(read('29', '2', '2027'), notReal('day'));
  assert.deepEqual(read('29', '2', '1900'), notReal('day'));
  assert.deepEqual(read('31', '2', '2026'), notReal('day'));
  assert.deepEqual(read('3', '7', '98'), notReal('year'));
  assert.deepEqual(read('3', 'July', '1998'), notReal('month'));
  assert.deepEqual(read('3rd', '7', '1998'), notReal('day'));
  assert.deepEqual(read('1.5', '7', '1998'), notReal('day'));
  assert.equal(isoDate('29', '2', '2027'), null);
  assert.equal(isoDate('29', '2', '2028'), '2028-02-29');
});

test('one range rule: not before 1 January 1900 unless a form says later, today as a bound', () => {
  assert.deepEqual(read('1', '1', '1900'), { ok: true, value: '1900-01-01' });
  assert.deepEqual(
    read('31', '12', '1899'),
    refused('day', 'Date of birth must be the same as or after 1 January 1900'),
  );
  assert.deepEqual(
    read('1', '1', '1800', { label: 'The date of the contact' }),
    refused('day', 'The date of the contact must be the same as or after 1 January 1900'),
  );
  // Today (the UK date) is allowed, tomorrow is not.
  assert.deepEqual(read('16', '7', '2026'), { ok: true, value: '2026-07-16' });
  assert.deepEqual(
    read('17', '7', '2026'),
    refused('day', 'Date of birth must be today or in the past'),
  );
  const gateway: DateRule = { ...dob, label: 'Gateway assessment date', earliest: '2000-01-01' };
  assert.deepEqual(
    read('31', '12', '1999', gateway),
    refused('day', 'Gateway assessment date must be the same as or after 1 January 2000'),
  );
  const review: DateRule = {
    label: 'The review date',
    today: '2026-07-16',
    earliest: 'today',
    latest: '2036-12-31',
  };
  assert.deepEqual(read('16', '7', '2026', review), { ok: true, value: '2026-07-16' });
  assert.deepEqual(
    read('15', '7', '2026', review),
    refused('day', 'The review date must be today or in the future'),
  );
  assert.deepEqual(
    read('1', '1', '2037', review),
    refused('day', 'The review date must be the same as or before 31 December 2036'),
  );
  assert.throws(() => read('1', '1', '2000', { label: 'X', latest: 'today' }), /today/);
});

test('a date back to the three boxes', () => {
  assert.deepEqual(dateParts('2026-07-03'), { day: '3', month: '7', year: '2026' });
  assert.deepEqual(dateParts(null), { day: '', month: '', year: '' });
});
