import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readDateTime } from './date-time.ts';

const now = new Date('2026-06-10T09:00:00Z'); // 10:00 in London
const read = (day: string, month: string, year: string, time: string) =>
  readDateTime({ 'at-day': day, 'at-month': month, 'at-year': year, 'at-time': time }, 'at', {
    label: 'of the decision',
    required: true,
    now,
  });

test('a future date and a wrong time are both reported in one pass, each on its own box', () => {
  const result = read('11', '6', '2026', '25:00');
  assert.equal(result.ok, false);
  assert.deepEqual(!result.ok && result.errors, [
    { field: 'at-day', message: 'The date of the decision must be today or in the past' },
    {
      field: 'at-time',
      message: 'Enter the time of the decision using the 24-hour clock, like 14:30',
    },
  ]);
});

test('a month of 13 links to the month box; a missing time is reported with it', () => {
  const result = read('1', '13', '2026', '');
  assert.deepEqual(!result.ok && result.errors, [
    { field: 'at-month', message: 'The date of the decision must be a real date' },
    { field: 'at-time', message: 'Enter the time of the decision' },
  ]);
});

test('today at a later hour is in the future: the time is wrong', () => {
  const result = read('10', '6', '2026', '11:30');
  assert.deepEqual(!result.ok && result.errors, [
    { field: 'at-time', message: 'The time of the decision must be in the past' },
  ]);
});

test('a past date and time is read in London time; nothing at all is "enter the date"', () => {
  const result = read('10', '6', '2026', '09:15');
  assert.deepEqual(result, { ok: true, value: new Date('2026-06-10T08:15:00Z') });
  assert.deepEqual(read('', '', '', ''), {
    ok: false,
    errors: [{ field: 'at-day', message: 'Enter the date of the decision' }],
  });
});
