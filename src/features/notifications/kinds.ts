import type { CaseAccess } from '../../domain/case-access.ts';

/**
 * What Cicero notifies people of (issue 14), with the words shown in the service and in email.
 * The words never carry a name, a reference, a date of birth or any case content: only what
 * kind of thing is waiting. Pure: no I/O.
 */
export const NOTIFICATION_KINDS = [
  'urgent_request',
  'new_request',
  'allocated',
  'formulation_sign_off',
  'disclosure_approval',
  'closure_approval',
  'action_overdue',
  'review_overdue',
  'appointment_tomorrow',
  'advice_given',
  'item_released',
  'closure_summary',
  'case_opened_with_reason',
  'case_reopened',
  'request_reassigned',
  'request_handed_over',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const DELIVERIES = ['immediate', 'daily', 'none'] as const;
export type Delivery = (typeof DELIVERIES)[number];

export interface KindInfo {
  /** In the service: one sentence, what is waiting. */
  text: string;
  /** The preferences page's label for the kind. */
  label: string;
  /** Email subject and its one line of body (no content: only the kind). */
  subject: string;
  /** A daily summary's line for `count` of them. */
  summary: (count: number) => string;
  /** Who receives it, asked of the access core's answer for each candidate on the case. */
  audience: (access: CaseAccess) => boolean;
  /** By email unless the user chose otherwise. */
  defaultDelivery: Delivery;
  /** Urgent requests are always emailed at once: the preference cannot turn them off. */
  fixed?: true;
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/**
 * Health events need the health record open to the recipient (allocated clinicians, hub lead),
 * so a police user can never qualify; shared ones need the shared compartment (or an item
 * addressed to them). Requests waiting for triage go to those who may triage the case: the
 * hub's clinicians and its hub lead, by the access core.
 */
const health = (access: CaseAccess) => access.visibility.health;

export const KINDS: Record<NotificationKind, KindInfo> = {
  urgent_request: {
    text: 'An urgent request is waiting for triage',
    label: 'Urgent requests',
    subject: 'An urgent request is waiting for triage',
    summary: (n) => plural(n, 'urgent request', 'urgent requests'),
    audience: (access) => access.can.triage,
    defaultDelivery: 'immediate',
    fixed: true,
  },
  new_request: {
    text: 'A new request is waiting for triage',
    label: 'New requests for your hub',
    subject: 'A new request is waiting for triage',
    summary: (n) => plural(n, 'new request', 'new requests'),
    audience: (access) => access.can.triage,
    defaultDelivery: 'daily',
  },
  allocated: {
    text: 'A case has been allocated to you',
    label: 'Cases allocated to you',
    subject: 'A case has been allocated to you',
    summary: (n) => plural(n, 'case allocated to you', 'cases allocated to you'),
    audience: (access) => access.relation.allocatedClinician && health(access),
    defaultDelivery: 'immediate',
  },
  formulation_sign_off: {
    text: 'A formulation is waiting for your sign-off',
    label: 'Formulations waiting for sign-off',
    subject: 'A formulation is waiting for your sign-off',
    summary: (n) => plural(n, 'formulation to sign off', 'formulations to sign off'),
    audience: (access) => access.can.signOffFormulation,
    defaultDelivery: 'immediate',
  },
  disclosure_approval: {
    text: 'A disclosure is waiting for your approval',
    label: 'Disclosures waiting for approval',
    subject: 'A disclosure is waiting for your approval',
    summary: (n) => plural(n, 'disclosure to approve', 'disclosures to approve'),
    audience: (access) => access.can.approveDisclosure && health(access),
    defaultDelivery: 'immediate',
  },
  closure_approval: {
    text: 'A closure is waiting for your approval',
    label: 'Closures waiting for approval',
    subject: 'A closure is waiting for your approval',
    summary: (n) => plural(n, 'closure to approve', 'closures to approve'),
    audience: (access) => access.can.approveClosure && health(access),
    defaultDelivery: 'immediate',
  },
  action_overdue: {
    text: 'An action on one of your cases is overdue',
    label: 'Overdue actions',
    subject: 'An action on one of your cases is overdue',
    summary: (n) => plural(n, 'overdue action', 'overdue actions'),
    audience: (access) => access.relation.allocatedClinician && health(access),
    defaultDelivery: 'daily',
  },
  review_overdue: {
    text: 'A plan review on one of your cases is overdue',
    label: 'Overdue plan reviews',
    subject: 'A plan review on one of your cases is overdue',
    summary: (n) => plural(n, 'overdue plan review', 'overdue plan reviews'),
    audience: (access) => access.relation.allocatedClinician && health(access),
    defaultDelivery: 'daily',
  },
  appointment_tomorrow: {
    text: 'You have an appointment tomorrow',
    label: 'Appointments tomorrow',
    subject: 'You have an appointment tomorrow',
    summary: (n) => plural(n, 'appointment tomorrow', 'appointments tomorrow'),
    audience: (access) => access.relation.allocatedClinician && health(access),
    defaultDelivery: 'daily',
  },
  advice_given: {
    text: 'New advice on one of your requests',
    label: 'Advice on your requests',
    subject: 'New advice on one of your requests',
    summary: (n) => plural(n, 'new piece of advice', 'new pieces of advice'),
    audience: (access) => access.can.followRequest && access.visibility.shared,
    defaultDelivery: 'immediate',
  },
  item_released: {
    text: 'Information has been shared with you',
    label: 'Information shared with you',
    subject: 'Information has been shared with you',
    summary: (n) => plural(n, 'item shared with you', 'items shared with you'),
    audience: (access) => access.visibility.releasedItems !== 'none',
    defaultDelivery: 'immediate',
  },
  closure_summary: {
    text: 'One of your requests has closed: its closure summary is ready',
    label: 'Closure summaries',
    subject: 'One of your requests has closed',
    summary: (n) => plural(n, 'closure summary', 'closure summaries'),
    audience: (access) => access.can.followRequest && access.visibility.shared,
    defaultDelivery: 'immediate',
  },
  case_opened_with_reason: {
    text: 'Someone outside the allocation opened one of your cases with a recorded reason',
    label: 'Your cases opened by someone outside the allocation',
    subject: 'Someone opened one of your cases with a recorded reason',
    summary: (n) =>
      plural(n, 'case opened with a reason', 'cases opened with a reason') +
      ' by someone outside the allocation',
    audience: (access) =>
      (access.relation.allocatedClinician || access.hubLead) && access.can.workHealth,
    defaultDelivery: 'immediate',
  },
  // Issue 15: the hub lead reopened a closed case. Shared: the officer reads only that it is
  // open again, never why (the reason is the hub's).
  case_reopened: {
    text: 'One of your requests has been reopened',
    label: 'Requests reopened',
    subject: 'One of your requests has been reopened',
    summary: (n) => plural(n, 'request reopened', 'requests reopened'),
    audience: (access) => access.can.followRequest && access.visibility.shared,
    defaultDelivery: 'immediate',
  },
  // Issue 16: a police lead handed a departing officer's requests to another officer. The new
  // officer is told once the request is theirs, the earlier one just before it stops being.
  request_reassigned: {
    text: 'A request has been passed to you to follow',
    label: 'Requests passed to you',
    subject: 'A request has been passed to you to follow',
    summary: (n) => plural(n, 'request passed to you', 'requests passed to you'),
    audience: (access) => access.can.followRequest && access.visibility.shared,
    defaultDelivery: 'immediate',
  },
  request_handed_over: {
    text: 'One of your requests has been passed to another case officer',
    label: 'Your requests passed to another officer',
    subject: 'One of your requests has been passed to another case officer',
    summary: (n) =>
      plural(n, 'request passed to another officer', 'requests passed to another officer'),
    audience: (access) => access.can.followRequest && access.visibility.shared,
    defaultDelivery: 'daily',
  },
};

export const isNotificationKind = (value: string): value is NotificationKind =>
  (NOTIFICATION_KINDS as readonly string[]).includes(value);

/** How a kind reaches a user by email: their choice, the kind's default, urgent always at once. */
export function deliveryOf(kind: NotificationKind, chosen: Delivery | undefined): Delivery {
  const info = KINDS[kind];
  if (info.fixed) return info.defaultDelivery;
  return chosen ?? info.defaultDelivery;
}
