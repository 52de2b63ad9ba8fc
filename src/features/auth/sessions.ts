import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { sql, type RawBuilder } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { isRole, isSide, ROLES, type Profession } from '../../domain/roles.ts';
import type { Principal, SessionData, SessionState } from './principal.ts';

export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
}

const token = () => randomBytes(32).toString('base64url');
/** Only a hash of the cookie's token is stored: a copy of the table opens no sessions. */
const idOf = (cookieToken: string) => createHash('sha256').update(cookieToken).digest('hex');

/** Server-side sessions in the database, so any instance can serve any request. */
export function sessionStore(db: Kysely<DB>, clock: Clock, policy: SessionPolicy) {
  const idleMs = policy.idleMinutes * 60_000;

  return {
    /** Starts a session; returns the cookie token. Used at each sign-in step (new id each time). */
    async create(input: {
      userId: string | null;
      stage: SessionState['stage'];
      data?: SessionData;
    }): Promise<{ cookieToken: string; session: SessionState }> {
      const cookieToken = token();
      const now = clock.now();
      const session: SessionState = {
        id: idOf(cookieToken),
        userId: input.userId,
        stage: input.stage,
        csrfToken: token(),
        data: input.data ?? {},
        stepUpAt: null,
      };
      await db
        .insertInto('sessions')
        .values({
          id: session.id,
          user_id: session.userId,
          stage: session.stage,
          csrf_token: session.csrfToken,
          data: JSON.stringify(session.data),
          created_at: now,
          last_seen_at: now,
          expires_at: new Date(now.getTime() + policy.absoluteHours * 3_600_000),
        })
        .execute();
      return { cookieToken, session };
    },

    /**
     * The live session for a cookie token and, when it is fully signed in, its principal, in
     * one statement; null when unknown, ended or timed out. The session is touched (its idle
     * clock restarted) at most once a minute, by the same statement: a page costs no write
     * and no commit of its own, and the idle timeout counts from a moment at most a minute
     * before the last request.
     */
    async load(
      cookieToken: string,
    ): Promise<{ session: SessionState; principal: Principal | null } | null> {
      const now = clock.now();
      const { rows } = await sql<SessionRow & Partial<PrincipalRow>>`
        WITH live AS (
          SELECT id, user_id, stage, csrf_token, data, step_up_at, last_seen_at FROM sessions
          WHERE id = ${idOf(cookieToken)} AND ended_at IS NULL AND expires_at > ${now}
            AND last_seen_at > ${new Date(now.getTime() - idleMs)}
        ), touched AS (
          UPDATE sessions SET last_seen_at = ${now} FROM live
          WHERE sessions.id = live.id
            AND live.last_seen_at <= ${new Date(now.getTime() - SESSION_TOUCH_MS)}
          RETURNING sessions.id
        )
        SELECT live.id, live.user_id, live.stage, live.csrf_token, live.data, live.step_up_at,
          u.id AS principal_id, u.name, u.email, u.profession, u.side,
          ${assignmentsOf(sql.ref('u.id'))} AS assignments
        FROM live
        LEFT JOIN users u ON u.id = live.user_id AND live.stage = 'active'
          AND u.kind = 'person' AND u.status = 'active'`.execute(db);
      const row = rows[0];
      if (!row) return null;
      const session: SessionState = {
        id: row.id,
        userId: row.user_id,
        stage: row.stage,
        csrfToken: row.csrf_token,
        data: row.data,
        stepUpAt: row.step_up_at,
      };
      const principal = row.principal_id
        ? principalFrom(row as PrincipalRow & { principal_id: string }, session.id)
        : null;
      return { session, principal };
    },

    async update(id: string, change: { data?: SessionData; stepUpAt?: Date }): Promise<void> {
      await db
        .updateTable('sessions')
        .set({
          ...(change.data ? { data: JSON.stringify(change.data) } : {}),
          ...(change.stepUpAt ? { step_up_at: change.stepUpAt } : {}),
        })
        .where('id', '=', id)
        .execute();
    },

    async end(id: string): Promise<void> {
      await db
        .updateTable('sessions')
        .set({ ended_at: clock.now() })
        .where('id', '=', id)
        .execute();
    },

    /**
     * Sign-out everywhere and account disablement end every session of the user at once.
     * Pass the transaction of the change that requires it, so both commit together.
     */
    async endAllFor(userId: string, executor: Kysely<DB> | Transaction<DB> = db): Promise<void> {
      await executor
        .updateTable('sessions')
        .set({ ended_at: clock.now() })
        .where('user_id', '=', userId)
        .where('ended_at', 'is', null)
        .execute();
    },

    /** The active user behind a session with current roles and hubs, or null if disabled. */
    async principal(session: SessionState): Promise<Principal | null> {
      if (session.stage !== 'active' || !session.userId) return null;
      return principalOf(db, { userId: session.userId, sessionId: session.id, kind: 'person' });
    },
  };
}

/**
 * The active account with its current roles and hubs, as every request sees it: used by
 * sessions (people) and by the API's bearer guard (service accounts and acting users), so both
 * build the principal the same way. Null when the account is disabled, unknown or not of
 * the kind asked for. `sessionId` names what the principal acts within (a session, or an API
 * access token) for reasons given on a case.
 */
export async function principalOf(
  db: Kysely<DB>,
  who: { userId: string; sessionId: string; kind: 'person' | 'service' },
): Promise<Principal | null> {
  const row = await db
    .selectFrom('users as u')
    .select([
      'u.id as principal_id',
      'u.name',
      'u.email',
      'u.profession',
      'u.side',
      assignmentsOf(sql.ref('u.id')).as('assignments'),
    ])
    .where('u.id', '=', who.userId)
    .where('u.kind', '=', who.kind)
    .where('u.status', '=', 'active')
    .executeTakeFirst();
  return row ? principalFrom(row, who.sessionId) : null;
}

/** How often at most a page restarts its session's idle clock (one write a minute a user). */
export const SESSION_TOUCH_MS = 60_000;

interface SessionRow {
  id: string;
  user_id: string | null;
  stage: SessionState['stage'];
  csrf_token: string;
  data: SessionData;
  step_up_at: Date | null;
}

interface PrincipalRow {
  principal_id: string;
  name: string;
  email: string;
  profession: string | null;
  side: string | null;
  assignments: { role: string; hubId: string | null }[];
}

/** The account's role assignments as JSON, for the one row that reads the principal. */
const assignmentsOf = (userId: RawBuilder<unknown>) =>
  sql<
    { role: string; hubId: string | null }[]
  >`coalesce((SELECT json_agg(json_build_object('role', a.role, 'hubId', a.hub_id) ORDER BY a.role, a.hub_id) FROM role_assignments a WHERE a.user_id = ${userId}), '[]')`;

/** The principal from its row: roles and hubs from the assignments, unknown roles dropped. */
function principalFrom(row: PrincipalRow, sessionId: string): Principal {
  const assignments = row.assignments.flatMap((a) =>
    isRole(a.role) ? [{ role: a.role, hubId: a.hubId }] : [],
  );
  return {
    userId: row.principal_id,
    name: row.name,
    email: row.email,
    side: isSide(row.side) ? row.side : null,
    assignments,
    roles: ROLES.filter((r) => assignments.some((a) => a.role === r)),
    hubIds: [...new Set(assignments.flatMap((a) => (a.hubId ? [a.hubId] : [])))].sort(),
    profession: row.profession as Profession | null,
    sessionId,
  };
}

export type SessionStore = ReturnType<typeof sessionStore>;
