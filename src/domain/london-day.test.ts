import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { londonDate, londonDayEnd, londonDayStart } from './london-day.ts';

test('a winter day starts at UTC midnight, a summer day an hour before', () => {
  assert.equal(londonDayStart('2026-01-15').toISOString(), '2026-01-15T00:00:00.000Z');
  assert.equal(londonDayStart('2026-06-01').toISOString(), '2026-05-31T23:00:00.000Z');
});

test('the days the clocks change start at the right instant and have 23 and 25 hours', () => {
  // 2026: clocks go forward on 29 March, back on 25 October.
  assert.equal(londonDayStart('2026-03-29').toISOString(), '2026-03-29T00:00:00.000Z');
  assert.equal(londonDayEnd('2026-03-29').toISOString(), '2026-03-29T23:00:00.000Z');
  assert.equal(londonDayStart('2026-10-25').toISOString(), '2026-10-24T23:00:00.000Z');
  assert.equal(londonDayEnd('2026-10-25').toISOString(), '2026-10-26T00:00:00.000Z');
});

test('a month and a year end roll over', () => {
  assert.equal(londonDayEnd('2026-12-31').toISOString(), '2027-01-01T00:00:00.000Z');
  assert.equal(londonDayEnd('2028-02-28').toISOString(), '2028-02-29T00:00:00.000Z');
});

test('every instant of a day falls on that day, and its start and end bound it', () => {
  fc.assert(
    fc.property(
      fc.date({
        min: new Date('2000-01-01T00:00:00Z'),
        max: new Date('2099-12-31T00:00:00Z'),
        noInvalidDate: true,
      }),
      (instant) => {
        const day = londonDate(instant);
        assert.ok(londonDayStart(day) <= instant);
        assert.ok(instant < londonDayEnd(day));
        assert.equal(londonDate(londonDayStart(day)), day);
      },
    ),
  );
});
