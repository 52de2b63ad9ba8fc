import {
  NATIONAL_ROLES,
  PROFESSIONS,
  PROFESSION_LABELS,
  ROLES,
  ROLE_LABELS,
  SIDE_LABELS,
  SIDE_OF,
  SIDES,
  type Profession,
  type Role,
} from '../../domain/roles.ts';
import { labelOf } from '../../domain/reference/list.ts';
import { POLICE_FORCES } from '../../domain/reference/policing.ts';
import type { FormErrors } from '../../web/forms.ts';
import { USER_STATUS_FILTERS, type UserSearch } from './forms.ts';
import { assignmentFields, hubField, hubsOfAssignments, type FormAssignment } from './user-form.ts';
import { USERS_PER_PAGE, type UserListRow, type UserRecord } from './user-service.ts';

type Values = Record<string, unknown>;

/** Hints under the role checkboxes, for the roles whose name alone does not say enough. */
const ROLE_HINTS: Partial<Record<Role, string>> = {
  senior_clinician:
    'A clinician who may also sign off formulations in their hub (never their own). Select Clinician too.',
};
interface HubOption {
  code: string;
  name: string;
  status: string;
}

const text = (values: Values, key: string): string => {
  const v = values[key];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
};
const many = (values: Values, key: string): string[] => {
  const v = values[key];
  return Array.isArray(v)
    ? v.filter((x) => typeof x === 'string')
    : typeof v === 'string'
      ? [v]
      : [];
};
const errorParts = (errors?: FormErrors) => ({
  errorSummary: errors?.summary ?? [],
  errors: errors?.byField ?? {},
});

const forceName = (code: string | null | undefined) =>
  code ? labelOf(POLICE_FORCES, code as never) : 'Not recorded';

const roleList = (roles: readonly Role[]) => roles.map((r) => ROLE_LABELS[r]).join(', ');

/** Roles held in a hub, in the order of ROLES. */
const HUB_ROLE_LIST: readonly Role[] = ROLES.filter((r) => !NATIONAL_ROLES.includes(r));

/** "WM: Clinician, Hub lead" per hub, then "National: Analyst": the roles where they are held. */
export function rolesPerHub(
  assignments: readonly (FormAssignment & { hubName?: string | null })[],
): { where: string; roles: string }[] {
  const places = [...new Set(assignments.map((a) => a.hub))].sort((a, b) =>
    (a ?? '~').localeCompare(b ?? '~'),
  );
  return places.map((hub) => {
    const here = assignments.filter((a) => a.hub === hub);
    const name = here[0]?.hubName;
    return {
      where: hub === null ? 'National' : name ? `${name} (${hub})` : hub,
      roles: roleList(ROLES.filter((r) => here.some((a) => a.role === r))),
    };
  });
}

const perHubText = (assignments: readonly FormAssignment[]) =>
  rolesPerHub(assignments)
    .map((p) => `${p.where}: ${p.roles}`)
    .join('; ');

/** The hint under the roles: which roles go together, and which never do. */
const SIDES_HINT = `One account holds roles of one side only: ${SIDES.map(
  (side) =>
    `${SIDE_LABELS[side]} (${roleList(ROLES.filter((r) => SIDE_OF[r] === side)).toLowerCase()})`,
).join(
  ', ',
)}. Someone who works on two sides needs two accounts. A role in a hub applies to that hub's cases only.`;
const hubList = (codes: readonly string[]) =>
  codes.length ? [...codes].sort().join(', ') : 'All hubs';

function statusTag(user: { status: 'active' | 'disabled'; locked: boolean }) {
  if (user.status === 'disabled') return { text: 'Disabled', classes: 'govuk-tag--grey' };
  if (user.locked) return { text: 'Locked', classes: 'govuk-tag--red' };
  return { text: 'Active', classes: 'govuk-tag--green' };
}

const STATUS_LABELS: Record<(typeof USER_STATUS_FILTERS)[number], string> = {
  active: 'Active',
  disabled: 'Disabled',
  locked: 'Locked',
};

export function usersPage(input: {
  filter: Partial<UserSearch>;
  rows: UserListRow[];
  total: number;
  hubs: HubOption[];
  errors?: FormErrors;
}) {
  const page = input.filter.page ?? 1;
  const pages = Math.max(1, Math.ceil(input.total / USERS_PER_PAGE));
  const first = input.total === 0 ? 0 : (page - 1) * USERS_PER_PAGE + 1;
  const last = Math.min(input.total, page * USERS_PER_PAGE);
  const selected = (value: string | undefined) => (options: { value: string; text: string }[]) =>
    [{ value: '', text: 'Any' }, ...options].map((o) => ({
      ...o,
      selected: o.value === (value ?? ''),
    }));
  return {
    title: 'Users',
    ...errorParts(input.errors),
    q: input.filter.q ?? '',
    roleItems: selected(input.filter.role)(ROLES.map((r) => ({ value: r, text: ROLE_LABELS[r] }))),
    hubItems: selected(input.filter.hub)(input.hubs.map((h) => ({ value: h.code, text: h.name }))),
    statusItems: selected(input.filter.status)(
      USER_STATUS_FILTERS.map((s) => ({ value: s, text: STATUS_LABELS[s] })),
    ),
    rows: input.rows.map((u) => ({
      href: `/admin/users/${u.id}`,
      name: u.name,
      email: u.email,
      roles: roleList(u.roles),
      hubs: hubList(u.hubCodes),
      status: statusTag(u),
    })),
    resultText:
      input.total === 0
        ? 'No users match'
        : `Showing ${first} to ${last} of ${input.total} ${input.total === 1 ? 'user' : 'users'}`,
    // Filters travel in the pagination forms' hidden fields: a search by name stays out of URLs.
    pagination: {
      page,
      pages,
      previous: page > 1 ? page - 1 : null,
      next: page < pages ? page + 1 : null,
      hidden: [
        { name: 'q', value: input.filter.q ?? '' },
        { name: 'role', value: input.filter.role ?? '' },
        { name: 'hub', value: input.filter.hub ?? '' },
        { name: 'status', value: input.filter.status ?? '' },
      ],
    },
  };
}

const NOTICES: Record<string, string> = {
  created: 'User created. Give them their initial password by a separate, secure route.',
  saved: 'Changes saved.',
  disabled: 'User disabled. Their sessions have ended.',
  enabled: 'User enabled. They can sign in again.',
  unlocked: 'Account unlocked. They can try to sign in again.',
  'mfa-reset':
    'Security codes reset. They will set up their authenticator app at their next sign-in.',
};

export function userPage(input: {
  user: UserRecord;
  notice?: string;
  self: boolean;
  errors?: FormErrors;
}) {
  const u = input.user;
  return {
    title: u.name,
    ...errorParts(input.errors),
    notice: input.notice ? (NOTICES[input.notice] ?? null) : null,
    status: statusTag(u),
    rows: [
      { key: { text: 'Email address' }, value: { text: u.email } },
      // Then the roles per hub (the template lists them), then the hubs.
      { key: { text: 'Hubs' }, value: { text: hubList(u.hubCodes) } },
      {
        key: { text: 'Profession' },
        value: { text: u.profession ? PROFESSION_LABELS[u.profession] : 'Not applicable' },
      },
      ...(u.roles.some((r) => SIDE_OF[r] === 'police')
        ? [{ key: { text: 'Police force' }, value: { text: forceName(u.force) } }]
        : []),
      { key: { text: 'Status' }, value: { text: statusTag(u).text } },
      {
        key: { text: 'Authenticator app' },
        value: { text: u.mfaEnrolled ? 'Set up' : 'Not set up yet: set up at next sign-in' },
      },
      {
        key: { text: 'Terms of use' },
        value: { text: u.termsAccepted ? 'Accepted' : 'Not yet accepted' },
      },
    ],
    rolesPerHub: rolesPerHub(u.assignments),
    editHref: `/admin/users/${u.id}/edit`,
    actionBase: `/admin/users/${u.id}`,
    canDisable: u.status === 'active' && !input.self,
    canEnable: u.status === 'disabled',
    canUnlock: u.locked,
    canResetMfa: u.mfaEnrolled && !input.self,
    // Refused with the reason for single sign-on accounts (src/domain/password-reset.ts).
    canResetPassword: u.status === 'active' && !input.self,
  };
}

/**
 * The role checkboxes of a form (views/role-fields.njk): one group per hub and the national
 * roles, ticked as in `values`. The user form's and the API client form's.
 */
export function roleFieldsView(v: Values, hubs: readonly HubOption[]) {
  return {
    rolesHint: SIDES_HINT,
    // One group of checkboxes per hub; the first box of the first group is where a summary
    // link about hubs lands, the first national role where one about roles lands.
    hubGroups: hubs.map((h, i) => ({
      name: hubField(h.code),
      legend: `${h.name} (${h.code})${h.status === 'closed' ? ': closed' : ''}`,
      items: HUB_ROLE_LIST.map((r, j) => ({
        value: r,
        text: ROLE_LABELS[r],
        ...(i === 0 && j === 0 ? { id: 'hubs' } : {}),
        hint: ROLE_HINTS[r] ? { text: ROLE_HINTS[r] } : undefined,
      })),
      values: many(v, hubField(h.code)),
    })),
    nationalItems: NATIONAL_ROLES.map((r) => ({ value: r, text: ROLE_LABELS[r] })),
    roles: many(v, 'roles'),
  };
}

export function userFormPage(input: {
  mode: 'create' | 'edit';
  values: Values;
  hubs: HubOption[];
  errors?: FormErrors;
  user?: { id: string; email: string };
}) {
  const v = input.values;
  return {
    title: input.mode === 'create' ? 'Add a user' : 'Edit user',
    mode: input.mode,
    ...errorParts(input.errors),
    action: input.mode === 'create' ? '/admin/users' : `/admin/users/${input.user?.id}`,
    backHref: input.mode === 'create' ? '/admin/users' : `/admin/users/${input.user?.id}`,
    email: input.mode === 'create' ? text(v, 'email') : (input.user?.email ?? ''),
    name: text(v, 'name'),
    version: text(v, 'version'),
    ...roleFieldsView(v, input.hubs),
    professionItems: PROFESSIONS.map((p) => ({
      value: p,
      text: PROFESSION_LABELS[p],
      checked: text(v, 'profession') === p,
    })),
    forceItems: [
      { value: '', text: 'Not a police account, or not recorded' },
      ...POLICE_FORCES.map((f) => ({
        value: f.code,
        text: f.label,
        selected: text(v, 'force') === f.code,
      })),
    ],
  };
}

/** The values of a saved user, as the edit form holds them. */
export const userFormValues = (u: UserRecord): Values => ({
  name: u.name,
  ...assignmentFields(u.assignments),
  profession: u.profession ?? '',
  force: u.force ?? '',
  version: String(u.version),
});

export function userConflictPage(input: {
  current: UserRecord;
  yours: {
    name: string;
    assignments: FormAssignment[];
    profession: Profession | null;
    force: string | null;
  };
}) {
  const c = input.current;
  const y = input.yours;
  const profession = (p: Profession | null) => (p ? PROFESSION_LABELS[p] : 'Not applicable');
  return {
    title: 'This user was changed since you opened it',
    intro:
      'Someone else saved changes to this user after you opened the form. Nothing you entered has been saved. Compare the two versions, then open the current version and make your changes again.',
    rows: [
      ['Full name', y.name, c.name],
      ['Roles', perHubText(y.assignments), perHubText(c.assignments)],
      ['Hubs', hubList(hubsOfAssignments(y.assignments)), hubList(c.hubCodes)],
      ['Profession', profession(y.profession), profession(c.profession)],
      ['Police force', forceName(y.force), forceName(c.force)],
    ].map(([field, yours, current]) => ({ field, yours, current })),
    reopenHref: `/admin/users/${c.id}/edit`,
    reopenText: 'Open the current version',
  };
}
