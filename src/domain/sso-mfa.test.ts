import assert from 'node:assert/strict';
import { test } from 'node:test';
import { acceptsSignIn, mfaEvidence, type MfaEvidence } from './sso-mfa.ts';

const cases: [{ amr?: unknown; acr?: unknown }, string[], MfaEvidence][] = [
  [{}, [], 'none'],
  [{}, ['AAL3_ANY'], 'none'],
  [{ amr: ['mfa'] }, [], 'mfa'],
  [{ amr: ['pwd', 'mfa'] }, [], 'mfa'],
  [{ amr: ['pwd', 'otp'] }, [], 'mfa'],
  [{ amr: ['hwk', 'pin'] }, [], 'mfa'],
  [{ amr: ['pwd'] }, [], 'single-factor'],
  [{ amr: ['pwd', 'pwd'] }, [], 'single-factor'],
  [{ amr: ['otp'] }, [], 'single-factor'],
  [{ amr: ['pwd', 'rba'] }, [], 'single-factor'],
  [{ amr: ['custom-method'] }, [], 'single-factor'],
  [{ amr: [] }, [], 'none'],
  [{ amr: 'mfa' }, [], 'none'],
  [{ amr: [1, 2] }, [], 'none'],
  [{ acr: 'AAL3_ANY' }, ['AAL3_ANY'], 'mfa'],
  [{ acr: 'AAL1_USERPASS' }, ['AAL3_ANY'], 'single-factor'],
  [{ acr: 'AAL1_USERPASS' }, [], 'none'],
  [{ acr: 3 }, ['3'], 'none'],
  [{ amr: ['pwd'], acr: 'AAL3_ANY' }, ['AAL3_ANY'], 'mfa'],
  [{ amr: ['pwd'], acr: 'AAL1' }, ['AAL3_ANY'], 'single-factor'],
];

for (const [claims, acrValues, expected] of cases) {
  test(`mfaEvidence(${JSON.stringify(claims)}, acr values ${JSON.stringify(acrValues)}) is ${expected}`, () => {
    assert.equal(mfaEvidence(claims, acrValues), expected);
  });
}

test('acceptsSignIn: every evidence × setting', () => {
  const table: [MfaEvidence, boolean, boolean][] = [
    ['mfa', true, true],
    ['mfa', false, true],
    ['single-factor', true, false],
    ['single-factor', false, false],
    ['none', true, false],
    ['none', false, true],
  ];
  for (const [evidence, requireMfa, accepted] of table) {
    assert.equal(acceptsSignIn(evidence, requireMfa), accepted, `${evidence} ${requireMfa}`);
  }
});
