import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkStepUp } from './sso-step-up.ts';

const startedAt = new Date('2026-06-01T09:00:00.700Z');
const base = {
  acr: undefined,
  mfa: 'mfa' as const,
  startedAt,
  now: new Date('2026-06-01T09:01:00Z'),
  freshMinutes: 5,
  requiredAcrValues: [] as string[],
  requireMfa: true,
};
const seconds = (iso: string) => new Date(iso).getTime() / 1000;

test('a sign-in made after the step-up started, within the window, is accepted', () => {
  const result = checkStepUp({ ...base, authTime: seconds('2026-06-01T09:00:30Z') });
  assert.deepEqual(result, { ok: true, authTime: new Date('2026-06-01T09:00:30Z') });
  // auth_time is whole seconds: the second the step-up started in counts.
  assert.equal(checkStepUp({ ...base, authTime: seconds('2026-06-01T09:00:00Z') }).ok, true);
});

test('no auth_time, or one that is not a number, is refused', () => {
  for (const authTime of [undefined, null, '1780304430', Number.NaN]) {
    assert.deepEqual(checkStepUp({ ...base, authTime }), { ok: false, reason: 'no-auth-time' });
  }
});

test('a sign-in from before the step-up started (beyond clock skew) is refused', () => {
  assert.deepEqual(checkStepUp({ ...base, authTime: seconds('2026-06-01T08:59:29Z') }), {
    ok: false,
    reason: 'auth-time-before-start',
  });
  // Within 30 s of skew it is taken as the provider's clock running a little behind.
  assert.equal(checkStepUp({ ...base, authTime: seconds('2026-06-01T08:59:31Z') }).ok, true);
});

test('a sign-in older than the window, or far in the future, is refused', () => {
  const later = { ...base, now: new Date('2026-06-01T09:05:31Z') };
  assert.deepEqual(checkStepUp({ ...later, authTime: seconds('2026-06-01T09:00:30Z') }), {
    ok: false,
    reason: 'auth-time-not-fresh',
  });
  assert.equal(checkStepUp({ ...later, authTime: seconds('2026-06-01T09:00:31Z') }).ok, true);
  assert.deepEqual(checkStepUp({ ...base, authTime: seconds('2026-06-01T09:01:31Z') }), {
    ok: false,
    reason: 'auth-time-not-fresh',
  });
});

test('the acr must be one the settings ask for at step-up, when they name any', () => {
  const authTime = seconds('2026-06-01T09:00:30Z');
  const strict = { ...base, authTime, requiredAcrValues: ['AAL3_ANY'] };
  assert.equal(checkStepUp({ ...strict, acr: 'AAL3_ANY' }).ok, true);
  for (const acr of ['AAL1_USERPASS', undefined, 3]) {
    assert.deepEqual(checkStepUp({ ...strict, acr }), { ok: false, reason: 'acr-not-met' });
  }
  assert.equal(checkStepUp({ ...base, authTime, acr: 'anything' }).ok, true);
});

test('evidence of MFA is needed as at sign-in', () => {
  const authTime = seconds('2026-06-01T09:00:30Z');
  assert.deepEqual(checkStepUp({ ...base, authTime, mfa: 'single-factor', requireMfa: false }), {
    ok: false,
    reason: 'mfa-missing',
  });
  assert.deepEqual(checkStepUp({ ...base, authTime, mfa: 'none' }), {
    ok: false,
    reason: 'mfa-missing',
  });
  assert.equal(checkStepUp({ ...base, authTime, mfa: 'none', requireMfa: false }).ok, true);
});
