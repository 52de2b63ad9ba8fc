import { z } from 'zod';
import { passwordProblem } from '../../domain/passwords.ts';
import { codesOf } from '../../domain/reference/list.ts';
import { POLICE_FORCES } from '../../domain/reference/policing.ts';
import { assignmentProblems } from '../../domain/role-assignments.ts';
import {
  isNationalRole,
  isRole,
  PROFESSIONS,
  ROLE_LABELS,
  ROLES,
  SIDE_OF,
  sideConflict,
  type Role,
} from '../../domain/roles.ts';
import { ADDED_TO, needsProfession, withoutBaseRole } from '../../domain/user-accounts.ts';
import { email, HUB_CODE } from './forms.ts';

/**
 * The user form's roles, held in hubs: one group of checkboxes per hub, named `hub-<CODE>`
 * (e.g. `hub-WM`) with role codes as values, and the national roles (analyst, IG officer,
 * admin) in `roles`. Errors about roles are keyed `roles`, errors about hubs `hubs`.
 */
export const HUB_FIELD = 'hub-';
export const hubField = (code: string): string => `${HUB_FIELD}${code}`;

/** A role as the form gives it: in a hub (its code), or national (null). */
export interface FormAssignment {
  role: Role;
  hub: string | null;
}

/** Checkboxes send nothing, one value, or several: always a list of strings. */
const listOf = (v: unknown): string[] =>
  v === undefined || v === ''
    ? []
    : (Array.isArray(v) ? (v as unknown[]) : [v]).map((x) => (typeof x === 'string' ? x : ''));

interface Posted {
  national: string[];
  hubs: [code: string, roles: string[]][];
}

/** The roles of a posted form, national and per hub (hub groups with nothing ticked omitted). */
function postedRoles(values: Record<string, unknown>): Posted {
  const hubs = Object.entries(values)
    .filter(([key]) => key.startsWith(HUB_FIELD))
    .map(([key, v]): [string, string[]] => [key.slice(HUB_FIELD.length), listOf(v)])
    .filter(([, roles]) => roles.length > 0)
    .sort(([a], [b]) => a.localeCompare(b));
  return { national: listOf(values.roles), hubs };
}

const HUB_ROLE_NEEDS_HUB =
  'Select at least one hub for a case officer, clinician, hub lead or police lead';

/**
 * What is wrong with the posted roles, as (field, message) pairs in the summary's order.
 * `profession` is undefined where the form asks for none (an API client's service account).
 */
function roleIssues(
  posted: Posted,
  profession: { asked: boolean; value: unknown },
  force: unknown = null,
): [string, string][] {
  const all = [...posted.national, ...posted.hubs.flatMap(([, roles]) => roles)];
  const issues: [string, string][] = [];
  if (posted.hubs.length > 20 || all.length > 100) return [['roles', 'Select fewer roles']];
  if (posted.hubs.some(([code]) => !HUB_CODE.test(code)))
    issues.push(['hubs', 'Select hubs from the list']);
  if (!all.every(isRole)) return [...issues, ['roles', 'Select roles from the list']];
  const roles = all.filter(isRole);
  if (roles.length === 0) return [...issues, ['roles', 'Select at least one role']];
  const conflict = sideConflict([...new Set(roles)]);
  if (conflict) issues.push(['roles', conflict]);
  if (posted.national.filter(isRole).some((r) => !isNationalRole(r)))
    issues.push(['hubs', HUB_ROLE_NEEDS_HUB]);
  for (const [, hubRoles] of posted.hubs) {
    for (const role of withoutBaseRole(hubRoles.filter(isRole))) {
      const base = ADDED_TO[role]!;
      issues.push([
        'roles',
        `Select ${ROLE_LABELS[base]} as well: a ${ROLE_LABELS[role].toLowerCase()} also holds the ${ROLE_LABELS[base].toLowerCase()} role`,
      ]);
    }
  }
  // The shared rules (domain/role-assignments.ts), for what the checks above do not name.
  const assignments = toAssignments(posted).map((a) => ({ role: a.role, hubId: a.hub }));
  for (const problem of assignmentProblems(assignments)) {
    const covered =
      problem === conflict ||
      problem.startsWith('A senior clinician') ||
      problem.endsWith('must be held in a hub');
    if (!covered) issues.push(['roles', problem]);
  }
  if (force && roles.some((r) => SIDE_OF[r] !== 'police'))
    issues.push(['force', 'Only a police account has a police force: leave it empty']);
  if (
    profession.asked &&
    needsProfession(roles) &&
    (profession.value === null || profession.value === undefined)
  )
    issues.push(['profession', 'Select the profession of a clinician or hub lead']);
  return issues;
}

function toAssignments(posted: Posted): FormAssignment[] {
  const national = posted.national
    .filter(isRole)
    .map((role): FormAssignment => ({ role, hub: null }));
  const inHubs = posted.hubs.flatMap(([hub, roles]) =>
    roles.filter(isRole).map((role): FormAssignment => ({ role, hub })),
  );
  const seen = new Set<string>();
  return [...national, ...inHubs]
    .filter((a) => {
      const key = `${a.role}:${a.hub ?? ''}`;
      return seen.has(key) ? false : (seen.add(key), true);
    })
    .sort(
      (a, b) =>
        (a.hub ?? '').localeCompare(b.hub ?? '') || ROLES.indexOf(a.role) - ROLES.indexOf(b.role),
    );
}

const name = z
  .string({ error: 'Enter the full name' })
  .trim()
  .min(1, 'Enter the full name')
  .max(100, 'Full name must be 100 characters or fewer');

const profession = z.preprocess(
  (v) => (v === '' || v === undefined ? null : v),
  z.enum(PROFESSIONS, { error: 'Select a profession from the list' }).nullable(),
);

/** A police account's force: its requests go to the hub serving that force (docs/hubs.md). */
const force = z.preprocess(
  (v) => (v === '' || v === undefined ? null : v),
  z
    .enum(codesOf(POLICE_FORCES) as [string, ...string[]], {
      error: 'Select a police force from the list',
    })
    .nullable(),
);

const password = z
  .string({ error: 'Enter an initial password' })
  .min(1, 'Enter an initial password')
  .superRefine((p, ctx) => {
    const problem = passwordProblem(p);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const version = z.coerce
  .number({ error: 'The form is out of date: open the user again' })
  .int()
  .positive();

/**
 * Adds the roles of a posted form to an object schema's output, with their GOV.UK errors (also
 * the API client form's, src/features/api-clients, which asks for no profession).
 */
export function withRoles<S extends z.ZodObject>(schema: S, options = { profession: true }) {
  return z.preprocess(
    (raw) => (raw && typeof raw === 'object' ? raw : {}),
    schema
      .extend({ roles: z.unknown().optional() })
      .passthrough()
      .superRefine((value, ctx) => {
        const given: Record<string, unknown> = value;
        const profession = { asked: options.profession, value: given.profession };
        const issues = roleIssues(postedRoles(given), profession, given.force);
        for (const [field, message] of issues) {
          ctx.addIssue({ code: 'custom', path: [field], message });
        }
      })
      .transform((value) => {
        const given: Record<string, unknown> = value;
        // The schema's own fields; the roles become assignments.
        const fields = Object.fromEntries(
          Object.entries(given).filter(([key]) => key in schema.shape),
        ) as z.output<S>;
        return { ...fields, assignments: toAssignments(postedRoles(given)) };
      }),
  );
}

export const userCreateForm = withRoles(z.object({ name, email, profession, force, password }));
export type UserCreateInput = z.output<typeof userCreateForm>;

export const userEditForm = withRoles(z.object({ name, profession, force, version }));
export type UserEditInput = z.output<typeof userEditForm>;

/** The form fields that hold these assignments, to show the form again. */
export function assignmentFields(assignments: readonly FormAssignment[]): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const a of assignments) {
    const key = a.hub === null ? 'roles' : hubField(a.hub);
    (fields[key] ??= []).push(a.role);
  }
  return fields;
}

/** Distinct roles (in the order of ROLES) and hub codes (sorted) of assignments. */
export const rolesOfAssignments = (assignments: readonly FormAssignment[]): Role[] =>
  ROLES.filter((r) => assignments.some((a) => a.role === r));
export const hubsOfAssignments = (assignments: readonly FormAssignment[]): string[] =>
  [...new Set(assignments.flatMap((a) => (a.hub === null ? [] : [a.hub])))].sort();

/** "clinician:WM" / "analyst": an assignment as a code for the audit log and comparisons. */
export const assignmentCode = (a: FormAssignment): string =>
  a.hub === null ? a.role : `${a.role}:${a.hub}`;
