import { verify } from '@node-rs/argon2';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import { hashPassword } from '../auth/service.ts';
import type { SessionStore } from '../auth/sessions.ts';
import { signInFactors, type SecondFactors } from './local-password.ts';

export interface AccountView {
  name: string;
  email: string;
  /** False for a single sign-on account: it has no Cicero password to change. */
  localPassword: boolean;
  singleSignOn: boolean;
  secondFactors: SecondFactors;
  passkeys: { id: string; name: string; createdAt: Date; lastUsedAt: Date | null }[];
}

export type PasswordChange = { ok: true } | { ok: false; reason: 'wrong-password' | 'no-password' };

/**
 * A user's own account: their password and their sessions. Every change ends the user's other
 * sessions (a password change) or all of them (sign out of all devices), audited in the same
 * transaction.
 */
export function accountService(db: Kysely<DB>, clock: Clock, sessions: SessionStore) {
  /** An account event, audited as sign-in activity of the user it concerns. */
  async function audit(
    executor: Parameters<typeof recordAudit>[0],
    actor: AuditActor,
    entry: { userId: string; event: string; outcome?: 'success' | 'failure' },
  ) {
    await recordAudit(executor, clock, actor, {
      action: 'sign-in',
      subjectType: 'user',
      subjectId: entry.userId,
      outcome: entry.outcome ?? 'success',
      detail: { event: entry.event, ...(entry.outcome ? {} : { sessionsEnded: true }) },
    });
  }

  return {
    async view(userId: string): Promise<AccountView | null> {
      const user = await db
        .selectFrom('users')
        .select(['name', 'email'])
        .where('id', '=', userId)
        .executeTakeFirst();
      const factors = await signInFactors(db, userId);
      if (!user || !factors) return null;
      const passkeys = await db
        .selectFrom('passkeys')
        .select(['id', 'name', 'created_at', 'last_used_at'])
        .where('user_id', '=', userId)
        .orderBy('created_at')
        .execute();
      return {
        name: user.name,
        email: user.email,
        localPassword: factors.passwordHash !== null,
        singleSignOn: factors.singleSignOn,
        secondFactors: factors.secondFactors,
        passkeys: passkeys.map((p) => ({
          id: p.id,
          name: p.name,
          createdAt: p.created_at,
          lastUsedAt: p.last_used_at,
        })),
      };
    },

    /**
     * Changes the user's password after checking the current one. Every session of the user
     * ends (the caller starts a new one for this browser, with a new id).
     */
    async changePassword(input: {
      userId: string;
      currentPassword: string;
      newPassword: string;
      actor: AuditActor;
    }): Promise<PasswordChange> {
      const factors = await signInFactors(db, input.userId);
      if (!factors?.passwordHash) return { ok: false, reason: 'no-password' };
      const right = await verify(factors.passwordHash, input.currentPassword).catch(() => false);
      if (!right) {
        await audit(db, input.actor, {
          userId: input.userId,
          event: 'password-change-failed',
          outcome: 'failure',
        });
        return { ok: false, reason: 'wrong-password' };
      }
      const passwordHash = await hashPassword(input.newPassword);
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set({ password_hash: passwordHash, updated_at: clock.now(), version: sql`version + 1` })
          .where('id', '=', input.userId)
          .execute();
        await sessions.endAllFor(input.userId, trx);
        await audit(trx, input.actor, { userId: input.userId, event: 'password-changed' });
      });
      return { ok: true };
    },

    /** Ends every session of the user, on every device, this one included. */
    async signOutEverywhere(userId: string, actor: AuditActor): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await sessions.endAllFor(userId, trx);
        await audit(trx, actor, { userId, event: 'signed-out-everywhere' });
      });
    },
  };
}

export type AccountService = ReturnType<typeof accountService>;
