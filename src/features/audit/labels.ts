import { isNationalRole, isRole, ROLE_LABELS } from '../../domain/roles.ts';
import { isUuid } from '../../web/ids.ts';
import { innerRecord, type NamedRecord, type RecordNames } from './record-names.ts';

/**
 * The record types of audit rows in plain words, for the IG officer's pages. A type missing
 * here is still shown in words (its code with spaces), and labels.test.ts lists every type the
 * code writes so a new one is noticed.
 */
export const SUBJECT_LABELS: Readonly<Record<string, string>> = {
  case: 'Case',
  person: 'Person',
  user: 'User account',
  'acting-user': 'User acted for through the API',
  'api-client': 'API client',
  hub: 'Hub',
  address: 'Sign-in address',
  route: 'Page',
  statistics: 'Statistics',
  audit_log: 'Audit log',
  support_request: 'Support request',
  request_list: 'List of requests',
  police_update: 'Police update',
  police_updates: 'Police updates',
  triage_decision: 'Triage decision',
  triage_queue: 'Triage queue',
  allocation: 'Allocation',
  consent: 'Consent',
  lawful_basis: 'Lawful basis',
  case_access_reason: 'Reason for opening the case',
  access_reasons_log: 'List of reasons for opening cases',
  ig_review: 'Review of an access or a download',
  ig_review_queue: 'Reviews of access and downloads',
  ig_review_item: 'An access or a download under review',
  advice: 'Advice to the case officer',
  closure_request: 'Closure request',
  closure_summary: 'Closure summary',
  closure_feedback: 'Officer’s feedback on closure',
  closure_queue: 'Closures waiting for approval',
  formulation: 'Formulation',
  formulation_queue: 'Formulations waiting for sign-off',
  plan: 'Care plan',
  plan_need: 'Care plan need',
  plan_action: 'Care plan action',
  plan_review: 'Care plan review',
  plan_due_list: 'Care plan reviews due',
  liaison_contact: 'Liaison contact',
  contact: 'Contact or appointment',
  contacts: 'Contacts and appointments',
  case_note: 'Case note',
  case_notes: 'Case notes',
  case_reopening: 'Reopening of a closed case',
  note_rectification: 'Correction request on a case note',
  documents: 'Documents',
  health_documents: 'Clinical document',
  police_documents: 'Police document',
  my_week: 'My week',
  hub_week: 'Hub’s week',
  released_item: 'Released item',
  notification_preferences: 'Notification preferences',
  search: 'Search',
  liaison_contacts: 'Liaison contacts',
  meeting: 'Meeting',
  meetings: 'Meetings',
  meeting_attendee: 'Meeting attendee',
  meeting_action: 'Meeting action',
  disclosure: 'Disclosure decision',
  disclosure_register: 'Disclosure register',
  disclosure_approvals: 'Disclosures waiting for approval',
  released_items: 'Released items',
  retention_decision: 'Retention review decision',
  retention_disposal: 'Disposal at the end of retention',
  retention_queue: 'Records due for retention review',
  subject_access_request: 'Subject access request',
  subject_access_item: 'Record gathered for a subject access request',
  subject_access_queue: 'Subject access requests',
  subject_access_reviews: 'Subject access items waiting for review',
};

/** A record type in words: its label, or its code with spaces ("some_thing" → "Some thing"). */
export function subjectLabel(subjectType: string): string {
  const known = SUBJECT_LABELS[subjectType];
  if (known) return known;
  const words = subjectType.replace(/[_-]+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : 'Record';
}

const USER_TYPES = new Set(['user', 'acting-user', 'api-client']);

/**
 * A record as people read it, never by id: "Closure summary, case WM-2026-0031", "Case
 * WM-2026-0031", "User account: Sam Clinician". An id that cannot be named is left out (the
 * type alone); a subject that is not an id (a page's address) is shown as it is.
 */
export function recordText(record: NamedRecord, names: RecordNames): string {
  const label = subjectLabel(record.subjectType);
  const id = record.subjectId?.toLowerCase() ?? null;
  if (record.subjectType === 'audit_log' && record.subjectId) {
    const inner = innerRecord(record.subjectId);
    if (inner) return `Access log of ${lowerFirst(recordText({ ...inner, detail: {} }, names))}`;
  }
  const named = typeof record.detail.caseId === 'string' ? record.detail.caseId : null;
  const kase = (id && names.cases.get(id)) || (named && names.cases.get(named.toLowerCase()));
  if (kase) {
    return record.subjectType === 'case'
      ? `Case ${kase.reference}`
      : `${label}, case ${kase.reference}`;
  }
  if (!id) return label;
  if (USER_TYPES.has(record.subjectType) && names.users.has(id)) {
    return `${label}: ${names.users.get(id)!}`;
  }
  if (names.hubs.has(id)) return `${label}: ${names.hubs.get(id)!}`;
  if (record.subjectType === 'person' && names.people.has(id)) {
    return `Person in case ${names.people.get(id)!}`;
  }
  if (isUuid(id) || /[0-9a-f]{8}-[0-9a-f]{4}-/i.test(id)) return label;
  return `${label}: ${record.subjectId}`;
}

const lowerFirst = (text: string) =>
  /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;

export const NOT_RECORDED = 'Not recorded';

/** The role a row was done in, in words; an older row without one says so. */
export function roleText(role: string | null): string {
  if (role === null || role === '') return NOT_RECORDED;
  return isRole(role) ? ROLE_LABELS[role] : subjectLabel(role);
}

/** The hub a row was done in; a national role's work is in every hub. */
export function hubText(hubName: string | null, role: string | null): string {
  if (hubName) return hubName;
  if (isRole(role) && isNationalRole(role)) return 'All hubs (national role)';
  return NOT_RECORDED;
}
