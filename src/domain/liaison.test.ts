import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CONSENT_CANNOT_COVER,
  INVESTIGATION_REFUSED,
  liaisonConsentCheck,
  mappaApplies,
  ON_BEHALF_NEEDS_CONSENT,
  purposeRefusal,
  UNKNOWN_PURPOSE,
} from './liaison.ts';
import { LIAISON_PURPOSES, MEETING_TYPES } from './reference/liaison.ts';

test('every listed purpose is accepted; investigation is refused with its own message', () => {
  for (const purpose of LIAISON_PURPOSES) assert.equal(purposeRefusal(purpose.code), null);
  for (const value of [
    'investigation',
    'Investigation',
    'investigative',
    'enquiry',
    'intelligence',
  ]) {
    assert.equal(purposeRefusal(value), INVESTIGATION_REFUSED, value);
  }
  for (const value of ['', 'other', undefined, null, 3, ['advice']]) {
    assert.equal(purposeRefusal(value), UNKNOWN_PURPOSE, String(value));
  }
});

test('consent: every combination of on behalf, consent covers and engagement', () => {
  const allowed = { allowed: true } as const;
  const refused = { allowed: false, message: 'Record consent first.' } as const;
  const cases = [
    // onBehalf, consentCovers, engagement, expected
    [true, true, allowed, { ok: true }],
    [true, false, allowed, { ok: false, field: 'consentCovers', message: ON_BEHALF_NEEDS_CONSENT }],
    [false, true, allowed, { ok: true }],
    [false, false, allowed, { ok: true }],
    [true, true, refused, { ok: false, field: 'onBehalf', message: 'Record consent first.' }],
    [true, false, refused, { ok: false, field: 'onBehalf', message: 'Record consent first.' }],
    [false, true, refused, { ok: false, field: 'consentCovers', message: CONSENT_CANNOT_COVER }],
    [false, false, refused, { ok: true }],
  ] as const;
  for (const [onBehalf, consentCovers, engagement, expected] of cases) {
    assert.deepEqual(
      liaisonConsentCheck({ onBehalf, consentCovers, engagement }),
      expected,
      `${onBehalf} ${consentCovers} ${engagement.allowed}`,
    );
  }
});

test('MAPPA category and level apply to MAPPA meetings only', () => {
  assert.deepEqual(
    MEETING_TYPES.filter((t) => mappaApplies(t.code)).map((t) => t.code),
    ['mappa'],
  );
});
