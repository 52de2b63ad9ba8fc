import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import {
  resetLinkExpiry,
  resetLinkWorks,
  resetRefusal,
  type ResetRefusal,
} from '../../domain/password-reset.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import { hashPassword } from '../auth/service.ts';
import type { SessionStore } from '../auth/sessions.ts';
import { signInFactors, type SecondFactors } from '../account/local-password.ts';

/** The link's secret: 256 random bits, base64url (43 characters). */
const newToken = () => randomBytes(32).toString('base64url');
/** Only this is stored: a copy of the table opens no account. */
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export type Issued =
  { ok: true; token: string; expiresAt: Date } | { ok: false; reason: ResetRefusal | 'not-found' };

/** A reset link that still works, and what its user proves themselves with. */
export interface OpenReset {
  id: string;
  userId: string;
  secondFactors: SecondFactors;
}

/**
 * Password resets issued by an administrator: a single-use link valid for 30 minutes, its token
 * stored hashed. Using it needs the user's second factor (checked by the caller before
 * `complete`); completing it ends every session of the user. All audited.
 */
export function passwordResetService(db: Kysely<DB>, clock: Clock, sessions: SessionStore) {
  return {
    async issue(userId: string, actor: AuditActor): Promise<Issued> {
      const factors = await signInFactors(db, userId);
      if (!factors) return { ok: false, reason: 'not-found' };
      const refusal = resetRefusal({
        self: userId === actor.userId,
        active: factors.active,
        singleSignOn: factors.singleSignOn || factors.passwordHash === null,
        secondFactor: factors.secondFactors.totp || factors.secondFactors.passkeys > 0,
      });
      if (refusal) {
        await recordAudit(db, clock, actor, {
          action: 'denial',
          subjectType: 'user',
          subjectId: userId,
          outcome: 'denied',
          detail: { event: 'password-reset-refused', reason: refusal },
        });
        return { ok: false, reason: refusal };
      }
      const token = newToken();
      const now = clock.now();
      const expiresAt = resetLinkExpiry(now);
      await db.transaction().execute(async (trx) => {
        // A new link replaces any earlier one not yet used.
        const revoked = await trx
          .updateTable('password_resets')
          .set({ revoked_at: now })
          .where('user_id', '=', userId)
          .where('used_at', 'is', null)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        await trx
          .insertInto('password_resets')
          .values({
            user_id: userId,
            token_hash: tokenHash(token),
            issued_by: actor.userId,
            created_at: now,
            expires_at: expiresAt,
          })
          .execute();
        await recordAudit(trx, clock, actor, {
          action: 'admin',
          subjectType: 'user',
          subjectId: userId,
          detail: {
            event: 'password-reset-issued',
            replacedEarlierLinks: Number(revoked.numUpdatedRows),
          },
        });
      });
      return { ok: true, token, expiresAt };
    },

    /** The reset behind a token if its link still works, else null (unknown, used, expired). */
    async open(token: string): Promise<OpenReset | null> {
      const row = await db
        .selectFrom('password_resets')
        .select(['id', 'user_id', 'expires_at', 'used_at', 'revoked_at'])
        .where('token_hash', '=', tokenHash(token))
        .executeTakeFirst();
      if (
        !row ||
        !resetLinkWorks(
          { expiresAt: row.expires_at, usedAt: row.used_at, revokedAt: row.revoked_at },
          clock.now(),
        )
      )
        return null;
      const factors = await signInFactors(db, row.user_id);
      if (!factors?.active || factors.passwordHash === null) return null;
      return { id: row.id, userId: row.user_id, secondFactors: factors.secondFactors };
    },

    /**
     * Sets the new password and uses up the link, once: a second use, or a use after expiry,
     * changes nothing and returns false. Ends every session of the user and clears a lockout.
     */
    async complete(input: {
      id: string;
      newPassword: string;
      actor: AuditActor;
    }): Promise<boolean> {
      const passwordHash = await hashPassword(input.newPassword);
      const now = clock.now();
      return db.transaction().execute(async (trx) => {
        const used = await trx
          .updateTable('password_resets')
          .set({ used_at: now })
          .where('id', '=', input.id)
          .where('used_at', 'is', null)
          .where('revoked_at', 'is', null)
          .where('expires_at', '>', now)
          .returning('user_id')
          .executeTakeFirst();
        if (!used) return false;
        await trx
          .updateTable('users')
          .set({
            password_hash: passwordHash,
            failed_sign_ins: 0,
            locked_until: null,
            updated_at: now,
            version: sql`version + 1`,
          })
          .where('id', '=', used.user_id)
          .execute();
        await sessions.endAllFor(used.user_id, trx);
        await recordAudit(
          trx,
          clock,
          { ...input.actor, userId: used.user_id },
          {
            action: 'sign-in',
            subjectType: 'user',
            subjectId: used.user_id,
            detail: { event: 'password-reset-completed', sessionsEnded: true },
          },
        );
        return true;
      });
    },
  };
}

export type PasswordResetService = ReturnType<typeof passwordResetService>;
