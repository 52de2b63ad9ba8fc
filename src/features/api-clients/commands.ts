import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { parseForm } from '../../web/forms.ts';
import {
  describeAssignments,
  parseOptions,
  roleFields,
  type CommandResult,
} from '../admin/commands.ts';
import { clientCreateForm } from './client-form.ts';
import { clientAdmin } from './client-service.ts';
import { parsePublicJwk } from './keys.ts';

export const CREATE_CLIENT_USAGE =
  'create-client --name N --organisation O --role ROLE[:HUB] [--role ...] [--hub WM ...] --scope S [--scope ...] --public-key-file F.jwk.json [--may-act-for-users yes|no]';

/** The command-line flag of each form field, to name it in errors. */
const FLAGS: Record<string, string> = {
  name: 'name',
  organisation: 'organisation',
  roles: 'role',
  hubs: 'hub',
  scopes: 'scope',
  mayActForUsers: 'may-act-for-users',
  publicKey: 'public-key-file',
};

/**
 * Adds an API client from the command line, with the same form and rules as the admin page
 * (roles as for create-user; the public key from a JWK file). Prints the client id.
 */
export async function createClientCommand(
  db: Kysely<DB>,
  clock: Clock,
  args: string[],
): Promise<CommandResult> {
  const options = parseOptions(args, {
    single: ['name', 'organisation', 'public-key-file', 'may-act-for-users'],
    repeatable: ['role', 'hub', 'scope'],
  });
  if (!options.ok)
    return { code: 2, out: [], err: [options.error, `Usage: ${CREATE_CLIENT_USAGE}`] };
  const file = options.single['public-key-file'];
  let keyText = '';
  if (file) {
    try {
      keyText = await readFile(file, 'utf8');
    } catch {
      return { code: 1, out: [], err: [`--public-key-file: cannot read ${file}`] };
    }
  }
  const form = parseForm(clientCreateForm, {
    name: options.single.name,
    organisation: options.single.organisation,
    ...roleFields(options.repeated.role!, options.repeated.hub!),
    scopes: options.repeated.scope,
    mayActForUsers: options.single['may-act-for-users'] ?? 'no',
    publicKey: keyText,
  });
  const key = keyText.trim() ? await parsePublicJwk(keyText) : null;
  const flagOf = (field: string) =>
    `--${FLAGS[field] ?? (field.startsWith('hub-') ? 'role' : field)}`;
  const errors = [
    ...(form.ok ? [] : form.errors.summary.map((e) => `${flagOf(e.href.slice(1))}: ${e.text}`)),
    ...(key && !key.ok ? [`--public-key-file: ${key.problem}`] : []),
  ];
  if (!form.ok || !key?.ok) return { code: 1, out: [], err: errors };
  const { assignments, ...rest } = form.data;
  const result = await clientAdmin(db, clock).create(
    { ...rest, assignments, jwk: key.jwk, keyId: key.keyId },
    { userId: null, role: null, hubId: null, requestId: null },
    'cli',
  );
  if (!result.ok)
    return { code: 1, out: [], err: result.errors.map(([f, m]) => `${flagOf(f)}: ${m}`) };
  return {
    code: 0,
    out: [
      `Created API client ${rest.name} (${describeAssignments(assignments)}; scopes ${rest.scopes.join(', ')}).`,
      `Client id: ${result.clientId}`,
      `Key id: ${key.keyId}`,
    ],
    err: [],
  };
}
