import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextWorkingTime } from './story.ts';

const at = (iso: string) => Date.parse(iso);

test('work happens in working hours: within them it stays, outside it waits for the morning', () => {
  // Wednesday 10:15 stays.
  assert.equal(nextWorkingTime(at('2026-06-03T10:15:00Z')), at('2026-06-03T10:15:00Z'));
  // Wednesday 19:00 waits until Thursday, between 08:00 and 09:30.
  const thursday = nextWorkingTime(at('2026-06-03T19:00:00Z'));
  assert.ok(thursday >= at('2026-06-04T08:00:00Z') && thursday < at('2026-06-04T09:30:00Z'));
  // Friday evening and Saturday wait until Monday morning.
  for (const iso of ['2026-06-05T17:30:00Z', '2026-06-06T12:00:00Z', '2026-06-07T23:59:00Z']) {
    const monday = nextWorkingTime(at(iso));
    assert.equal(new Date(monday).getUTCDay(), 1, iso);
    assert.equal(new Date(monday).toISOString().slice(0, 10), '2026-06-08');
    assert.ok(new Date(monday).getUTCHours() >= 8 && new Date(monday).getUTCHours() < 10);
  }
  // Early morning waits until 08:00 the same day.
  assert.equal(new Date(nextWorkingTime(at('2026-06-03T05:00:00Z'))).getUTCDate(), 3);
});
