import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ACTIONS,
  ACTION_LABELS,
  ACTION_PERMISSIONS,
  AWAITING_CLOSURE_APPROVAL,
  STATES,
  STATE_LABELS,
  allowedActions,
  isCaseAction,
  isCaseState,
  statesLabelledAs,
  statusChoices,
  isOpenState,
  transition,
  type CaseAction,
  type CaseState,
} from './case-state.ts';
import { PERMISSIONS } from './permissions.ts';

const CLOSED = 'This case is closed. A new request for the person starts a new episode.';
const TRIAGED = 'This request has already been triaged.';
const TRIAGE_FIRST = 'Triage this request first.';
const PENDING = 'Closure has been requested. The hub lead must approve it or send it back first.';
const NOT_REQUESTED = 'Closure has not been requested for this case.';
const ALLOCATE_FIRST = 'Allocate this case first.';
const ALREADY = 'This case is already allocated. Reallocate it instead.';
const ADVICE = 'An advice-only consultation records advice to the case officer only.';
const NOT_CLOSED = 'Only a closed case can be reopened.';
const REOPENED = 'This case has been reopened. The hub lead allocates it first.';

type Expected = { next: CaseState } | { refused: string };
const to = (next: CaseState): Expected => ({ next });
const no = (refused: string): Expected => ({ refused });

/** Every (state, action) pair, written out by hand from PRODUCT.md's journey. */
const EXPECTED: Record<CaseState, Record<CaseAction, Expected>> = {
  awaiting_triage: {
    triage_accept: to('awaiting_allocation'),
    triage_advice_only: to('advice_only'),
    triage_decline: to('closed'),
    triage_urgent: to('closed'),
    allocate: no(TRIAGE_FIRST),
    reallocate: no(TRIAGE_FIRST),
    give_advice: no(TRIAGE_FIRST),
    record_work: no(TRIAGE_FIRST),
    add_police_update: to('awaiting_triage'),
    request_closure: no(TRIAGE_FIRST),
    approve_closure: no(TRIAGE_FIRST),
    return_closure: no(TRIAGE_FIRST),
    reopen: no(NOT_CLOSED),
  },
  awaiting_allocation: {
    triage_accept: no(TRIAGED),
    triage_advice_only: no(TRIAGED),
    triage_decline: no(TRIAGED),
    triage_urgent: no(TRIAGED),
    allocate: to('open'),
    reallocate: no(ALLOCATE_FIRST),
    give_advice: no(ALLOCATE_FIRST),
    record_work: no(ALLOCATE_FIRST),
    add_police_update: to('awaiting_allocation'),
    request_closure: no(ALLOCATE_FIRST),
    approve_closure: no(NOT_REQUESTED),
    return_closure: no(NOT_REQUESTED),
    reopen: no(NOT_CLOSED),
  },
  open: {
    triage_accept: no(TRIAGED),
    triage_advice_only: no(TRIAGED),
    triage_decline: no(TRIAGED),
    triage_urgent: no(TRIAGED),
    allocate: no(ALREADY),
    reallocate: to('open'),
    give_advice: to('open'),
    record_work: to('open'),
    add_police_update: to('open'),
    request_closure: to('closure_requested'),
    approve_closure: no(NOT_REQUESTED),
    return_closure: no(NOT_REQUESTED),
    reopen: no(NOT_CLOSED),
  },
  advice_only: {
    triage_accept: no(TRIAGED),
    triage_advice_only: no(TRIAGED),
    triage_decline: no(TRIAGED),
    triage_urgent: no(TRIAGED),
    allocate: no(ADVICE),
    reallocate: no(ADVICE),
    give_advice: to('advice_only'),
    record_work: no(ADVICE),
    add_police_update: to('advice_only'),
    request_closure: to('advice_closure_requested'),
    approve_closure: no(NOT_REQUESTED),
    return_closure: no(NOT_REQUESTED),
    reopen: no(NOT_CLOSED),
  },
  closure_requested: {
    triage_accept: no(TRIAGED),
    triage_advice_only: no(TRIAGED),
    triage_decline: no(TRIAGED),
    triage_urgent: no(TRIAGED),
    allocate: no(PENDING),
    reallocate: no(PENDING),
    give_advice: no(PENDING),
    record_work: no(PENDING),
    add_police_update: to('closure_requested'),
    request_closure: no(PENDING),
    approve_closure: to('closed'),
    return_closure: to('open'),
    reopen: no(NOT_CLOSED),
  },
  advice_closure_requested: {
    triage_accept: no(TRIAGED),
    triage_advice_only: no(TRIAGED),
    triage_decline: no(TRIAGED),
    triage_urgent: no(TRIAGED),
    allocate: no(PENDING),
    reallocate: no(PENDING),
    give_advice: no(PENDING),
    record_work: no(PENDING),
    add_police_update: to('advice_closure_requested'),
    request_closure: no(PENDING),
    approve_closure: to('closed'),
    return_closure: to('advice_only'),
    reopen: no(NOT_CLOSED),
  },
  closed: {
    triage_accept: no(CLOSED),
    triage_advice_only: no(CLOSED),
    triage_decline: no(CLOSED),
    triage_urgent: no(CLOSED),
    allocate: no(CLOSED),
    reallocate: no(CLOSED),
    give_advice: no(CLOSED),
    record_work: no(CLOSED),
    add_police_update: no(CLOSED),
    request_closure: no(CLOSED),
    approve_closure: no(CLOSED),
    return_closure: no(CLOSED),
    reopen: to('reopened'),
  },
  reopened: {
    triage_accept: no(TRIAGED),
    triage_advice_only: no(TRIAGED),
    triage_decline: no(TRIAGED),
    triage_urgent: no(TRIAGED),
    allocate: to('open'),
    reallocate: to('open'),
    give_advice: no(REOPENED),
    record_work: no(REOPENED),
    add_police_update: to('reopened'),
    request_closure: no(REOPENED),
    approve_closure: no(NOT_REQUESTED),
    return_closure: no(NOT_REQUESTED),
    reopen: no(NOT_CLOSED),
  },
};

test('every (state, action) pair gives exactly the expected result', () => {
  let pairs = 0;
  for (const state of STATES) {
    for (const action of ACTIONS) {
      const expected = EXPECTED[state][action];
      const actual = transition(state, action);
      if ('next' in expected) assert.deepEqual(actual, { ok: true, next: expected.next });
      else assert.deepEqual(actual, { ok: false, reason: expected.refused }, `${state} ${action}`);
      pairs += 1;
    }
  }
  assert.equal(pairs, 8 * 13);
  assert.deepEqual(Object.keys(EXPECTED).sort(), [...STATES].sort());
});

test('allowedActions lists exactly the allowed steps, in ACTIONS order', () => {
  for (const state of STATES) {
    const expected = ACTIONS.filter((action) => 'next' in EXPECTED[state][action]);
    assert.deepEqual(allowedActions(state), expected, state);
  }
  assert.deepEqual(allowedActions('closed'), ['reopen']);
  assert.deepEqual(allowedActions('reopened'), ['allocate', 'reallocate', 'add_police_update']);
});

test('every state can reach closed, and closed leads only to reopened', () => {
  for (const start of STATES) {
    const seen = new Set<CaseState>([start]);
    const queue: CaseState[] = [start];
    for (let state = queue.shift(); state; state = queue.shift()) {
      for (const action of allowedActions(state)) {
        const result = transition(state, action);
        if (result.ok && !seen.has(result.next)) {
          seen.add(result.next);
          queue.push(result.next);
        }
      }
    }
    assert.ok(seen.has('closed'), start);
  }
  for (const action of ACTIONS) {
    const result = transition('closed', action);
    assert.equal(result.ok, action === 'reopen', action);
  }
});

test('reopening is the only way into reopened, and only the hub lead may do it', () => {
  for (const state of STATES) {
    for (const action of ACTIONS) {
      const result = transition(state, action);
      if (result.ok && result.next === 'reopened') {
        assert.ok(
          (state === 'closed' && action === 'reopen') ||
            (state === 'reopened' && action === 'add_police_update'),
          `${state} ${action}`,
        );
      }
    }
  }
  assert.equal(ACTION_PERMISSIONS.reopen, 'closure.approve');
  assert.ok(isOpenState('reopened'));
  assert.equal(STATE_LABELS.reopened.text, 'Reopened');
});

test('closure approval is the only way into closed except a closing triage decision', () => {
  for (const state of STATES) {
    for (const action of ACTIONS) {
      const result = transition(state, action);
      if (result.ok && result.next === 'closed') {
        assert.ok(
          ['approve_closure', 'triage_decline', 'triage_urgent'].includes(action),
          `${state} ${action}`,
        );
      }
    }
  }
});

test('the approval queue is exactly the states an approval can close', () => {
  const approvable = STATES.filter((state) => transition(state, 'approve_closure').ok);
  assert.deepEqual([...AWAITING_CLOSURE_APPROVAL].sort(), approvable.sort());
});

test('only closed is not open', () => {
  assert.deepEqual(
    STATES.filter((state) => !isOpenState(state)),
    ['closed'],
  );
});

test('every state and action has a label, and every action a real permission', () => {
  for (const state of STATES) assert.ok(STATE_LABELS[state].text.length > 0);
  for (const action of ACTIONS) {
    assert.ok(ACTION_LABELS[action].length > 0);
    assert.ok(ACTION_PERMISSIONS[action] in PERMISSIONS);
  }
  assert.equal(ACTION_PERMISSIONS.approve_closure, 'closure.approve');
  assert.equal(ACTION_PERMISSIONS.add_police_update, 'police_update.add');
});

test('guards accept only known names', () => {
  assert.ok(isCaseState('open'));
  assert.ok(!isCaseState('opened'));
  assert.ok(!isCaseState(undefined));
  assert.ok(isCaseAction('allocate'));
  assert.ok(!isCaseAction('investigate'));
});

test('states that read the same are one status choice and are filtered together', () => {
  assert.deepEqual(statesLabelledAs('closure_requested'), [
    'closure_requested',
    'advice_closure_requested',
  ]);
  assert.deepEqual(statesLabelledAs('advice_closure_requested'), [
    'closure_requested',
    'advice_closure_requested',
  ]);
  assert.deepEqual(statesLabelledAs('open'), ['open']);
  const choices = statusChoices(STATES);
  assert.equal(choices.length, STATES.length - 1);
  assert.deepEqual(
    choices.map((s) => STATE_LABELS[s].text),
    [...new Set(STATES.map((s) => STATE_LABELS[s].text))],
  );
  assert.deepEqual(statusChoices(['awaiting_allocation']), ['awaiting_allocation']);
});
