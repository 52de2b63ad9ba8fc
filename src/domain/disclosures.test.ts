import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  approvalRefusal,
  basesFor,
  CONSENT_ANSWERS,
  DISCLOSURE_DIRECTIONS,
  isLegalBasisFor,
  LEGAL_BASES,
  needsApproval,
  OWN_DECISION,
} from './disclosures.ts';

test('only health to police without consent needs approval', () => {
  const seen: string[] = [];
  for (const { code: direction } of DISCLOSURE_DIRECTIONS) {
    for (const { code: consent } of CONSENT_ANSWERS) {
      if (needsApproval(direction, consent)) seen.push(`${direction}/${consent}`);
    }
  }
  assert.deepEqual(seen, ['health_to_police/refused', 'health_to_police/not_sought']);
});

test('the decider never approves their own decision', () => {
  assert.equal(approvalRefusal('a', 'a'), OWN_DECISION);
  assert.equal(approvalRefusal('a', 'b'), null);
});

test('every basis applies to some direction; codes are unique; lists per direction differ', () => {
  assert.equal(new Set(LEGAL_BASES.map((b) => b.code)).size, LEGAL_BASES.length);
  for (const basis of LEGAL_BASES) assert.ok(basis.directions.length > 0);
  assert.ok(isLegalBasisFor('health_to_police', 'dpa_sch1_para18_safeguarding'));
  assert.ok(!isLegalBasisFor('police_to_health', 'dpa_sch1_para18_safeguarding'));
  assert.ok(isLegalBasisFor('police_to_health', 'dpa_part3_sch8'));
  assert.ok(!isLegalBasisFor('health_to_police', 'dpa_part3_sch8'));
  assert.ok(!isLegalBasisFor('health_to_police', 'nonsense'));
  assert.ok(basesFor('health_to_police').some((b) => b.code === 'consent'));
});
