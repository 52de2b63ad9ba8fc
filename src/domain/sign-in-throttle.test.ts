import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ACCOUNT_LOCK_MINUTES,
  ACCOUNT_MAX_FAILURES,
  accountAfterFailure,
  isLocked,
  unknownAccountKey,
} from './sign-in-throttle.ts';

test('an unknown email is keyed by a hash of its normalised form, never the address', () => {
  const key = unknownAccountKey('  Someone@Example.NHS.uk ');
  assert.equal(key, unknownAccountKey('someone@example.nhs.uk'));
  assert.match(key, /^email:[0-9a-f]{64}$/);
  assert.notEqual(key, unknownAccountKey('someone-else@example.nhs.uk'));
});

test('the tenth failure locks for the lock period, and not before', () => {
  const now = new Date('2026-03-01T10:00:00Z');
  let count = { failures: 0, lockedUntil: null as Date | null };
  for (let i = 1; i < ACCOUNT_MAX_FAILURES; i += 1) {
    count = accountAfterFailure(count, now);
    assert.equal(isLocked(count.lockedUntil, now), false, `failure ${i}`);
  }
  count = accountAfterFailure(count, now);
  assert.equal(isLocked(count.lockedUntil, now), true);
  assert.equal(count.lockedUntil!.getTime() - now.getTime(), ACCOUNT_LOCK_MINUTES * 60_000);
});
