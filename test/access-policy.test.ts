import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { PERMISSIONS } from '../src/domain/permissions.ts';
import { ACCESS_POLICY_FILE, renderAccessPolicy } from '../scripts/access-policy.ts';

test('docs/access-policy.md is up to date with src/domain/permissions.ts', () => {
  assert.equal(
    readFileSync(ACCESS_POLICY_FILE, 'utf8'),
    renderAccessPolicy(),
    'docs/access-policy.md is out of date: run npm run access-policy and commit it',
  );
});

test('the document has one row per permission, with its summary and its roles', () => {
  const doc = renderAccessPolicy();
  for (const [permission, { summary }] of Object.entries(PERMISSIONS)) {
    assert.ok(doc.includes(`| \`${permission}\` | ${summary.replace(/\|/g, '\\|')} |`));
  }
  const audit = doc.split('\n').find((l) => l.startsWith('| `audit.read`'))!;
  const columns = (line: string) =>
    line
      .split(' | ')
      .slice(2)
      .map((c) => c.replace(' |', '').trim());
  // Columns in ROLES order: only the information governance officer (7th) may read the audit.
  assert.deepEqual(columns(audit), ['', '', '', '', '', '', '✓', '']);
  // The senior clinician (3rd) and the hub lead (4th) sign off formulations.
  const signOff = doc.split('\n').find((l) => l.startsWith('| `formulation.sign_off`'))!;
  assert.deepEqual(columns(signOff), ['', '', '✓', '✓', '', '', '', '']);
  assert.match(doc, /- `senior_clinician`: Senior clinician \(always held with `clinician`/);
});
