import type { Permission } from './permissions.ts';

/**
 * The life of a case (PRODUCT.md "The journey of a case") as a pure state machine. Services
 * call `transition` before writing, so an impossible step (allocating a closed case, approving
 * a closure nobody asked for) is refused with a reason the user can act on.
 *
 * Decisions recorded here:
 * - Decline and urgent diversion close the case at triage, without a closure request. Nothing
 *   was taken on, so there is no VSS work for the hub lead to check; the triage decision
 *   (signposting text, or the times of the urgent diversion) is the closing record and is
 *   shared with the case officer. Urgent diversion must never wait in an approval queue.
 * - An advice-only consultation is closed through the same hub lead approval as a worked
 *   case, but keeps its own "closure requested" state so that sending the closure back returns
 *   it to an advice-only consultation, not to an allocated case. `transition` stays a function
 *   of (state, action) alone.
 * - Closed is final for the work: a new request for the same person starts a new episode
 *   (PRODUCT.md 12). Only the hub lead can reopen a closed case (issue 15), with a reason, when
 *   the closure itself was wrong; the case then waits as "reopened" until the hub lead
 *   allocates it (the earlier clinicians or others), and from there it is an open case again.
 *   Clinical work and closure wait for that allocation; police updates do not.
 * - Who may act (permissions, "not their own closure") is checked by the service; the machine
 *   only says whether the step makes sense for the case now.
 */

export const STATES = [
  'awaiting_triage',
  'awaiting_allocation',
  'open',
  'advice_only',
  'closure_requested',
  'advice_closure_requested',
  'closed',
  'reopened',
] as const;
export type CaseState = (typeof STATES)[number];

export const ACTIONS = [
  'triage_accept',
  'triage_advice_only',
  'triage_decline',
  'triage_urgent',
  'allocate',
  'reallocate',
  'give_advice',
  'record_work', // consent, assessment, formulation, plan, liaison, meetings, disclosures
  'add_police_update',
  'request_closure',
  'approve_closure',
  'return_closure',
  'reopen',
] as const;
export type CaseAction = (typeof ACTIONS)[number];

export const isCaseState = (value: unknown): value is CaseState =>
  typeof value === 'string' && (STATES as readonly string[]).includes(value);
export const isCaseAction = (value: unknown): value is CaseAction =>
  typeof value === 'string' && (ACTIONS as readonly string[]).includes(value);

/** Every allowed step; anything not listed is refused. */
const NEXT: Record<CaseState, Partial<Record<CaseAction, CaseState>>> = {
  awaiting_triage: {
    triage_accept: 'awaiting_allocation',
    triage_advice_only: 'advice_only',
    triage_decline: 'closed',
    triage_urgent: 'closed',
    add_police_update: 'awaiting_triage',
  },
  awaiting_allocation: {
    allocate: 'open',
    add_police_update: 'awaiting_allocation',
  },
  open: {
    reallocate: 'open',
    give_advice: 'open',
    record_work: 'open',
    add_police_update: 'open',
    request_closure: 'closure_requested',
  },
  advice_only: {
    give_advice: 'advice_only',
    add_police_update: 'advice_only',
    request_closure: 'advice_closure_requested',
  },
  closure_requested: {
    add_police_update: 'closure_requested',
    approve_closure: 'closed',
    return_closure: 'open',
  },
  advice_closure_requested: {
    add_police_update: 'advice_closure_requested',
    approve_closure: 'closed',
    return_closure: 'advice_only',
  },
  closed: {
    reopen: 'reopened',
  },
  reopened: {
    allocate: 'open',
    reallocate: 'open',
    add_police_update: 'reopened',
  },
};

export type TransitionResult = { ok: true; next: CaseState } | { ok: false; reason: string };

const TRIAGE_ACTIONS: readonly CaseAction[] = [
  'triage_accept',
  'triage_advice_only',
  'triage_decline',
  'triage_urgent',
];

/** Why a step is refused, in words that tell the user what to do instead. */
function refusalReason(state: CaseState, action: CaseAction): string {
  if (action === 'reopen') return 'Only a closed case can be reopened.';
  if (state === 'closed') {
    return 'This case is closed. A new request for the person starts a new episode.';
  }
  if (TRIAGE_ACTIONS.includes(action)) return 'This request has already been triaged.';
  if (state === 'awaiting_triage') return 'Triage this request first.';
  if (state === 'closure_requested' || state === 'advice_closure_requested') {
    return 'Closure has been requested. The hub lead must approve it or send it back first.';
  }
  if (action === 'approve_closure' || action === 'return_closure') {
    return 'Closure has not been requested for this case.';
  }
  if (state === 'awaiting_allocation') return 'Allocate this case first.';
  if (state === 'reopened') return 'This case has been reopened. The hub lead allocates it first.';
  if (action === 'allocate' && state === 'open') {
    return 'This case is already allocated. Reallocate it instead.';
  }
  // Only advice_only is left: no allocation and no contact with the person.
  return 'An advice-only consultation records advice to the case officer only.';
}

export function transition(state: CaseState, action: CaseAction): TransitionResult {
  const next = NEXT[state][action];
  return next === undefined
    ? { ok: false, reason: refusalReason(state, action) }
    : { ok: true, next };
}

export const allowedActions = (state: CaseState): CaseAction[] =>
  ACTIONS.filter((action) => NEXT[state][action] !== undefined);

export const isOpenState = (state: CaseState): boolean => state !== 'closed';

/** States waiting for the hub lead's approval queue. */
export const AWAITING_CLOSURE_APPROVAL: readonly CaseState[] = [
  'closure_requested',
  'advice_closure_requested',
];

/** GOV.UK tag colours (govuk-tag--<colour>). */
export type TagColour =
  | 'grey'
  | 'green'
  | 'turquoise'
  | 'blue'
  | 'light-blue'
  | 'purple'
  | 'pink'
  | 'red'
  | 'orange'
  | 'yellow';

export const STATE_LABELS: Record<CaseState, { text: string; colour: TagColour }> = {
  awaiting_triage: { text: 'Awaiting triage', colour: 'yellow' },
  awaiting_allocation: { text: 'Awaiting allocation', colour: 'orange' },
  open: { text: 'Open', colour: 'blue' },
  advice_only: { text: 'Advice only', colour: 'turquoise' },
  closure_requested: { text: 'Closure requested', colour: 'purple' },
  advice_closure_requested: { text: 'Closure requested', colour: 'purple' },
  closed: { text: 'Closed', colour: 'grey' },
  reopened: { text: 'Reopened', colour: 'pink' },
};

/**
 * The states a status filter of this state's label selects: states that read the same to people
 * (the two kinds of closure request) are one choice, filtered together.
 */
export const statesLabelledAs = (state: CaseState): CaseState[] =>
  STATES.filter((s) => STATE_LABELS[s].text === STATE_LABELS[state].text);

/** The status filter's choices among these states: one per label, the first state its code. */
export const statusChoices = (states: readonly CaseState[]): CaseState[] =>
  states.filter(
    (s, i) => states.findIndex((t) => STATE_LABELS[t].text === STATE_LABELS[s].text) === i,
  );

export const ACTION_LABELS: Record<CaseAction, string> = {
  triage_accept: 'Accept for assessment',
  triage_advice_only: 'Advice only',
  triage_decline: 'Decline with signposting',
  triage_urgent: 'Urgent: divert to crisis care',
  allocate: 'Allocate',
  reallocate: 'Reallocate',
  give_advice: 'Give advice',
  record_work: 'Record work',
  add_police_update: 'Add a police update',
  request_closure: 'Request closure',
  approve_closure: 'Approve closure',
  return_closure: 'Send closure back',
  reopen: 'Reopen the case',
};

/** The permission each step needs (src/domain/permissions.ts), for routes and tests. */
export const ACTION_PERMISSIONS: Record<CaseAction, Permission> = {
  triage_accept: 'triage.decide',
  triage_advice_only: 'triage.decide',
  triage_decline: 'triage.decide',
  triage_urgent: 'triage.decide',
  allocate: 'case.allocate',
  reallocate: 'case.allocate',
  give_advice: 'case.work',
  record_work: 'case.work',
  add_police_update: 'police_update.add',
  request_closure: 'case.work',
  approve_closure: 'closure.approve',
  return_closure: 'closure.approve',
  // The hub lead (who approves closures) reopens one.
  reopen: 'closure.approve',
};
