import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { formatCaseReference, parseCaseReference } from './case-reference.ts';

test('formats with the sequence padded to at least 4 digits', () => {
  assert.equal(formatCaseReference({ hub: 'WM', year: 2026, sequence: 42 }), 'WM-2026-0042');
  assert.equal(formatCaseReference({ hub: 'LDN', year: 2026, sequence: 12345 }), 'LDN-2026-12345');
  for (const bad of [
    { hub: 'wm', year: 2026, sequence: 1 },
    { hub: 'W', year: 2026, sequence: 1 },
    { hub: 'WMIDS', year: 2026, sequence: 1 },
    { hub: 'WM', year: 26, sequence: 1 },
    { hub: 'WM', year: 2026, sequence: 0 },
    { hub: 'WM', year: 2026, sequence: 1.5 },
  ]) {
    assert.throws(() => formatCaseReference(bad), RangeError, JSON.stringify(bad));
  }
});

test('parses what people type, and refuses what is not a reference', () => {
  assert.deepEqual(parseCaseReference('WM-2026-0042'), { hub: 'WM', year: 2026, sequence: 42 });
  assert.deepEqual(parseCaseReference(' wm-2026-0042 '), { hub: 'WM', year: 2026, sequence: 42 });
  assert.deepEqual(parseCaseReference('NW-2026-00042'), { hub: 'NW', year: 2026, sequence: 42 });
  for (const bad of [
    '',
    'WM-2026-042',
    'WM-26-0042',
    'WM 2026 0042',
    'W-2026-0042',
    'WMIDS-2026-0042',
    'WM-2026-0000',
    'WM-2026-0042x',
    'WM-2026-99999999999999999999',
  ]) {
    assert.equal(parseCaseReference(bad), undefined, bad);
  }
});

const reference = fc.record({
  hub: fc.stringMatching(/^[A-Z]{2,4}$/),
  year: fc.integer({ min: 1000, max: 9999 }),
  sequence: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
});

test('property: parse(format(reference)) gives the reference back', () => {
  fc.assert(
    fc.property(reference, (ref) => {
      assert.deepEqual(parseCaseReference(formatCaseReference(ref)), { ...ref }); // fast-check records have no prototype
    }),
  );
});

test('property: a parsed string formats back to itself unless it had extra zeros or case', () => {
  fc.assert(
    fc.property(fc.string(), (input) => {
      const parsed = parseCaseReference(input);
      if (!parsed) return true;
      return parseCaseReference(formatCaseReference(parsed))?.sequence === parsed.sequence;
    }),
  );
  fc.assert(
    fc.property(reference, (ref) => {
      const text = formatCaseReference(ref);
      return formatCaseReference(parseCaseReference(text)!) === text;
    }),
  );
});
