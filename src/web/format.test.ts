import assert from 'node:assert/strict';
import { test } from 'node:test';
import { changeLabel } from './format.ts';

test('a Change link’s hidden text is the row’s label in running text, abbreviations kept', () => {
  assert.equal(changeLabel('Date of birth'), 'date of birth');
  assert.equal(changeLabel('NHS number'), 'NHS number');
  assert.equal(changeLabel('PCMT reference'), 'PCMT reference');
  assert.equal(changeLabel('Legal basis'), 'legal basis');
  assert.equal(changeLabel('A'), 'a');
});
