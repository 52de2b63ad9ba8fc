import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { CASE_REFERENCE_PATTERN, formatCaseReference } from './case-reference.ts';

test('hub code, year and a four digit sequence', () => {
  assert.equal(formatCaseReference('WM', 2026, 42), 'WM-2026-0042');
  assert.equal(formatCaseReference('LDN', 2027, 1), 'LDN-2027-0001');
  assert.equal(formatCaseReference('NW', 2026, 12345), 'NW-2026-12345');
});

test('a bad hub code or sequence is a programming error', () => {
  assert.throws(() => formatCaseReference('wm', 2026, 1));
  assert.throws(() => formatCaseReference('WM', 2026, 0));
  assert.throws(() => formatCaseReference('WM', 2026, 1.5));
});

test('property: every reference matches the pattern and sequences stay distinct', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 999999 }),
      fc.integer({ min: 1, max: 999999 }),
      (a, b) => {
        const ra = formatCaseReference('WM', 2026, a);
        assert.match(ra, CASE_REFERENCE_PATTERN);
        assert.equal(ra === formatCaseReference('WM', 2026, b), a === b);
      },
    ),
  );
});
