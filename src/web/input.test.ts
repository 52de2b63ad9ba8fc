import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withoutNul } from './input.ts';

test('NUL characters are removed from strings at any depth; everything else is kept', () => {
  assert.equal(withoutNul('Low\u0000 mood\u0000'), 'Low mood');
  assert.equal(withoutNul('tab\tnew\nline'), 'tab\tnew\nline');
  assert.deepEqual(withoutNul({ a: ['x\u0000', 1, null], 'k\u0000ey': { b: '\u0000' } }), {
    a: ['x', 1, null],
    key: { b: '' },
  });
  assert.equal(withoutNul(42), 42);
  assert.equal(withoutNul(null), null);
});
