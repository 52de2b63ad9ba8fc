import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  RESET_LINK_MINUTES,
  resetLinkExpiry,
  resetLinkWorks,
  resetRefusal,
} from './password-reset.ts';

const issued = new Date('2026-06-01T09:00:00Z');
const open = { expiresAt: resetLinkExpiry(issued), usedAt: null, revokedAt: null };
const minutes = (n: number) => new Date(issued.getTime() + n * 60_000);

test('a reset link works for 30 minutes from issue, and not a moment after', () => {
  assert.equal(RESET_LINK_MINUTES, 30);
  assert.equal(resetLinkWorks(open, issued), true);
  assert.equal(resetLinkWorks(open, minutes(29.99)), true);
  assert.equal(resetLinkWorks(open, minutes(30)), false);
  assert.equal(resetLinkWorks(open, minutes(31)), false);
});

test('a used, replaced or unknown link never works', () => {
  assert.equal(resetLinkWorks({ ...open, usedAt: minutes(1) }, minutes(2)), false);
  assert.equal(resetLinkWorks({ ...open, revokedAt: minutes(1) }, minutes(2)), false);
  assert.equal(resetLinkWorks(null, issued), false);
  assert.equal(resetLinkWorks(undefined, issued), false);
});

test('a reset is refused for oneself, single sign-on, a disabled account or no second factor', () => {
  const ok = { self: false, active: true, singleSignOn: false, secondFactor: true };
  assert.equal(resetRefusal(ok), null);
  assert.equal(resetRefusal({ ...ok, self: true }), 'self');
  assert.equal(resetRefusal({ ...ok, singleSignOn: true }), 'single-sign-on');
  assert.equal(resetRefusal({ ...ok, singleSignOn: true, active: false }), 'single-sign-on');
  assert.equal(resetRefusal({ ...ok, active: false }), 'disabled');
  assert.equal(resetRefusal({ ...ok, secondFactor: false }), 'no-second-factor');
});
