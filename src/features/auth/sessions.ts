import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
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

    /** The live session for a cookie token, touched; null when unknown, ended or timed out. */
    async load(cookieToken: string): Promise<SessionState | null> {
      const now = clock.now();
      const row = await db
        .updateTable('sessions')
        .set({ last_seen_at: now })
        .where('id', '=', idOf(cookieToken))
        .where('ended_at', 'is', null)
        .where('expires_at', '>', now)
        .where('last_seen_at', '>', new Date(now.getTime() - idleMs))
        .returning(['id', 'user_id', 'stage', 'csrf_token', 'data', 'step_up_at'])
        .executeTakeFirst();
      if (!row) return null;
      return {
        id: row.id,
        userId: row.user_id,
        stage: row.stage,
        csrfToken: row.csrf_token,
        data: row.data,
        stepUpAt: row.step_up_at,
      };
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
      'u.id',
      'u.name',
      'u.email',
      'u.profession',
      'u.side',
      sql<
        { role: string; hubId: string | null }[]
      >`coalesce((SELECT json_agg(json_build_object('role', a.role, 'hubId', a.hub_id) ORDER BY a.role, a.hub_id) FROM role_assignments a WHERE a.user_id = u.id), '[]')`.as(
        'assignments',
      ),
    ])
    .where('u.id', '=', who.userId)
    .where('u.kind', '=', who.kind)
    .where('u.status', '=', 'active')
    .executeTakeFirst();
  if (!row) return null;
  const assignments = row.assignments.flatMap((a) =>
    isRole(a.role) ? [{ role: a.role, hubId: a.hubId }] : [],
  );
  return {
    userId: row.id,
    name: row.name,
    email: row.email,
    side: isSide(row.side) ? row.side : null,
    assignments,
    roles: ROLES.filter((r) => assignments.some((a) => a.role === r)),
    hubIds: [...new Set(assignments.flatMap((a) => (a.hubId ? [a.hubId] : [])))].sort(),
    profession: row.profession as Profession | null,
    sessionId: who.sessionId,
  };
}

export type SessionStore = ReturnType<typeof sessionStore>;
