import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROLES, type Role } from './roles.ts';
import {
  assignmentChanges,
  needsHub,
  needsProfession,
  normalised,
  rolesDiffer,
  withoutBaseRole,
} from './user-accounts.ts';

test('which roles need a hub and which a profession, for every role', () => {
  const expected: Record<Role, [hub: boolean, profession: boolean]> = {
    case_officer: [true, false],
    clinician: [true, true],
    senior_clinician: [true, true],
    hub_lead: [true, true],
    police_lead: [true, false],
    analyst: [false, false],
    ig_officer: [false, false],
    admin: [false, false],
  };
  for (const role of ROLES) {
    assert.deepEqual([needsHub([role]), needsProfession([role])], expected[role], role);
    assert.equal(needsHub([role, 'analyst']), expected[role][0]);
  }
  assert.equal(needsHub([]), false);
});

test('a senior clinician must also hold the clinician role; no other role adds to another', () => {
  assert.deepEqual(withoutBaseRole(['senior_clinician']), ['senior_clinician']);
  assert.deepEqual(withoutBaseRole(['senior_clinician', 'hub_lead']), ['senior_clinician']);
  assert.deepEqual(withoutBaseRole(['clinician', 'senior_clinician']), []);
  assert.deepEqual(withoutBaseRole(['senior_clinician', 'clinician', 'admin']), []);
  for (const role of ROLES.filter((r) => r !== 'senior_clinician')) {
    assert.deepEqual(withoutBaseRole([role]), [], role);
  }
  assert.deepEqual(withoutBaseRole([]), []);
});

test('normalised orders roles and hubs and drops a profession a role does not use', () => {
  assert.deepEqual(
    normalised({
      name: 'A',
      roles: ['admin', 'clinician'],
      hubCodes: ['WM', 'LDN', 'WM'],
      profession: 'psychiatrist',
    }),
    {
      name: 'A',
      roles: ['clinician', 'admin'],
      hubCodes: ['LDN', 'WM'],
      profession: 'psychiatrist',
    },
  );
  assert.equal(
    normalised({ name: 'A', roles: ['analyst'], hubCodes: [], profession: 'other' }).profession,
    null,
  );
});

test('rolesDiffer compares as sets', () => {
  assert.equal(rolesDiffer(['clinician', 'admin'], ['admin', 'clinician']), false);
  assert.equal(rolesDiffer(['clinician'], ['clinician', 'admin']), true);
  assert.equal(rolesDiffer(['clinician', 'admin'], ['clinician']), true);
  assert.equal(rolesDiffer(['clinician'], ['hub_lead']), true);
  assert.equal(rolesDiffer([], []), false);
});

test('assignmentChanges names fields and codes, never a name', () => {
  const before = {
    name: 'Ann Lee',
    roles: ['clinician'] as Role[],
    hubCodes: ['WM'],
    profession: 'psychiatrist' as const,
  };
  assert.deepEqual(assignmentChanges(before, before).changed, []);
  const after = {
    name: 'Ann Leigh',
    roles: ['hub_lead', 'clinician'] as Role[],
    hubCodes: ['NW'],
    profession: 'other' as const,
  };
  const changes = assignmentChanges(before, after);
  assert.deepEqual(changes, {
    changed: ['name', 'roles', 'hubs', 'profession'],
    rolesAdded: ['hub_lead'],
    rolesRemoved: [],
    hubsAdded: ['NW'],
    hubsRemoved: ['WM'],
    profession: 'other',
  });
  assert.doesNotMatch(JSON.stringify(changes), /Ann|Lee|Leigh/);
});
