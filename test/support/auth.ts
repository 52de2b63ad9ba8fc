import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import type { Profession, Role } from '../../src/domain/roles.ts';
import { replaceAssignments } from '../../src/access/assignments.ts';
import { assignmentsOf } from '../../src/domain/role-assignments.ts';
import { hashPassword, TERMS_VERSION } from '../../src/features/auth/service.ts';
import { newTotpSecret, totpCode } from '../../src/features/auth/totp.ts';
import type { TestApp } from './app.ts';

export interface TestUser {
  id: string;
  email: string;
  name: string;
  password: string;
  totpSecret: string;
}

const PASSWORD = 'correct horse battery staple';

/** A user enrolled for MFA who has accepted the terms, in the given hubs (codes WM, NW, LDN). */
export async function createUser(
  db: Kysely<DB>,
  options: {
    roles: Role[];
    hubCodes?: string[];
    /** Roles held in one hub each (a hub code, or none for a national role), besides `roles`. */
    assignments?: { role: Role; hub?: string }[];
    email?: string;
    name?: string;
    profession?: Profession | null;
  },
): Promise<TestUser> {
  const suffix = randomBytes(4).toString('hex');
  const email = options.email ?? `user-${suffix}@test.cicero.example`;
  const name = options.name ?? `Test ${options.roles.join(' ')} ${suffix}`;
  const totpSecret = newTotpSecret();
  const user = await db
    .insertInto('users')
    .values({
      email,
      name,
      profession:
        options.profession ??
        ([...options.roles, ...(options.assignments ?? []).map((a) => a.role)].some((r) =>
          ['clinician', 'hub_lead', 'senior_clinician'].includes(r),
        )
          ? 'mental_health_nurse'
          : null),
      password_hash: await hashPassword(PASSWORD),
      totp_secret: totpSecret,
      totp_enrolled_at: new Date('2026-01-01T00:00:00Z'),
      terms_version: TERMS_VERSION,
      terms_accepted_at: new Date('2026-01-01T00:00:00Z'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const codes = options.hubCodes ?? [];
  const hubs = await db.selectFrom('hubs').select(['id', 'code']).execute();
  const byCode = new Map(hubs.map((h) => [h.code, h.id]));
  const hubIdsOf = codes.map((code) => byCode.get(code) ?? assert.fail(`unknown hub code ${code}`));
  const assignments = [
    ...assignmentsOf(options.roles, hubIdsOf),
    ...(options.assignments ?? []).map((a) => ({
      role: a.role,
      hubId: a.hub ? (byCode.get(a.hub) ?? assert.fail(`unknown hub code ${a.hub}`)) : null,
    })),
  ];
  await db.transaction().execute((trx) => replaceAssignments(trx, user.id, assignments));
  return { id: user.id, email, name, password: PASSWORD, totpSecret };
}

export interface SignedIn {
  user: TestUser;
  userId: string;
  /** The Cookie header to send with app.inject. */
  cookie: string;
  csrfToken: string;
}

function sessionCookie(setCookie: string | string[] | undefined): string {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const found = all.map((c) => c.split(';')[0]!).find((c) => c.startsWith('cicero_session='));
  assert.ok(found, 'a session cookie was set');
  return found;
}

/** Signs in through the real pages (password, then TOTP) and returns what inject needs. */
export async function signInAs(t: TestApp, user: TestUser): Promise<SignedIn> {
  const page = await t.app.inject({ method: 'GET', url: '/sign-in' });
  let cookie = sessionCookie(page.headers['set-cookie']);
  let csrfToken = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  assert.ok(csrfToken);
  const password = await t.app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { cookie },
    payload: { _csrf: csrfToken, email: user.email, password: user.password },
  });
  assert.equal(password.statusCode, 302, 'password accepted');
  cookie = sessionCookie(password.headers['set-cookie']);
  const codePage = await t.app.inject({ method: 'GET', url: '/sign-in/code', headers: { cookie } });
  csrfToken = /name="_csrf" value="([^"]+)"/.exec(codePage.body)?.[1];
  assert.ok(csrfToken);
  const code = await t.app.inject({
    method: 'POST',
    url: '/sign-in/code',
    headers: { cookie },
    payload: { _csrf: csrfToken, code: totpCode(user.totpSecret, t.clock.now()) },
  });
  assert.equal(code.statusCode, 302, 'code accepted');
  cookie = sessionCookie(code.headers['set-cookie']);
  const home = await t.app.inject({ method: 'GET', url: '/home', headers: { cookie } });
  assert.equal(home.statusCode, 200, 'signed in');
  csrfToken = /name="_csrf" value="([^"]+)"/.exec(home.body)?.[1];
  assert.ok(csrfToken);
  return { user, userId: user.id, cookie, csrfToken };
}

/** Creates a user with these roles and hubs and signs them in. */
export async function signIn(
  t: TestApp,
  options: {
    roles: Role[];
    hubCodes?: string[];
    assignments?: { role: Role; hub?: string }[];
    profession?: Profession | null;
    name?: string;
  },
): Promise<SignedIn> {
  return signInAs(t, await createUser(t.database.db, options));
}

/** The hub id for a pilot hub code. */
export async function hubId(db: Kysely<DB>, code: string): Promise<string> {
  const row = await db
    .selectFrom('hubs')
    .select('id')
    .where('code', '=', code)
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * A fresh security code for a signed-in user, 30 seconds on from their last (a code used
 * already is refused as a replay): what they type on the code page of an action.
 */
export function freshCode(t: TestApp, signedIn: SignedIn): string {
  t.clock.advance(30_000);
  return totpCode(signedIn.user.totpSecret, t.clock.now());
}

/**
 * Confirms a fresh security code (step-up) for a signed-in user, 30 seconds on from their last
 * code so it is not refused as a replay. Returns where the app sent them next.
 */
export async function confirmCode(t: TestApp, signedIn: SignedIn): Promise<string | undefined> {
  t.clock.advance(30_000);
  const response = await t.app.inject({
    method: 'POST',
    url: '/confirm-code',
    headers: { cookie: signedIn.cookie },
    payload: { _csrf: signedIn.csrfToken, code: totpCode(signedIn.user.totpSecret, t.clock.now()) },
  });
  assert.equal(response.statusCode, 302, 'code confirmed');
  return response.headers.location;
}
