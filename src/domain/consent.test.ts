import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  CONSENT_METHODS,
  CONSENT_METHOD_LABELS,
  CONSENT_STATUSES,
  CONSENT_STATUS_LABELS,
  LAWFUL_BASES,
  currentConsent,
  engagementAllowed,
  isLawfulBasis,
  methodRequired,
  missingHealthBasis,
  type ConsentRecord,
  type ConsentStatus,
} from './consent.ts';

const at = (iso: string) => new Date(iso);
const record = (status: ConsentStatus, iso: string): ConsentRecord => ({
  status,
  method: methodRequired(status) ? 'verbal' : null,
  recordedAt: at(iso),
});

test('engagement is allowed exactly on consent given or a best-interests decision', () => {
  const expected: Record<ConsentStatus, boolean> = {
    given: true,
    lacks_capacity_best_interests: true,
    declined: false,
    withdrawn: false,
    not_yet_sought: false,
  };
  for (const status of CONSENT_STATUSES) {
    const decision = engagementAllowed([record(status, '2026-01-01T10:00:00Z')]);
    assert.equal(decision.allowed, expected[status], status);
  }
});

test('with no consent recorded, engagement is refused with the "record consent first" message', () => {
  assert.deepEqual(engagementAllowed([]), {
    allowed: false,
    message:
      'You cannot record contact with the person or liaison on their behalf without their consent. Record consent first.',
  });
});

test('declined and withdrawn each explain themselves', () => {
  const declined = engagementAllowed([record('declined', '2026-01-01T10:00:00Z')]);
  const withdrawn = engagementAllowed([record('withdrawn', '2026-01-01T10:00:00Z')]);
  assert.ok(!declined.allowed && declined.message.startsWith('The person has declined consent.'));
  assert.ok(
    !withdrawn.allowed && withdrawn.message.startsWith('The person has withdrawn consent.'),
  );
});

test('the latest recorded consent decides, whatever the order of the history', () => {
  const given = record('given', '2026-01-01T10:00:00Z');
  const withdrawn = record('withdrawn', '2026-02-01T10:00:00Z');
  assert.equal(currentConsent([given, withdrawn]), withdrawn);
  assert.equal(currentConsent([withdrawn, given]), withdrawn);
  assert.equal(engagementAllowed([withdrawn, given]).allowed, false);
  const regiven = record('given', '2026-03-01T10:00:00Z');
  assert.equal(engagementAllowed([withdrawn, regiven, given]).allowed, true);
  assert.equal(currentConsent([]), undefined);
});

test('on equal recorded times the later entry wins', () => {
  const first = record('given', '2026-01-01T10:00:00Z');
  const second = record('declined', '2026-01-01T10:00:00Z');
  assert.equal(currentConsent([first, second]), second);
});

test('property: the current consent is one with the greatest recorded time', () => {
  const statuses = fc.constantFrom(...CONSENT_STATUSES);
  const times = fc.integer({ min: 0, max: 10_000 });
  fc.assert(
    fc.property(fc.array(fc.tuple(statuses, times), { minLength: 1 }), (entries) => {
      const history = entries.map(([status, t]) => ({
        status,
        method: null,
        recordedAt: new Date(t * 1000),
      }));
      const current = currentConsent(history);
      const latest = Math.max(...history.map((r) => r.recordedAt.getTime()));
      return current !== undefined && current.recordedAt.getTime() === latest;
    }),
  );
});

test('a method is asked only where the person expressed a decision', () => {
  assert.deepEqual(
    CONSENT_STATUSES.filter((status) => methodRequired(status)),
    ['given', 'declined', 'withdrawn'],
  );
});

test('every status and method has a label', () => {
  for (const status of CONSENT_STATUSES) assert.ok(CONSENT_STATUS_LABELS[status]);
  for (const method of CONSENT_METHODS) assert.ok(CONSENT_METHOD_LABELS[method]);
});

test('lawful bases: Art 6(1)(e), Art 9(2)(h), Art 9(2)(g) with Sch 1 para 18, Part 3 with Sch 8', () => {
  assert.deepEqual(
    LAWFUL_BASES.map((basis) => basis.code),
    ['uk_gdpr_6_1_e', 'uk_gdpr_9_2_h', 'uk_gdpr_9_2_g_safeguarding', 'dpa_2018_part_3_sch_8'],
  );
  assert.match(LAWFUL_BASES[2].label, /Schedule 1 paragraph 18/);
  assert.match(LAWFUL_BASES[3].label, /Schedule 8/);
  assert.ok(isLawfulBasis('uk_gdpr_9_2_h'));
  assert.ok(!isLawfulBasis('consent'));
});

test('health processing needs an Article 6 basis and an Article 9 condition', () => {
  assert.equal(missingHealthBasis([]), 'Select the UK GDPR Article 6 lawful basis');
  assert.equal(
    missingHealthBasis(['uk_gdpr_6_1_e']),
    'Select at least one UK GDPR Article 9 condition',
  );
  assert.equal(
    missingHealthBasis(['uk_gdpr_9_2_h', 'dpa_2018_part_3_sch_8']),
    'Select the UK GDPR Article 6 lawful basis',
  );
  assert.equal(missingHealthBasis(['uk_gdpr_6_1_e', 'uk_gdpr_9_2_h']), undefined);
  assert.equal(
    missingHealthBasis(['uk_gdpr_6_1_e', 'uk_gdpr_9_2_h', 'uk_gdpr_9_2_g_safeguarding']),
    undefined,
  );
});
