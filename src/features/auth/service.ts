import { hash, verify } from '@node-rs/argon2';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import {
  accountAfterFailure,
  addressAfterFailure,
  isLocked,
  unknownAccountKey,
} from '../../domain/sign-in-throttle.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import { DEMO_EMAIL_DOMAIN } from './accounts.ts';
import { totpStep } from './totp.ts';

/** The version of the terms of use a user must have accepted; bump it to ask everyone again. */
export const TERMS_VERSION = '2026-11';

// Verifying against this when the account does not exist keeps the timing the same.
const DUMMY_HASH = await hash('cicero-no-such-account-0000');

/** What a right code is audited as, by why it was asked for. */
const CODE_EVENTS = {
  'sign-in': 'signed-in',
  enrol: 'mfa-enrolled',
  'step-up': 'step-up',
  'password-reset': 'password-reset-verified',
} as const;

export type PasswordResult =
  | { ok: true; userId: string; enrolled: boolean; termsAccepted: boolean }
  | { ok: false; reason: 'failed' | 'locked' };

export type CodeResult =
  { ok: true; termsAccepted: boolean } | { ok: false; reason: 'failed' | 'locked' };

export const hashPassword = (password: string): Promise<string> => hash(password);

/**
 * Local sign-in: password, then a TOTP code; throttled per account and per address. Outside
 * demo mode the demo accounts, whose password is published, can never sign in.
 */
export function signInService(db: Kysely<DB>, clock: Clock, options: { demo: boolean }) {
  async function addressLocked(address: string): Promise<boolean> {
    const row = await db
      .selectFrom('sign_in_throttle')
      .select('locked_until')
      .where('key', '=', `addr:${address}`)
      .executeTakeFirst();
    return isLocked(row?.locked_until ?? null, clock.now());
  }

  async function countAddressFailure(address: string): Promise<void> {
    const now = clock.now();
    const key = `addr:${address}`;
    const row = await db
      .selectFrom('sign_in_throttle')
      .selectAll()
      .where('key', '=', key)
      .executeTakeFirst();
    const next = addressAfterFailure(
      row
        ? {
            failures: row.failures,
            lockedUntil: row.locked_until,
            windowStartedAt: row.window_started_at,
          }
        : { failures: 0, lockedUntil: null, windowStartedAt: now },
      now,
    );
    await db
      .insertInto('sign_in_throttle')
      .values({
        key,
        failures: next.failures,
        window_started_at: next.windowStartedAt,
        locked_until: next.lockedUntil,
      })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          failures: next.failures,
          window_started_at: next.windowStartedAt,
          locked_until: next.lockedUntil,
        }),
      )
      .execute();
  }

  /** Counts a failure against the account (locking it at the limit) and audits it. */
  async function countAccountFailure(
    user: { id: string; failed_sign_ins: number; locked_until: Date | null },
    actor: AuditActor,
    step: 'password' | 'code',
  ): Promise<'failed' | 'locked'> {
    const now = clock.now();
    const next = accountAfterFailure(
      { failures: user.failed_sign_ins, lockedUntil: user.locked_until },
      now,
    );
    const lockedNow = isLocked(next.lockedUntil, now) && !isLocked(user.locked_until, now);
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set({ failed_sign_ins: next.failures, locked_until: next.lockedUntil })
        .where('id', '=', user.id)
        .execute();
      await recordAudit(
        trx,
        clock,
        { ...actor, userId: user.id },
        {
          action: 'sign-in',
          subjectType: 'user',
          subjectId: user.id,
          outcome: 'failure',
          detail: { event: `${step}-failed`, failures: next.failures },
        },
      );
      if (lockedNow) {
        await recordAudit(
          trx,
          clock,
          { ...actor, userId: user.id },
          {
            action: 'sign-in',
            subjectType: 'user',
            subjectId: user.id,
            outcome: 'denied',
            detail: { event: 'account-locked', failures: next.failures },
          },
        );
      }
    });
    return isLocked(next.lockedUntil, now) ? 'locked' : 'failed';
  }

  async function userByEmail(email: string) {
    // An API client's service account never signs in: it is refused as an unknown account.
    return db
      .selectFrom('users')
      .select([
        'id',
        'status',
        'password_hash',
        'totp_enrolled_at',
        'terms_version',
        'failed_sign_ins',
        'locked_until',
        // A single sign-on account signs in at its provider only, never with a password here.
        sql<boolean>`EXISTS (SELECT 1 FROM oidc_identities i WHERE i.user_id = users.id)`.as(
          'single_sign_on',
        ),
      ])
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email.trim().toLowerCase()))
      .where('kind', '=', 'person')
      .executeTakeFirst();
  }

  return {
    async checkPassword(input: {
      email: string;
      password: string;
      address: string;
      actor: AuditActor;
    }): Promise<PasswordResult> {
      const now = clock.now();
      if (await addressLocked(input.address)) {
        await recordAudit(db, clock, input.actor, {
          action: 'sign-in',
          subjectType: 'address',
          outcome: 'denied',
          detail: { event: 'address-locked' },
        });
        return { ok: false, reason: 'locked' };
      }
      const demoAccount = input.email.trim().toLowerCase().endsWith(`@${DEMO_EMAIL_DOMAIN}`);
      const user = demoAccount && !options.demo ? undefined : await userByEmail(input.email);
      const passwordOk = await verify(user?.password_hash ?? DUMMY_HASH, input.password).catch(
        () => false,
      );
      if (!user || user.status !== 'active' || !user.password_hash || user.single_sign_on) {
        // Counted and locked like an account, so the answer never tells whether one exists.
        const key = unknownAccountKey(input.email);
        const row = await db
          .selectFrom('sign_in_throttle')
          .select(['failures', 'locked_until'])
          .where('key', '=', key)
          .executeTakeFirst();
        if (isLocked(row?.locked_until ?? null, now)) {
          await recordAudit(db, clock, input.actor, {
            action: 'sign-in',
            subjectType: 'user',
            outcome: 'denied',
            detail: { event: 'attempt-while-locked', account: 'unknown-or-disabled' },
          });
          return { ok: false, reason: 'locked' };
        }
        await countAddressFailure(input.address);
        const next = accountAfterFailure(
          { failures: row?.failures ?? 0, lockedUntil: row?.locked_until ?? null },
          now,
        );
        await db
          .insertInto('sign_in_throttle')
          .values({
            key,
            failures: next.failures,
            window_started_at: now,
            locked_until: next.lockedUntil,
          })
          .onConflict((oc) =>
            oc
              .column('key')
              .doUpdateSet({ failures: next.failures, locked_until: next.lockedUntil }),
          )
          .execute();
        await recordAudit(db, clock, input.actor, {
          action: 'sign-in',
          subjectType: 'user',
          outcome: 'failure',
          detail: { event: 'unknown-or-disabled-account' },
        });
        return { ok: false, reason: isLocked(next.lockedUntil, now) ? 'locked' : 'failed' };
      }
      if (isLocked(user.locked_until, now)) {
        await recordAudit(
          db,
          clock,
          { ...input.actor, userId: user.id },
          {
            action: 'sign-in',
            subjectType: 'user',
            subjectId: user.id,
            outcome: 'denied',
            detail: { event: 'attempt-while-locked' },
          },
        );
        return { ok: false, reason: 'locked' };
      }
      if (!passwordOk) {
        await countAddressFailure(input.address);
        return { ok: false, reason: await countAccountFailure(user, input.actor, 'password') };
      }
      await recordAudit(
        db,
        clock,
        { ...input.actor, userId: user.id },
        {
          action: 'sign-in',
          subjectType: 'user',
          subjectId: user.id,
          detail: { event: 'password-accepted' },
        },
      );
      return {
        ok: true,
        userId: user.id,
        enrolled: user.totp_enrolled_at !== null,
        termsAccepted: user.terms_version === TERMS_VERSION,
      };
    },

    /** Checks a code against the user's enrolled secret, or a pending one being enrolled. */
    async checkCode(input: {
      userId: string;
      code: string;
      actor: AuditActor;
      enrolSecret?: string;
      purpose: 'sign-in' | 'enrol' | 'step-up' | 'password-reset';
    }): Promise<CodeResult> {
      const now = clock.now();
      const user = await db
        .selectFrom('users')
        .select([
          'id',
          'status',
          'totp_secret',
          'last_totp_step',
          'terms_version',
          'failed_sign_ins',
          'locked_until',
        ])
        .where('id', '=', input.userId)
        .executeTakeFirst();
      if (!user || user.status !== 'active') return { ok: false, reason: 'failed' };
      if (isLocked(user.locked_until, now)) return { ok: false, reason: 'locked' };
      const secret = input.enrolSecret ?? user.totp_secret;
      const step = secret ? totpStep(secret, input.code, now) : null;
      if (step === null || (user.last_totp_step !== null && step <= user.last_totp_step)) {
        return { ok: false, reason: await countAccountFailure(user, input.actor, 'code') };
      }
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set({
            failed_sign_ins: 0,
            locked_until: null,
            last_totp_step: step,
            ...(input.enrolSecret ? { totp_secret: input.enrolSecret, totp_enrolled_at: now } : {}),
          })
          .where('id', '=', user.id)
          .execute();
        await recordAudit(
          trx,
          clock,
          { ...input.actor, userId: user.id },
          {
            action: 'sign-in',
            subjectType: 'user',
            subjectId: user.id,
            detail: {
              event: CODE_EVENTS[input.purpose],
            },
          },
        );
      });
      return { ok: true, termsAccepted: user.terms_version === TERMS_VERSION };
    },

    async acceptTerms(userId: string, actor: AuditActor): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set({ terms_version: TERMS_VERSION, terms_accepted_at: clock.now() })
          .where('id', '=', userId)
          .execute();
        await recordAudit(
          trx,
          clock,
          { ...actor, userId },
          {
            action: 'sign-in',
            subjectType: 'user',
            subjectId: userId,
            detail: { event: 'terms-accepted', version: TERMS_VERSION },
          },
        );
      });
    },

    async recordSignOut(userId: string, actor: AuditActor): Promise<void> {
      await recordAudit(
        db,
        clock,
        { ...actor, userId },
        {
          action: 'sign-in',
          subjectType: 'user',
          subjectId: userId,
          detail: { event: 'signed-out' },
        },
      );
    },
  };
}

export type SignInService = ReturnType<typeof signInService>;
