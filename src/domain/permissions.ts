import type { Role } from './roles.ts';

/**
 * Who may do what, as data: the one place the access policy lives. Every route names one of
 * these permissions (or is public / needs only a signed-in user). Record-level rules (which
 * hub, which allocation, which compartment) are applied in each service's SQL on top.
 * docs/access-policy.md is generated from this table.
 */
export const PERMISSIONS = {
  // Any signed-in user
  'account.use': {
    summary: 'use their own account: home page, sign out, terms of use',
    roles: [
      'case_officer',
      'clinician',
      'senior_clinician',
      'hub_lead',
      'police_lead',
      'analyst',
      'ig_officer',
      'admin',
    ],
  },
  // Police side
  'request.create': {
    summary: 'request VSS support for a person on their Prevent caseload',
    roles: ['case_officer'],
  },
  'request.follow': {
    summary: 'follow their own requests: status, advice, released items, closure summary',
    roles: ['case_officer'],
  },
  'request.supervise': {
    summary: "see every request of their hub's case officers (police and shared parts)",
    roles: ['police_lead'],
  },
  'request.reassign': {
    summary: "hand a departing case officer's open requests to another case officer of the hub",
    roles: ['police_lead'],
  },
  'police_update.add': {
    summary: 'add a police update to their own request',
    roles: ['case_officer'],
  },
  'disclosure.share_with_health': {
    summary: "record a police update shared with the hub's clinical team (police to health)",
    roles: ['case_officer', 'police_lead'],
  },
  'released_items.read': {
    summary: 'read the items a disclosure decision released to them by name',
    roles: ['case_officer', 'police_lead'],
  },
  'police_record.rectify': {
    summary:
      'answer a correction request on police content of their hub: their own (author) or any (police lead)',
    roles: ['case_officer', 'police_lead'],
  },
  'closure.feedback': {
    summary: 'answer the feedback question when their request closes',
    roles: ['case_officer'],
  },
  // Health side
  'triage.decide': {
    summary: "screen their hub's queue and record triage decisions",
    roles: ['clinician', 'hub_lead'],
  },
  'case.work': {
    summary: 'work cases of their hub: consent, advice, clinical records, closure',
    roles: ['clinician', 'hub_lead'],
  },
  'case.allocate': {
    summary: 'allocate and reallocate cases in their hub',
    roles: ['hub_lead'],
  },
  'closure.approve': {
    summary: 'approve closures in their hub (not their own)',
    roles: ['hub_lead'],
  },
  'formulation.sign_off': {
    summary: 'sign off formulations in their hub (not their own) or return them to draft',
    roles: ['senior_clinician', 'hub_lead'],
  },
  'disclosure.approve': {
    summary: 'approve or refuse disclosures without consent (as Caldicott delegate)',
    roles: ['hub_lead'],
  },
  // Finding cases (issue 14): what each finds is the access core's filter
  // (src/access/findable-cases.ts); the analyst and the service desk find none.
  'case.search': {
    summary:
      "search for the cases they may open (reference, NHS number, date of birth, name) and read a person's history",
    roles: ['case_officer', 'clinician', 'hub_lead', 'police_lead', 'ig_officer'],
  },
  // Evaluation
  'statistics.national': {
    summary: 'national and hub statistics, after disclosure control',
    roles: ['analyst'],
  },
  'statistics.hub': {
    summary: 'statistics of their own hub, after disclosure control',
    roles: ['hub_lead'],
  },
  // Information governance
  'audit.read': {
    summary: 'search the audit log and read the access log of a record',
    roles: ['ig_officer'],
  },
  'retention.review': {
    summary: 'review the records due for review under the retention rules and decide to keep them',
    roles: ['ig_officer'],
  },
  'subject_access.manage': {
    summary:
      "register subject access requests, gather the person's records, extend deadlines and produce the bundle",
    roles: ['ig_officer'],
  },
  'subject_access.review_health': {
    summary:
      "review the health records gathered for a subject access request of their hub's cases (serious harm test)",
    roles: ['clinician', 'hub_lead'],
  },
  'subject_access.review_police': {
    summary:
      "review the police-provided records gathered for a subject access request of their hub's cases (DPA 2018 s.45)",
    roles: ['police_lead'],
  },
  'disclosure_register.read': {
    summary: 'read the disclosure register',
    roles: ['ig_officer', 'hub_lead'],
  },
  // Service desk
  'users.manage': {
    summary: 'create, edit and disable users; change roles and hubs',
    roles: ['admin'],
  },
  'hubs.manage': {
    summary: 'add, edit and retire hubs, and choose the regions and police forces they serve',
    roles: ['admin'],
  },
} as const satisfies Record<string, { summary: string; roles: readonly Role[] }>;

export type Permission = keyof typeof PERMISSIONS;

export const isPermission = (value: string): value is Permission => value in PERMISSIONS;

/** Whether any of the roles grants the permission. */
export function can(roles: readonly Role[], permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission].roles;
  return roles.some((role) => allowed.includes(role));
}

/** The permissions a set of roles grants. */
export function permissionsOf(roles: readonly Role[]): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(roles, p));
}

/** A role held in a hub, or nationally (hubId null). */
export interface RoleAssignment {
  role: Role;
  hubId: string | null;
}

/** The roles held in one hub (national roles never count in a hub). */
export const rolesIn = (assignments: readonly RoleAssignment[], hubId: string): Role[] => [
  ...new Set(assignments.filter((a) => a.hubId === hubId).map((a) => a.role)),
];

/** The hubs in which a role held there grants the permission, in a fixed order. */
export const hubsGranting = (
  assignments: readonly RoleAssignment[],
  permission: Permission,
): string[] => {
  const allowed: readonly Role[] = PERMISSIONS[permission].roles;
  return [
    ...new Set(
      assignments.filter((a) => a.hubId !== null && allowed.includes(a.role)).map((a) => a.hubId!),
    ),
  ].sort();
};

/** Whether a role held in this hub grants the permission. */
export const canInHub = (
  assignments: readonly RoleAssignment[],
  hubId: string,
  permission: Permission,
): boolean => can(rolesIn(assignments, hubId), permission);
