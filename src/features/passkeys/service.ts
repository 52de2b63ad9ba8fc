import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { isLocked } from '../../domain/sign-in-throttle.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import type { CodeResult } from '../auth/service.ts';
import { TERMS_VERSION } from '../auth/service.ts';
import type { SessionStore } from '../auth/sessions.ts';
import { relyingParty } from './relying-party.ts';

/** Why a second factor is asked for: the audit event a passkey's use records. */
export type PasskeyPurpose = 'sign-in' | 'step-up' | 'password-reset';
const USE_EVENTS: Record<PasskeyPurpose, string> = {
  'sign-in': 'signed-in',
  'step-up': 'step-up',
  'password-reset': 'password-reset-verified',
};

const TIMEOUT_MS = 120_000;

const parse = <T>(json: string): T | null => {
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' ? (value as T) : null;
  } catch {
    return null;
  }
};

/**
 * Passkeys (WebAuthn) as a second factor beside the authenticator app. The challenge of each
 * ceremony waits in the server-side session, for that user only, and is used once.
 */
export function passkeyService(
  db: Kysely<DB>,
  clock: Clock,
  sessions: SessionStore,
  config: Pick<Config, 'publicUrl' | 'nodeEnv'>,
) {
  async function remember(request: FastifyRequest, userId: string, challenge: string) {
    const session = request.session!;
    session.data = { ...session.data, passkeyChallenge: { userId, challenge } };
    await sessions.update(session.id, { data: session.data });
  }

  /** The session's challenge for this user, forgotten as it is read: a challenge works once. */
  async function takeChallenge(request: FastifyRequest, userId: string): Promise<string | null> {
    const session = request.session;
    const pending = session?.data.passkeyChallenge;
    if (!session || !pending) return null;
    session.data = { ...session.data, passkeyChallenge: undefined };
    await sessions.update(session.id, { data: session.data });
    return pending.userId === userId ? pending.challenge : null;
  }

  const credentialsOf = (userId: string) =>
    db
      .selectFrom('passkeys')
      .select(['id', 'credential_id', 'public_key', 'sign_count', 'transports'])
      .where('user_id', '=', userId)
      .execute();

  async function audit(
    actor: AuditActor,
    userId: string,
    detail: Record<string, string>,
    outcome: 'success' | 'failure' = 'success',
  ) {
    await recordAudit(
      db,
      clock,
      { ...actor, userId: actor.userId ?? userId },
      { action: 'sign-in', subjectType: 'user', subjectId: userId, outcome, detail },
    );
  }

  return {
    /** Options for a sign-in, step-up or reset with a passkey; null when the user has none. */
    async authenticationOptions(
      request: FastifyRequest,
      userId: string,
    ): Promise<PublicKeyCredentialRequestOptionsJSON | null> {
      const rp = relyingParty(config, request);
      const held = await credentialsOf(userId);
      if (!rp || held.length === 0 || !request.session) return null;
      const options = await generateAuthenticationOptions({
        rpID: rp.rpID,
        allowCredentials: held.map((c) => ({ id: c.credential_id, transports: c.transports })),
        userVerification: 'preferred',
        timeout: TIMEOUT_MS,
      });
      await remember(request, userId, options.challenge);
      return options;
    },

    /** Checks a passkey's answer, as `checkCode` checks a security code. */
    async verify(
      request: FastifyRequest,
      input: { userId: string; response: string; actor: AuditActor; purpose: PasskeyPurpose },
    ): Promise<CodeResult> {
      const challenge = await takeChallenge(request, input.userId);
      const rp = relyingParty(config, request);
      const user = await db
        .selectFrom('users')
        .select(['status', 'locked_until', 'terms_version'])
        .where('id', '=', input.userId)
        .executeTakeFirst();
      if (!user || user.status !== 'active') return { ok: false, reason: 'failed' };
      if (isLocked(user.locked_until, clock.now())) return { ok: false, reason: 'locked' };
      const answer = parse<AuthenticationResponseJSON>(input.response);
      const held = answer
        ? (await credentialsOf(input.userId)).find((c) => c.credential_id === answer.id)
        : undefined;
      let verified: Awaited<ReturnType<typeof verifyAuthenticationResponse>> | null = null;
      if (challenge && rp && answer && held) {
        verified = await verifyAuthenticationResponse({
          response: answer,
          expectedChallenge: challenge,
          expectedOrigin: rp.origin,
          expectedRPID: rp.rpID,
          credential: {
            id: held.credential_id,
            publicKey: new Uint8Array(Buffer.from(held.public_key, 'base64url')),
            counter: Number(held.sign_count),
            transports: held.transports,
          },
          requireUserVerification: false,
        }).catch(() => null);
      }
      if (!verified?.verified || !held) {
        await audit(input.actor, input.userId, { event: 'passkey-failed' }, 'failure');
        return { ok: false, reason: 'failed' };
      }
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('passkeys')
          .set({ sign_count: verified.authenticationInfo.newCounter, last_used_at: now })
          .where('id', '=', held.id)
          .execute();
        await trx
          .updateTable('users')
          .set({ failed_sign_ins: 0, locked_until: null })
          .where('id', '=', input.userId)
          .execute();
        await recordAudit(
          trx,
          clock,
          { ...input.actor, userId: input.actor.userId ?? input.userId },
          {
            action: 'sign-in',
            subjectType: 'user',
            subjectId: input.userId,
            detail: { event: USE_EVENTS[input.purpose], method: 'passkey' },
          },
        );
      });
      return { ok: true, termsAccepted: user.terms_version === TERMS_VERSION };
    },

    /** Options to create a passkey for this user (none twice on the same authenticator). */
    async registrationOptions(
      request: FastifyRequest,
      user: { userId: string; email: string; name: string },
    ): Promise<PublicKeyCredentialCreationOptionsJSON | null> {
      const rp = relyingParty(config, request);
      if (!rp || !request.session) return null;
      const held = await credentialsOf(user.userId);
      const options = await generateRegistrationOptions({
        rpName: 'Cicero',
        rpID: rp.rpID,
        userName: user.email,
        userDisplayName: user.name,
        userID: new Uint8Array(Buffer.from(user.userId.replace(/-/g, ''), 'hex')),
        attestationType: 'none',
        excludeCredentials: held.map((c) => ({ id: c.credential_id, transports: c.transports })),
        authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
        timeout: TIMEOUT_MS,
      });
      await remember(request, user.userId, options.challenge);
      return options;
    },

    /** Verifies a new passkey and keeps its public key; false when it does not check out. */
    async register(
      request: FastifyRequest,
      input: { userId: string; name: string; response: string; actor: AuditActor },
    ): Promise<boolean> {
      const challenge = await takeChallenge(request, input.userId);
      const rp = relyingParty(config, request);
      const answer = parse<RegistrationResponseJSON>(input.response);
      const verified =
        challenge && rp && answer
          ? await verifyRegistrationResponse({
              response: answer,
              expectedChallenge: challenge,
              expectedOrigin: rp.origin,
              expectedRPID: rp.rpID,
              requireUserVerification: false,
            }).catch(() => null)
          : null;
      if (!verified?.verified) {
        await audit(input.actor, input.userId, { event: 'passkey-registration-failed' }, 'failure');
        return false;
      }
      const { credential } = verified.registrationInfo;
      const taken = await db
        .selectFrom('passkeys')
        .select('id')
        .where('credential_id', '=', credential.id)
        .executeTakeFirst();
      if (taken) return false;
      await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('passkeys')
          .values({
            user_id: input.userId,
            credential_id: credential.id,
            public_key: Buffer.from(credential.publicKey).toString('base64url'),
            sign_count: credential.counter,
            transports: credential.transports ?? [],
            name: input.name,
            created_at: clock.now(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await recordAudit(trx, clock, input.actor, {
          action: 'sign-in',
          subjectType: 'user',
          subjectId: input.userId,
          detail: { event: 'passkey-added', passkeyId: row.id },
        });
      });
      return true;
    },

    /** Removes one of the user's own passkeys; false when it is not theirs or not there. */
    async remove(userId: string, passkeyId: string, actor: AuditActor): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const gone = await trx
          .deleteFrom('passkeys')
          .where('id', '=', passkeyId)
          .where('user_id', '=', userId)
          .executeTakeFirst();
        if (Number(gone.numDeletedRows) === 0) return false;
        await recordAudit(trx, clock, actor, {
          action: 'sign-in',
          subjectType: 'user',
          subjectId: userId,
          detail: { event: 'passkey-removed', passkeyId },
        });
        return true;
      });
    },
  };
}

export type PasskeyService = ReturnType<typeof passkeyService>;
