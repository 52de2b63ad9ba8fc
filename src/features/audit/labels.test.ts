import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { SUBJECT_LABELS, subjectLabel } from './labels.ts';

/** Every `subjectType: '…'` written in the sources (tests and probes aside). */
function writtenTypes(): Set<string> {
  const root = join(import.meta.dirname, '..', '..');
  const types = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
        for (const m of readFileSync(path, 'utf8').matchAll(/subjectType: '([a-z_-]+)'/g)) {
          types.add(m[1]!);
        }
      }
    }
  };
  walk(root);
  return types;
}

test('every record type the code writes has a plain name on the IG pages', () => {
  const missing = [...writtenTypes()].filter(
    (type) => !Object.hasOwn(SUBJECT_LABELS, type) && !/probe/.test(type),
  );
  assert.deepEqual(missing, [], 'add these to SUBJECT_LABELS in src/features/audit/labels.ts');
});

test('an unknown type is still shown in words', () => {
  assert.equal(subjectLabel('closure_summary'), 'Closure summary');
  assert.equal(subjectLabel('some_new-thing'), 'Some new thing');
});
