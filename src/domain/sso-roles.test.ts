import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkSelectedRole, selectedRoleCodes } from './sso-roles.ts';

const profiles = [
  { person_roleid: '555254242105', role_code: 'S8000:G8000:R8000', org_code: 'RX1' },
  { person_roleid: '555254242106', role_code: 'S8000:G8001:R8008', org_code: 'RX1' },
];
const roleMap = { R8000: ['clinician'], R8008: ['hub_lead', 'senior_clinician'] } as const;

test('the selected profile is found by person_roleid and its codes read', () => {
  assert.deepEqual(
    selectedRoleCodes({ selected_roleid: '555254242106', nhsid_nrbac_roles: profiles }),
    ['S8000', 'G8001', 'R8008'],
  );
  assert.deepEqual(selectedRoleCodes({ selected_roleid: '1', nhsid_nrbac_roles: profiles }), []);
  assert.deepEqual(selectedRoleCodes({ nhsid_nrbac_roles: profiles }), []);
  assert.deepEqual(selectedRoleCodes({ selected_roleid: '555254242105' }), []);
  assert.deepEqual(
    selectedRoleCodes({
      selected_roleid: '9',
      nhsid_nrbac_roles: [null, 'x', { person_roleid: '9' }],
    }),
    [],
  );
});

test('a selected role that maps to a role the account holds is accepted', () => {
  const claims = { selected_roleid: '555254242106', nhsid_nrbac_roles: profiles };
  assert.deepEqual(checkSelectedRole(claims, roleMap, ['hub_lead', 'analyst']), {
    ok: true,
    roles: ['hub_lead'],
  });
});

test('no selected role, an unmapped one, or one the account does not hold is refused', () => {
  assert.deepEqual(checkSelectedRole({}, roleMap, ['clinician']), {
    ok: false,
    reason: 'no-selected-role',
  });
  assert.deepEqual(
    checkSelectedRole(
      { selected_roleid: '7', nhsid_nrbac_roles: [{ person_roleid: '7', role_code: 'S1:R9999' }] },
      roleMap,
      ['clinician'],
    ),
    { ok: false, reason: 'role-not-mapped' },
  );
  assert.deepEqual(
    checkSelectedRole({ selected_roleid: '555254242105', nhsid_nrbac_roles: profiles }, roleMap, [
      'hub_lead',
    ]),
    { ok: false, reason: 'role-not-held' },
  );
  // A code named like an object's own property is not a mapping.
  assert.deepEqual(
    checkSelectedRole(
      {
        selected_roleid: '7',
        nhsid_nrbac_roles: [{ person_roleid: '7', role_code: 'constructor' }],
      },
      roleMap,
      ['clinician'],
    ),
    { ok: false, reason: 'role-not-mapped' },
  );
});
