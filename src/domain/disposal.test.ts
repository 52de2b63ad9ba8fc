import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tablesOf } from './compartments.ts';
import {
  disposalApproval,
  ERASURE,
  isDueForDisposal,
  RELEASED_DIRECTIONS,
  tablesDisposedBy,
} from './disposal.ts';

const proposal = {
  approverId: 'b',
  approverRoles: ['ig_officer'] as const,
  proposerId: 'a',
  status: 'proposed' as const,
  dueOn: '2026-06-01',
  today: '2026-06-01',
};

test('a second IG officer may approve a standing proposal of a due clock', () => {
  assert.deepEqual(disposalApproval(proposal), { ok: true });
});

test('the proposer cannot approve their own proposal', () => {
  assert.deepEqual(disposalApproval({ ...proposal, approverId: 'a' }), {
    ok: false,
    reason: 'own_proposal',
  });
});

test('only an IG officer approves, whatever else they hold', () => {
  for (const role of ['hub_lead', 'clinician', 'admin', 'analyst', 'police_lead'] as const) {
    assert.deepEqual(disposalApproval({ ...proposal, approverRoles: [role] }), {
      ok: false,
      reason: 'not_an_approver',
    });
  }
});

test('a disposed or withdrawn proposal cannot be approved again', () => {
  for (const status of ['disposed', 'withdrawn'] as const) {
    assert.deepEqual(disposalApproval({ ...proposal, status }), {
      ok: false,
      reason: 'not_proposed',
    });
  }
});

test('a clock no longer due (a later contact moved it) cannot be disposed of', () => {
  assert.deepEqual(disposalApproval({ ...proposal, dueOn: '2026-06-02' }), {
    ok: false,
    reason: 'not_due',
  });
  assert.deepEqual(disposalApproval({ ...proposal, dueOn: null }), {
    ok: false,
    reason: 'not_due',
  });
});

test('due on the review date and after it, not the day before', () => {
  assert.equal(isDueForDisposal('2026-06-01', '2026-06-01'), true);
  assert.equal(isDueForDisposal('2026-05-31', '2026-06-01'), true);
  assert.equal(isDueForDisposal('2026-06-02', '2026-06-01'), false);
  assert.equal(isDueForDisposal(null, '2026-06-01'), false);
});

test('each clock erases exactly its compartment’s tables, every one of them', () => {
  assert.deepEqual(tablesDisposedBy('health').sort(), tablesOf('health').sort());
  assert.deepEqual(tablesDisposedBy('police').sort(), tablesOf('police').sort());
  assert.deepEqual(
    Object.keys(ERASURE).sort(),
    [...tablesOf('health'), ...tablesOf('police')].sort(),
  );
});

test('no column is both erased and kept, and parts hang off a table of the same clock', () => {
  for (const [table, rule] of Object.entries(ERASURE)) {
    const both = rule.erase.filter((c) => rule.keep.includes(c));
    assert.deepEqual(both, [], table);
    if (rule.via !== 'case_id') {
      assert.equal(ERASURE[rule.via.parent].via, 'case_id', `${table}'s parent has the case`);
    }
  }
  const both = RELEASED_DIRECTIONS.health.filter((d) => RELEASED_DIRECTIONS.police.includes(d));
  assert.deepEqual(both, [], 'a released copy belongs to one clock');
});
