// Renders docs/access-policy.md from src/domain/permissions.ts: the permission × role table.
// Usage: node --import tsx scripts/access-policy.ts [--check]
// --check exits 1 when the committed document is out of date (test/access-policy.test.ts too).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PERMISSIONS, type Permission } from '../src/domain/permissions.ts';
import { caseAccess, type CaseCapabilities } from '../src/domain/case-access.ts';
import type { RoleAssignment } from '../src/domain/permissions.ts';
import { ROLE_LABELS, ROLES, SIDE_LABELS, SIDE_OF, SIDES, type Role } from '../src/domain/roles.ts';
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
    '(start page, sign-in, health). A role is held in a hub (national roles in none); a route is',
    'open to a user when any role they hold grants its permission. What they may see and do on',
    'one case is decided by the roles they hold in that case\'s hub (see "On one case" below),',
    'and lists are filtered in SQL to the hubs where a role grants the permission.',
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
    '## Sides',
    '',
    'One account holds roles of one side only (the admin pages, `cicero create-user` and a',
    'database constraint refuse a mix): a person who works on both sides has two accounts.',
    '',
    ...SIDES.map(
      (side) =>
        `- ${SIDE_LABELS[side]}: ${ROLES.filter((r) => SIDE_OF[r] === side)
          .map((r) => `\`${r}\``)
          .join(', ')}`,
    ),
    '',
    '## On one case',
    '',
    'Generated from `src/domain/case-access.ts` for an open case (status `open`). A clinician of',
    'the hub who is not allocated must record a reason before any page of the case; the reason',
    'lets them read the health record, never work it. Requests waiting for triage and advice-only',
    "consultations are the hub's work: any clinician of the hub triages, advises and asks for",
    'closure on them without a reason (the health record still needs one).',
    '',
    ...caseTable(),
    '',
    'The authorization matrix tests (test/authorization-matrix.test.ts and',
    'test/authorization-two-hubs.test.ts) check every registered route against every role and',
    'against accounts holding roles in two hubs; test/access-core.property.test.ts checks the',
    'rules above against generated accounts, allocations and reasons.',
    '',
  ].join('\n');
}

const HUB = 'case-hub';
const OTHER = 'other-hub';

/** Viewers of one case, by their relation to it. */
const VIEWERS: {
  label: string;
  held: RoleAssignment[];
  allocated?: boolean;
  reason?: boolean;
  own?: boolean;
}[] = [
  { label: 'Hub lead of the hub', held: [{ role: 'hub_lead', hubId: HUB }] },
  { label: 'Allocated clinician', held: [{ role: 'clinician', hubId: HUB }], allocated: true },
  {
    label: 'Clinician with a recorded reason',
    held: [{ role: 'clinician', hubId: HUB }],
    reason: true,
  },
  { label: 'Other clinician of the hub', held: [{ role: 'clinician', hubId: HUB }] },
  {
    label: 'Senior clinician of the hub, not allocated',
    held: [
      { role: 'clinician', hubId: HUB },
      { role: 'senior_clinician', hubId: HUB },
    ],
  },
  { label: 'Requesting case officer', held: [{ role: 'case_officer', hubId: HUB }], own: true },
  { label: 'Police lead of the hub', held: [{ role: 'police_lead', hubId: HUB }] },
  { label: 'Hub lead of another hub', held: [{ role: 'hub_lead', hubId: OTHER }] },
];

function caseTable(): string[] {
  const rows = VIEWERS.map((viewer) => {
    const access = caseAccess({
      assignments: viewer.held,
      hubId: HUB,
      status: 'open',
      requestingCaseOfficer: viewer.own ?? false,
      allocatedClinician: viewer.allocated ?? false,
      recordedReason: viewer.reason ?? false,
      namedRecipient: false,
    });
    return { viewer, access };
  });
  const capabilities = Object.keys(rows[0]!.access.can) as (keyof CaseCapabilities)[];
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const header = ['Capability', ...VIEWERS.map((v) => v.label)];
  return [
    line(header),
    line(header.map((_, i) => (i === 0 ? '---' : ':-:'))),
    line([
      'asked for a reason first',
      ...rows.map(({ access }) => (access.reasonRequired ? 'yes' : '')),
    ]),
    ...capabilities.map((capability) =>
      line([`\`${capability}\``, ...rows.map(({ access }) => (access.can[capability] ? '✓' : ''))]),
    ),
  ];
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
