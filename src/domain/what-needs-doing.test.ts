import { test } from 'node:test';
import assert from 'node:assert/strict';
import { whatNeedsDoing, type WorkFacts } from './what-needs-doing.ts';

const TODAY = '2026-12-02';
const NOW = new Date('2026-12-02T12:00:00Z');

const all: WorkFacts = {
  consent: { status: 'given', href: '/c' },
  formulation: { latest: { versionNumber: 1, status: 'signed_off' }, href: '/f' },
  plan: { current: { reviewDate: '2027-03-01', actions: [] }, href: '/p' },
  closure: { pending: false, href: '/x' },
  disclosures: { awaitingApproval: [] },
  nextAppointment: null,
};

const kinds = (facts: Partial<WorkFacts>, caseOpen = true) =>
  whatNeedsDoing({ facts, caseOpen, today: TODAY, now: NOW }).map((i) => i.kind);

test('nothing needs doing on a case whose work is up to date', () => {
  assert.deepEqual(kinds(all), []);
});

test('consent is to seek when none is recorded or it is recorded as not yet sought', () => {
  assert.deepEqual(kinds({ ...all, consent: { status: null, href: '/c' } }), ['seek_consent']);
  assert.deepEqual(kinds({ ...all, consent: { status: 'not_yet_sought', href: '/c' } }), [
    'seek_consent',
  ]);
  for (const status of ['given', 'declined', 'withdrawn', 'lacks_capacity_best_interests'] as const)
    assert.deepEqual(kinds({ ...all, consent: { status, href: '/c' } }), [], status);
});

test('the formulation is to write, to finish, to review or waiting for sign-off', () => {
  const f = (latest: WorkFacts['formulation']['latest']) => ({
    ...all,
    formulation: { latest, href: '/f' },
  });
  assert.deepEqual(kinds(f(null)), ['write_formulation']);
  assert.deepEqual(kinds(f({ versionNumber: 2, status: 'draft' })), ['finish_formulation']);
  assert.deepEqual(kinds(f({ versionNumber: 2, status: 'submitted' })), ['formulation_sign_off']);
  // A signed-off formulation is reviewed with the plan, when the plan's review date comes.
  const due = { ...all, plan: { current: { reviewDate: TODAY, actions: [] }, href: '/p' } };
  assert.deepEqual(kinds(due), ['review_formulation', 'review_plan']);
  const notDue = {
    ...all,
    plan: { current: { reviewDate: '2026-12-03', actions: [] }, href: '/p' },
  };
  assert.deepEqual(kinds(notDue), []);
});

test('overdue actions are counted; finished ones and those due today are not', () => {
  const actions = [
    { status: 'planned', dueDate: '2026-12-01' },
    { status: 'in_progress', dueDate: '2026-11-01' },
    { status: 'done', dueDate: '2026-11-01' },
    { status: 'not_achieved', dueDate: '2026-11-01' },
    { status: 'planned', dueDate: TODAY },
  ];
  const items = whatNeedsDoing({
    facts: { ...all, plan: { current: { reviewDate: '2027-03-01', actions }, href: '/p' } },
    caseOpen: true,
    today: TODAY,
    now: NOW,
  });
  assert.deepEqual(items, [{ kind: 'overdue_actions', href: '/p', count: 2 }]);
});

test('the next appointment is shown when it is still to come', () => {
  const at = new Date('2026-12-03T14:46:00Z');
  assert.deepEqual(
    whatNeedsDoing({
      facts: { ...all, nextAppointment: { startsAt: at, href: '/a' } },
      caseOpen: true,
      today: TODAY,
      now: NOW,
    }),
    [{ kind: 'next_appointment', href: '/a', startsAt: at }],
  );
  const past = { startsAt: new Date('2026-12-02T09:00:00Z'), href: '/a' };
  assert.deepEqual(kinds({ ...all, nextAppointment: past }), []);
});

test('items waiting for approval are listed, even on a closed case', () => {
  const facts: Partial<WorkFacts> = {
    ...all,
    consent: { status: null, href: '/c' },
    formulation: { latest: { versionNumber: 3, status: 'submitted' }, href: '/f' },
    closure: { pending: true, href: '/x' },
    disclosures: { awaitingApproval: [{ href: '/d1' }, { href: '/d2' }] },
  };
  assert.deepEqual(kinds(facts), [
    'seek_consent',
    'formulation_sign_off',
    'closure_approval',
    'disclosure_approval',
    'disclosure_approval',
  ]);
  assert.deepEqual(kinds(facts, false), [
    'formulation_sign_off',
    'closure_approval',
    'disclosure_approval',
    'disclosure_approval',
  ]);
});

test('a fact the viewer may not see adds nothing', () => {
  assert.deepEqual(kinds({}), []);
  assert.deepEqual(kinds({ closure: { pending: false, href: '/x' } }), []);
});
