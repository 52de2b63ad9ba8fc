import { randomBytes } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { isRole, PROFESSIONS, type Profession, type Role } from '../../domain/roles.ts';
import { isLocked } from '../../domain/sign-in-throttle.ts';
import { assignmentChanges, normalised } from '../../domain/user-accounts.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import { hashPassword } from '../auth/service.ts';
import type { SessionStore } from '../auth/sessions.ts';
import type { UserCreateInput, UserEditInput, UserSearch } from './forms.ts';

export const USERS_PER_PAGE = 25;

/** A user as the admin pages show it: account facts, never case content. */
export interface UserRecord {
  id: string;
  name: string;
  email: string;
  status: 'active' | 'disabled';
  locked: boolean;
  profession: Profession | null;
  roles: Role[];
  hubCodes: string[];
  mfaEnrolled: boolean;
  termsAccepted: boolean;
  version: number;
}

export interface UserListRow {
  id: string;
  name: string;
  email: string;
  status: 'active' | 'disabled';
  locked: boolean;
  roles: Role[];
  hubCodes: string[];
}

type Executor = Kysely<DB> | Transaction<DB>;
type FieldError = [field: string, message: string];

const rolesOf = sql<
  string[]
>`coalesce((SELECT array_agg(role ORDER BY role) FROM user_roles r WHERE r.user_id = u.id), '{}')`;
const hubCodesOf = sql<
  string[]
>`coalesce((SELECT array_agg(h.code ORDER BY h.code) FROM user_hubs uh JOIN hubs h ON h.id = uh.hub_id WHERE uh.user_id = u.id), '{}')`;

const asProfession = (value: string | null): Profession | null =>
  (PROFESSIONS as readonly string[]).includes(value ?? '') ? (value as Profession) : null;

/** A LIKE pattern that matches the text literally anywhere. */
const containing = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** A password for the first admin when none is given: 24 characters from 18 random bytes. */
export const generatedPassword = (): string => randomBytes(18).toString('base64url');

/** Users: listing, creation, editing with optimistic versions, and account actions. */
export function userAdmin(db: Kysely<DB>, clock: Clock, sessions: SessionStore) {
  async function find(executor: Executor, id: string, lock = false): Promise<UserRecord | null> {
    let query = executor
      .selectFrom('users as u')
      .select([
        'u.id',
        'u.name',
        'u.email',
        'u.status',
        'u.profession',
        'u.locked_until',
        'u.totp_enrolled_at',
        'u.terms_version',
        'u.version',
        rolesOf.as('roles'),
        hubCodesOf.as('hub_codes'),
      ])
      .where('u.id', '=', id);
    if (lock) query = query.forUpdate();
    const row = await query.executeTakeFirst();
    if (!row) return null;
    return {
      id: row.id,
      name: row.name,
      email: row.email,
      status: row.status,
      locked: isLocked(row.locked_until, clock.now()),
      profession: asProfession(row.profession),
      roles: row.roles.filter(isRole),
      hubCodes: row.hub_codes,
      mfaEnrolled: row.totp_enrolled_at !== null,
      termsAccepted: row.terms_version !== null,
      version: row.version,
    };
  }

  /** Hub ids for codes, or the error to show when one is unknown. */
  async function hubIds(executor: Executor, codes: string[]) {
    if (codes.length === 0) return { ok: true as const, ids: [] as string[] };
    const rows = await executor
      .selectFrom('hubs')
      .select('id')
      .where('code', 'in', codes)
      .execute();
    return rows.length === new Set(codes).size
      ? { ok: true as const, ids: rows.map((r) => r.id) }
      : { ok: false as const, error: ['hubs', 'Select hubs from the list'] as FieldError };
  }

  async function setAssignment(
    trx: Transaction<DB>,
    userId: string,
    roles: Role[],
    hubs: string[],
  ) {
    await trx.deleteFrom('user_roles').where('user_id', '=', userId).execute();
    await trx.deleteFrom('user_hubs').where('user_id', '=', userId).execute();
    if (roles.length)
      await trx
        .insertInto('user_roles')
        .values(roles.map((role) => ({ user_id: userId, role })))
        .execute();
    if (hubs.length)
      await trx
        .insertInto('user_hubs')
        .values(hubs.map((hub_id) => ({ user_id: userId, hub_id })))
        .execute();
  }

  /** Changes one account's columns, bumps its version and audits the event, atomically. */
  async function accountAction(
    id: string,
    actor: AuditActor,
    event: string,
    change: Partial<{
      status: 'active' | 'disabled';
      failed_sign_ins: number;
      locked_until: null;
      totp_secret: null;
      totp_enrolled_at: null;
      last_totp_step: null;
    }>,
    endSessions: boolean,
  ): Promise<boolean> {
    return db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('users')
        .set({ ...change, updated_at: clock.now(), version: sql`version + 1` })
        .where('id', '=', id)
        .returning('id')
        .executeTakeFirst();
      if (!updated) return false;
      if (endSessions) await sessions.endAllFor(id, trx);
      await recordAudit(trx, clock, actor, {
        action: 'admin',
        subjectType: 'user',
        subjectId: id,
        detail: { event },
      });
      return true;
    });
  }

  return {
    find: (id: string) => find(db, id),

    async search(filter: UserSearch): Promise<{ rows: UserListRow[]; total: number }> {
      const now = clock.now();
      let query = db.selectFrom('users as u');
      if (filter.q) {
        const pattern = containing(filter.q);
        query = query.where((eb) =>
          eb.or([
            eb(eb.fn('lower', ['u.name']), 'like', pattern),
            eb(eb.fn('lower', ['u.email']), 'like', pattern),
          ]),
        );
      }
      if (filter.role) {
        const role = filter.role;
        query = query.where((eb) =>
          eb.exists(
            eb
              .selectFrom('user_roles as r')
              .select('r.role')
              .whereRef('r.user_id', '=', 'u.id')
              .where('r.role', '=', role),
          ),
        );
      }
      if (filter.hub) {
        const code = filter.hub;
        query = query.where((eb) =>
          eb.exists(
            eb
              .selectFrom('user_hubs as uh')
              .innerJoin('hubs as h', 'h.id', 'uh.hub_id')
              .select('uh.hub_id')
              .whereRef('uh.user_id', '=', 'u.id')
              .where('h.code', '=', code),
          ),
        );
      }
      if (filter.status === 'disabled') query = query.where('u.status', '=', 'disabled');
      if (filter.status === 'active') {
        query = query
          .where('u.status', '=', 'active')
          .where((eb) =>
            eb.or([eb('u.locked_until', 'is', null), eb('u.locked_until', '<=', now)]),
          );
      }
      if (filter.status === 'locked') query = query.where('u.locked_until', '>', now);

      const counted = await query
        .select(sql<number>`count(*)::int`.as('total'))
        .executeTakeFirstOrThrow();
      const rows = await query
        .select([
          'u.id',
          'u.name',
          'u.email',
          'u.status',
          'u.locked_until',
          rolesOf.as('roles'),
          hubCodesOf.as('hub_codes'),
        ])
        .orderBy(sql`lower(u.name)`)
        .orderBy('u.id')
        .limit(USERS_PER_PAGE)
        .offset((filter.page - 1) * USERS_PER_PAGE)
        .execute();
      return {
        total: counted.total,
        rows: rows.map((r) => ({
          id: r.id,
          name: r.name,
          email: r.email,
          status: r.status,
          locked: isLocked(r.locked_until, now),
          roles: r.roles.filter(isRole),
          hubCodes: r.hub_codes,
        })),
      };
    },

    /**
     * Creates a user who signs in first with the initial password, then enrols their
     * authenticator app and accepts the terms of use.
     */
    async create(
      input: UserCreateInput,
      actor: AuditActor,
      via: 'web' | 'cli' = 'web',
    ): Promise<{ ok: true; id: string } | { ok: false; errors: FieldError[] }> {
      const assignment = normalised({
        name: input.name,
        roles: input.roles,
        hubCodes: input.hubs,
        profession: input.profession,
      });
      const passwordHash = await hashPassword(input.password);
      return db.transaction().execute(async (trx) => {
        const taken = await trx
          .selectFrom('users')
          .select('id')
          .where((eb) => eb(eb.fn('lower', ['email']), '=', input.email.toLowerCase()))
          .executeTakeFirst();
        if (taken)
          return {
            ok: false,
            errors: [['email', 'A user with this email address already exists']],
          };
        const hubs = await hubIds(trx, assignment.hubCodes);
        if (!hubs.ok) return { ok: false, errors: [hubs.error] };
        const now = clock.now();
        const user = await trx
          .insertInto('users')
          .values({
            email: input.email,
            name: assignment.name,
            profession: assignment.profession,
            password_hash: passwordHash,
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await setAssignment(trx, user.id, assignment.roles, hubs.ids);
        await recordAudit(trx, clock, actor, {
          action: 'admin',
          subjectType: 'user',
          subjectId: user.id,
          detail: {
            event: 'user-created',
            via,
            roles: assignment.roles,
            hubs: assignment.hubCodes,
            profession: assignment.profession,
          },
        });
        return { ok: true, id: user.id };
      });
    },

    /**
     * Saves an edit made against `input.version`. A save against an older version changes
     * nothing and returns the current record, so the admin can compare and redo it.
     */
    async update(
      id: string,
      input: UserEditInput,
      actor: AuditActor,
    ): Promise<
      | { kind: 'saved' }
      | { kind: 'not-found' }
      | { kind: 'conflict'; current: UserRecord }
      | { kind: 'invalid'; errors: FieldError[] }
    > {
      return db.transaction().execute(async (trx) => {
        const current = await find(trx, id, true);
        if (!current) return { kind: 'not-found' as const };
        if (current.version !== input.version) return { kind: 'conflict' as const, current };
        const after = normalised({
          name: input.name,
          roles: input.roles,
          hubCodes: input.hubs,
          profession: input.profession,
        });
        const hubs = await hubIds(trx, after.hubCodes);
        if (!hubs.ok) return { kind: 'invalid' as const, errors: [hubs.error] };
        const changes = assignmentChanges(current, after);
        if (changes.changed.length === 0) return { kind: 'saved' as const };
        await trx
          .updateTable('users')
          .set({
            name: after.name,
            profession: after.profession,
            updated_at: clock.now(),
            version: sql`version + 1`,
          })
          .where('id', '=', id)
          .where('version', '=', input.version)
          .execute();
        await setAssignment(trx, id, after.roles, hubs.ids);
        await recordAudit(trx, clock, actor, {
          action: 'admin',
          subjectType: 'user',
          subjectId: id,
          detail: { event: 'user-edited', ...changes },
        });
        return { kind: 'saved' as const };
      });
    },

    /** Disabling ends every session of the user in the same transaction. */
    disable: (id: string, actor: AuditActor) =>
      accountAction(id, actor, 'user-disabled', { status: 'disabled' }, true),
    enable: (id: string, actor: AuditActor) =>
      accountAction(id, actor, 'user-enabled', { status: 'active' }, false),
    unlock: (id: string, actor: AuditActor) =>
      accountAction(id, actor, 'user-unlocked', { failed_sign_ins: 0, locked_until: null }, false),
    /** The user sets up an authenticator app again at their next sign-in. */
    resetMfa: (id: string, actor: AuditActor) =>
      accountAction(
        id,
        actor,
        'mfa-reset',
        { totp_secret: null, totp_enrolled_at: null, last_totp_step: null },
        true,
      ),

    async hubOptions(): Promise<{ code: string; name: string; status: string }[]> {
      return db.selectFrom('hubs').select(['code', 'name', 'status']).orderBy('name').execute();
    },
  };
}

export type UserAdmin = ReturnType<typeof userAdmin>;
