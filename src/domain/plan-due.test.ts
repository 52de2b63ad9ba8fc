import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { londonDate } from './london-day.ts';
import {
  actionDueState,
  addDays,
  daysLate,
  dueHorizon,
  DUE_SOON_DAYS,
  DUE_TAGS,
  isListed,
  reviewDueState,
  type DueState,
} from './plan-due.ts';

const TODAY = '2026-06-10';

test('every status against every kind of date', () => {
  const dates: [string, DueState][] = [
    ['2026-06-09', 'overdue'],
    ['2025-01-01', 'overdue'],
    ['2026-06-10', 'due_today'],
    ['2026-06-11', 'due_soon'],
    [addDays(TODAY, DUE_SOON_DAYS), 'due_soon'],
    [addDays(TODAY, DUE_SOON_DAYS + 1), 'not_due'],
  ];
  for (const [dueDate, expected] of dates) {
    for (const status of ['planned', 'in_progress']) {
      assert.equal(actionDueState({ status, dueDate }, TODAY), expected, `${status} ${dueDate}`);
    }
    for (const status of ['done', 'not_achieved']) {
      assert.equal(actionDueState({ status, dueDate }, TODAY), 'finished', `${status} ${dueDate}`);
    }
    assert.equal(reviewDueState(dueDate, TODAY), expected, `review ${dueDate}`);
  }
});

test('listed means overdue, due today or due soon; only those have a tag', () => {
  const states: DueState[] = ['overdue', 'due_today', 'due_soon', 'not_due', 'finished'];
  assert.deepEqual(states.filter(isListed), ['overdue', 'due_today', 'due_soon']);
  for (const state of states) assert.equal(DUE_TAGS[state] !== null, isListed(state));
  assert.equal(DUE_TAGS.overdue?.text, 'Overdue');
});

test('calendar arithmetic rolls over months, years and leap days', () => {
  assert.equal(addDays('2026-12-31', 1), '2027-01-01');
  assert.equal(addDays('2028-02-28', 1), '2028-02-29');
  assert.equal(addDays('2026-03-01', -1), '2026-02-28');
  assert.equal(dueHorizon('2026-06-10'), '2026-06-24');
  assert.equal(daysLate('2026-06-01', TODAY), 9);
  assert.equal(daysLate(TODAY, TODAY), 0);
  assert.equal(daysLate('2026-07-01', TODAY), 0);
  // Across the clocks going forward (29 March 2026): still whole days.
  assert.equal(daysLate('2026-03-28', '2026-03-30'), 2);
});

test('"today" is the London day: an action due on 1 June is overdue from London midnight', () => {
  // 23:30 UTC on 1 June is 00:30 on 2 June in London (BST).
  const today = londonDate(new Date('2026-06-01T23:30:00Z'));
  assert.equal(today, '2026-06-02');
  assert.equal(actionDueState({ status: 'planned', dueDate: '2026-06-01' }, today), 'overdue');
  const before = londonDate(new Date('2026-06-01T22:30:00Z'));
  assert.equal(actionDueState({ status: 'planned', dueDate: '2026-06-01' }, before), 'due_today');
});

test('an open action is overdue exactly when its date is before today', () => {
  const day = fc.integer({ min: 0, max: 3650 }).map((n) => addDays('2024-01-01', n));
  fc.assert(
    fc.property(day, day, fc.constantFrom('planned', 'in_progress'), (dueDate, today, status) => {
      const state = actionDueState({ status, dueDate }, today);
      assert.equal(state === 'overdue', dueDate < today);
      assert.equal(isListed(state), dueDate <= dueHorizon(today));
      assert.equal(daysLate(dueDate, today) > 0, dueDate < today);
    }),
  );
});
