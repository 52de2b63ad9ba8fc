import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { ROLE_LABELS } from '../../domain/roles.ts';
import { parseForm } from '../../web/forms.ts';
import { sessionStore } from '../auth/sessions.ts';
import { userCreateForm } from './forms.ts';
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
  'create-user --email E --name N --role R [--role R ...] [--hub WM ...] [--profession P] [--password P]';

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
    roles: options.repeated.role,
    hubs: options.repeated.hub!.map((h) => h.toUpperCase()),
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
        return `--${flag[field] ?? field}: ${e.text}`;
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
  const roles = form.data.roles.map((r) => ROLE_LABELS[r]).join(', ');
  return {
    code: 0,
    out: [
      `Created ${form.data.email} (${roles}${form.data.hubs.length ? ` in ${form.data.hubs.join(', ')}` : ''}).`,
      ...(generated
        ? [`Initial password (shown once, not stored anywhere readable): ${password}`]
        : []),
      'At their first sign-in they set up an authenticator app and accept the terms of use.',
    ],
    err: [],
  };
}
