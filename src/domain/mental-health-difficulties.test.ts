import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasMentalHealthDifficulties } from './mental-health-difficulties.ts';
import { PRIMARY_VULNERABILITIES } from './reference/assessment.ts';

test('mental health difficulties: every primary vulnerability but none identified', () => {
  assert.deepEqual(
    PRIMARY_VULNERABILITIES.map((p) => [p.code, hasMentalHealthDifficulties(p.code)]),
    [
      ['diagnosable_mental_illness', true],
      ['complex_needs', true],
      ['mental_health_not_primary', true],
      ['no_mental_health_needs', false],
    ],
  );
  assert.equal(hasMentalHealthDifficulties(null), false, 'not recorded');
  assert.equal(hasMentalHealthDifficulties('retired_code'), false);
});
