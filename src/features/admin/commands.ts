import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { isNationalRole, isRole, ROLE_LABELS, ROLES } from '../../domain/roles.ts';
import { parseForm } from '../../web/forms.ts';
import { sessionStore } from '../auth/sessions.ts';
import { hubField, userCreateForm, type FormAssignment } from './user-form.ts';
import { generatedPassword, userAdmin } from './user-service.ts';

/** What a command prints and its exit code, so the logic is tested without a process. */
export interface CommandResult {
  code: number;
  out: string[];
  err: string[];
}

/**
 * Reads `--name value` options. Options listed in `repeatable` may be given several times.
 * Returns an error message for an unknown option or a missing value.
 */
export function parseOptions(
  args: string[],
  spec: { single: string[]; repeatable: string[] },
):
  | { ok: true; single: Record<string, string>; repeated: Record<string, string[]> }
  | { ok: false; error: string } {
  const single: Record<string, string> = {};
  const repeated: Record<string, string[]> = Object.fromEntries(
    spec.repeatable.map((r) => [r, []]),
  );
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    const [flag, inline] = arg.startsWith('--') ? arg.slice(2).split(/=(.*)/s, 2) : [undefined];
    if (!flag || (!spec.single.includes(flag) && !spec.repeatable.includes(flag)))
      return { ok: false, error: `Unknown option: ${arg}` };
    const value = inline ?? args[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--')))
      return { ok: false, error: `--${flag} needs a value` };
    if (spec.repeatable.includes(flag)) repeated[flag]!.push(value);
    else if (flag in single) return { ok: false, error: `--${flag} is given twice` };
    else single[flag] = value;
  }
  return { ok: true, single, repeated };
}

export const CREATE_USER_USAGE =
  'create-user --email E --name N --role ROLE[:HUB] [--role ROLE[:HUB] ...] [--hub WM ...] [--profession P] [--password P]';

/**
 * The form fields of `--role` and `--hub` options, as the admin page would post them: a role
 * given as ROLE:HUB is held in that hub; a hub role given alone in each `--hub`; a national
 * role alone in no hub. (A hub role with no hub at all is left hub-less for the form to refuse.)
 */
export function roleFields(roles: string[], hubs: string[]): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  const add = (field: string, role: string) => {
    const list = (fields[field] ??= []);
    if (!list.includes(role)) list.push(role);
  };
  const defaultHubs = [...new Set(hubs.map((h) => h.trim().toUpperCase()))];
  for (const given of roles) {
    const [role = '', hub] = given.trim().split(':', 2);
    if (hub !== undefined) add(hubField(hub.trim().toUpperCase()), role);
    else if (!isRole(role) || isNationalRole(role) || defaultHubs.length === 0) add('roles', role);
    else for (const code of defaultHubs) add(hubField(code), role);
  }
  return fields;
}

/** "Clinician in NW, WM; Hub lead in NW; Analyst": what a new account holds, for the CLI. */
export function describeAssignments(assignments: readonly FormAssignment[]): string {
  return ROLES.filter((r) => assignments.some((a) => a.role === r))
    .map((role) => {
      const hubs = assignments
        .filter((a) => a.role === role && a.hub !== null)
        .map((a) => a.hub!)
        .sort();
      return hubs.length ? `${ROLE_LABELS[role]} in ${hubs.join(', ')}` : ROLE_LABELS[role];
    })
    .join('; ');
}

/**
 * Creates a local user from the command line (the first admin, typically), with the same rules
 * as the admin pages. Without --password a strong one is generated and printed once.
 */
export async function createUserCommand(
  db: Kysely<DB>,
  clock: Clock,
  args: string[],
): Promise<CommandResult> {
  const options = parseOptions(args, {
    single: ['email', 'name', 'password', 'profession'],
    repeatable: ['role', 'hub'],
  });
  if (!options.ok) return { code: 2, out: [], err: [options.error, `Usage: ${CREATE_USER_USAGE}`] };
  const generated = options.single.password === undefined;
  const password = options.single.password ?? generatedPassword();
  const form = parseForm(userCreateForm, {
    email: options.single.email,
    name: options.single.name,
    ...roleFields(options.repeated.role!, options.repeated.hub!),
    profession: options.single.profession,
    password,
  });
  if (!form.ok) {
    const flag: Record<string, string> = { roles: 'role', hubs: 'hub' };
    return {
      code: 1,
      out: [],
      err: form.errors.summary.map((e) => {
        const field = e.href.slice(1);
        return `--${flag[field] ?? (field.startsWith('hub-') ? 'role' : field)}: ${e.text}`;
      }),
    };
  }
  // The CLI has no sessions of its own; the store is only for the service's signature.
  const users = userAdmin(
    db,
    clock,
    sessionStore(db, clock, { idleMinutes: 30, absoluteHours: 12 }),
  );
  const result = await users.create(
    form.data,
    { userId: null, role: null, hubId: null, requestId: null },
    'cli',
  );
  if (!result.ok) return { code: 1, out: [], err: result.errors.map(([f, m]) => `--${f}: ${m}`) };
  return {
    code: 0,
    out: [
      `Created ${form.data.email} (${describeAssignments(form.data.assignments)}).`,
      ...(generated
        ? [`Initial password (shown once, not stored anywhere readable): ${password}`]
        : []),
      'At their first sign-in they set up an authenticator app and accept the terms of use.',
    ],
    err: [],
  };
}
