import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  approvalRefusal,
  basesFor,
  CONSENT_ANSWERS,
  DISCLOSURE_DIRECTIONS,
  isExternalMethod,
  isLegalBasisFor,
  LEGAL_BASES,
  needsApproval,
  OWN_DECISION,
  sourceDirection,
} from './disclosures.ts';

test('only health leaving the VSS (to police or outside Cicero) without consent needs approval', () => {
  const seen: string[] = [];
  for (const { code: direction } of DISCLOSURE_DIRECTIONS) {
    for (const { code: consent } of CONSENT_ANSWERS) {
      if (needsApproval(direction, consent)) seen.push(`${direction}/${consent}`);
    }
  }
  assert.deepEqual(seen, [
    'health_to_police/refused',
    'health_to_police/not_sought',
    'health_to_external/refused',
    'health_to_external/not_sought',
  ]);
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

test('sharing outside Cicero has its own bases: consent, duty to share for care, safeguarding', () => {
  assert.deepEqual(
    basesFor('health_to_external').map((b) => b.code),
    ['consent', 'dpa_sch1_para18_safeguarding', 'caldicott_direct_care'],
  );
  assert.ok(!isLegalBasisFor('health_to_police', 'caldicott_direct_care'));
  assert.ok(!isLegalBasisFor('health_to_external', 'dpa_sch1_para10_crime'));
  assert.equal(sourceDirection('health_to_external'), 'health_to_police');
  assert.equal(sourceDirection('police_to_health'), 'police_to_health');
  assert.ok(isExternalMethod('secure_email'));
  assert.ok(!isExternalMethod('fax'));
});
