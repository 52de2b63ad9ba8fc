import { randomBytes } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { replaceAssignments } from '../../access/assignments.ts';
import { isRole, PROFESSIONS, ROLES, type Profession, type Role } from '../../domain/roles.ts';
import { isLocked } from '../../domain/sign-in-throttle.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import { hashPassword } from '../auth/service.ts';
import type { SessionStore } from '../auth/sessions.ts';
import type { UserSearch } from './forms.ts';
import { createdDetail, editedDetail } from './user-audit.ts';
import type { FormAssignment, UserCreateInput, UserEditInput } from './user-form.ts';

export const USERS_PER_PAGE = 25;

/** A user as the admin pages show it: account facts, never case content. */
export interface UserRecord {
  id: string;
  name: string;
  email: string;
  status: 'active' | 'disabled';
  locked: boolean;
  profession: Profession | null;
  force: string | null;
  /** Distinct roles (in the order of ROLES) and hub codes (sorted), for lists and filters. */
  roles: Role[];
  hubCodes: string[];
  /** Each role where it is held: a hub (code and name) or nationally (null). */
  assignments: (FormAssignment & { hubName: string | null })[];
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
>`coalesce((SELECT array_agg(DISTINCT ra.role) FROM role_assignments ra WHERE ra.user_id = u.id), '{}')`;
const hubCodesOf = sql<
  string[]
>`coalesce((SELECT array_agg(DISTINCT h.code) FROM role_assignments ra JOIN hubs h ON h.id = ra.hub_id WHERE ra.user_id = u.id), '{}')`;

const inRoleOrder = (roles: string[]): Role[] => ROLES.filter((r) => roles.includes(r));

const asProfession = (value: string | null): Profession | null =>
  (PROFESSIONS as readonly string[]).includes(value ?? '') ? (value as Profession) : null;

/** A LIKE pattern that matches the text literally anywhere. */
const containing = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** A password for the first admin when none is given: 24 characters from 18 random bytes. */
export const generatedPassword = (): string => randomBytes(18).toString('base64url');

/**
 * The assignments with hub ids for codes, or the error to show when a hub is unknown (users
 * here, API clients in src/features/api-clients).
 */
export async function withHubIds(executor: Executor, assignments: readonly FormAssignment[]) {
  const codes = [...new Set(assignments.flatMap((a) => (a.hub === null ? [] : [a.hub])))];
  const rows = codes.length
    ? await executor.selectFrom('hubs').select(['id', 'code']).where('code', 'in', codes).execute()
    : [];
  const idOf = new Map(rows.map((r) => [r.code, r.id]));
  if (idOf.size !== codes.length)
    return { ok: false as const, error: ['hubs', 'Select hubs from the list'] as FieldError };
  return {
    ok: true as const,
    assignments: assignments.map((a) => ({
      role: a.role,
      hubId: a.hub === null ? null : idOf.get(a.hub)!,
    })),
  };
}

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
        'u.force_code',
        'u.locked_until',
        'u.totp_enrolled_at',
        'u.terms_version',
        'u.version',
        rolesOf.as('roles'),
        hubCodesOf.as('hub_codes'),
      ])
      .where('u.id', '=', id)
      .where('u.kind', '=', 'person'); // API clients have their own pages (api-clients)
    if (lock) query = query.forUpdate();
    const row = await query.executeTakeFirst();
    if (!row) return null;
    const held = await executor
      .selectFrom('role_assignments as ra')
      .leftJoin('hubs as h', 'h.id', 'ra.hub_id')
      .select(['ra.role', 'h.code', 'h.name'])
      .where('ra.user_id', '=', id)
      .orderBy('h.code')
      .execute();
    const assignments = held
      .filter((a) => isRole(a.role))
      .map((a) => ({ role: a.role as Role, hub: a.code, hubName: a.name }))
      .sort(
        (a, b) =>
          (a.hub ?? '~').localeCompare(b.hub ?? '~') ||
          ROLES.indexOf(a.role) - ROLES.indexOf(b.role),
      );
    return {
      id: row.id,
      name: row.name,
      email: row.email,
      status: row.status,
      locked: isLocked(row.locked_until, clock.now()),
      profession: asProfession(row.profession),
      force: row.force_code,
      roles: inRoleOrder(row.roles),
      hubCodes: [...row.hub_codes].sort(),
      assignments,
      mfaEnrolled: row.totp_enrolled_at !== null,
      termsAccepted: row.terms_version !== null,
      version: row.version,
    };
  }

  /** Changes one account's columns, bumps its version and audits the event, atomically. */
  async function accountAction(action: {
    id: string;
    actor: AuditActor;
    event: string;
    change: Partial<{
      status: 'active' | 'disabled';
      failed_sign_ins: number;
      locked_until: null;
      totp_secret: null;
      totp_enrolled_at: null;
      last_totp_step: null;
    }>;
    endSessions: boolean;
  }): Promise<boolean> {
    const { id, actor, event, change, endSessions } = action;
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
      let query = db.selectFrom('users as u').where('u.kind', '=', 'person');
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
              .selectFrom('role_assignments as r')
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
              .selectFrom('role_assignments as ra')
              .innerJoin('hubs as h', 'h.id', 'ra.hub_id')
              .select('ra.hub_id')
              .whereRef('ra.user_id', '=', 'u.id')
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
          roles: inRoleOrder(r.roles),
          hubCodes: [...r.hub_codes].sort(),
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
      const detail = createdDetail(input, via);
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
        const held = await withHubIds(trx, input.assignments);
        if (!held.ok) return { ok: false, errors: [held.error] };
        const now = clock.now();
        const user = await trx
          .insertInto('users')
          .values({
            email: input.email,
            name: input.name,
            profession: detail.profession,
            force_code: input.force,
            password_hash: passwordHash,
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await replaceAssignments(trx, user.id, held.assignments);
        await recordAudit(trx, clock, actor, {
          action: 'admin',
          subjectType: 'user',
          subjectId: user.id,
          detail,
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
        const held = await withHubIds(trx, input.assignments);
        if (!held.ok) return { kind: 'invalid' as const, errors: [held.error] };
        const detail = editedDetail(current, input);
        if (detail.changed.length === 0) return { kind: 'saved' as const };
        await trx
          .updateTable('users')
          .set({
            name: input.name,
            profession: detail.profession,
            force_code: input.force,
            updated_at: clock.now(),
            version: sql`version + 1`,
          })
          .where('id', '=', id)
          .where('version', '=', input.version)
          .execute();
        await replaceAssignments(trx, id, held.assignments);
        await recordAudit(trx, clock, actor, {
          action: 'admin',
          subjectType: 'user',
          subjectId: id,
          detail,
        });
        return { kind: 'saved' as const };
      });
    },

    /** Disabling ends every session of the user in the same transaction. */
    disable: (id: string, actor: AuditActor) =>
      accountAction({
        id,
        actor,
        event: 'user-disabled',
        change: { status: 'disabled' },
        endSessions: true,
      }),
    enable: (id: string, actor: AuditActor) =>
      accountAction({
        id,
        actor,
        event: 'user-enabled',
        change: { status: 'active' },
        endSessions: false,
      }),
    unlock: (id: string, actor: AuditActor) =>
      accountAction({
        id,
        actor,
        event: 'user-unlocked',
        change: { failed_sign_ins: 0, locked_until: null },
        endSessions: false,
      }),
    /** The user sets up an authenticator app again at their next sign-in. */
    resetMfa: (id: string, actor: AuditActor) =>
      accountAction({
        id,
        actor,
        event: 'mfa-reset',
        change: { totp_secret: null, totp_enrolled_at: null, last_totp_step: null },
        endSessions: true,
      }),

    async hubOptions(): Promise<{ code: string; name: string; status: string }[]> {
      return db.selectFrom('hubs').select(['code', 'name', 'status']).orderBy('name').execute();
    },
  };
}

export type UserAdmin = ReturnType<typeof userAdmin>;
