import assert from 'node:assert/strict';
import { test } from 'node:test';
import { preRow, provenanceText } from './presenter.ts';

test('provenance names the record in words, with a version only where records have versions', () => {
  assert.equal(
    provenanceText({ sourceTable: 'formulations', recordVersion: 2 }),
    'Formulation, version 2',
  );
  assert.equal(
    provenanceText({ sourceTable: 'plan_actions', recordVersion: 3 }),
    'Plan, version 3',
  );
  assert.equal(
    provenanceText({ sourceTable: 'triage_decisions', recordVersion: 1 }),
    'Triage decision',
  );
  assert.equal(
    provenanceText({ sourceTable: 'disclosures', recordVersion: null }),
    'Written for this disclosure',
  );
});

test('a multi-line row keeps its lines beside its key, escaped; empty is "Not given"', () => {
  assert.deepEqual(preRow('Text', 'Decision: <Accept>\nRationale: low mood'), {
    key: { text: 'Text' },
    value: { html: 'Decision: &lt;Accept&gt;<br>Rationale: low mood' },
  });
  assert.deepEqual(preRow('Purpose', null).value, { html: 'Not given' });
});
