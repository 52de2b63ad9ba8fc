// Renders docs/access-policy.md from src/domain/permissions.ts: the permission × role table.
// Usage: node --import tsx scripts/access-policy.ts [--check]
// --check exits 1 when the committed document is out of date (test/access-policy.test.ts too).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PERMISSIONS, type Permission } from '../src/domain/permissions.ts';
import { ROLE_LABELS, ROLES, type Role } from '../src/domain/roles.ts';
import { ADDED_TO } from '../src/domain/user-accounts.ts';

export const ACCESS_POLICY_FILE = join(import.meta.dirname, '..', 'docs', 'access-policy.md');

const cell = (text: string) => text.replace(/\|/g, '\\|');

export function renderAccessPolicy(): string {
  const permissions = Object.keys(PERMISSIONS) as Permission[];
  const header = ['Permission', 'What it allows', ...ROLES.map((r) => ROLE_LABELS[r])];
  const rows = permissions.map((permission) => {
    const granted: readonly Role[] = PERMISSIONS[permission].roles;
    return [
      `\`${permission}\``,
      cell(PERMISSIONS[permission].summary),
      ...ROLES.map((role) => (granted.includes(role) ? '✓' : '')),
    ];
  });
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [
    '# Access policy',
    '',
    '<!-- Generated from src/domain/permissions.ts by `npm run access-policy`: do not edit by hand. -->',
    '',
    'Who may do what in Cicero. Each route declares one of these permissions, or is public',
    '(start page, sign-in, health). A user may hold several roles; a permission is granted when',
    'any of their roles grants it. On top of this table, each service applies record-level',
    'rules in its SQL: which hub, which allocation, which compartment (health content stays',
    'with clinicians unless a recorded disclosure releases it).',
    '',
    line(header),
    line(header.map((_, i) => (i < 2 ? '---' : ':-:'))),
    ...rows.map(line),
    '',
    '## Roles',
    '',
    ...ROLES.map((role) => {
      const base = ADDED_TO[role];
      const held = base
        ? ` (always held with \`${base}\`: it adds only what its column shows)`
        : '';
      return `- \`${role}\`: ${ROLE_LABELS[role]}${held}`;
    }),
    '',
    'The authorization matrix test (test/authorization-matrix.test.ts) checks every registered',
    'route against every role.',
    '',
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rendered = renderAccessPolicy();
  if (process.argv.includes('--check')) {
    const current = readFileSync(ACCESS_POLICY_FILE, 'utf8');
    if (current !== rendered) {
      console.error('docs/access-policy.md is out of date: run npm run access-policy');
      process.exit(1);
    }
    console.log('docs/access-policy.md is up to date.');
  } else {
    writeFileSync(ACCESS_POLICY_FILE, rendered);
    console.log('Wrote docs/access-policy.md');
  }
}
