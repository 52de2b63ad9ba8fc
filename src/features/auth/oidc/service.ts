import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { Clock } from '../../../domain/clock.ts';
import type { MfaEvidence } from '../../../domain/sso-mfa.ts';
import { recordAudit, type AuditActor } from '../../audit/record.ts';
import { TERMS_VERSION } from '../service.ts';

/** What the audit log records of a single sign-on: event names and codes, never a subject. */
export type SsoEvent =
  | { event: 'sso-started' }
  | { event: 'sso-signed-in'; userId: string; mfa: MfaEvidence }
  | { event: 'sso-unknown-subject'; mfa: MfaEvidence }
  | { event: 'sso-disabled-account'; userId: string }
  | { event: 'sso-mfa-missing'; userId: string | null; mfa: MfaEvidence }
  | { event: 'sso-failed'; code: string }
  | { event: 'sso-role-refused'; userId: string; code: string }
  | { event: 'sso-step-up-started'; userId: string }
  | { event: 'sso-step-up'; userId: string; mfa: MfaEvidence }
  | { event: 'sso-step-up-failed'; userId: string; code: string }
  | { event: 'sso-backchannel-logout'; userId: string | null; ended: number }
  | { event: 'sso-backchannel-logout-refused'; code: string };

const OUTCOMES: Record<SsoEvent['event'], 'success' | 'failure' | 'denied'> = {
  'sso-started': 'success',
  'sso-signed-in': 'success',
  'sso-unknown-subject': 'failure',
  'sso-disabled-account': 'denied',
  'sso-mfa-missing': 'denied',
  'sso-failed': 'failure',
  'sso-role-refused': 'denied',
  'sso-step-up-started': 'success',
  'sso-step-up': 'success',
  'sso-step-up-failed': 'failure',
  'sso-backchannel-logout': 'success',
  'sso-backchannel-logout-refused': 'failure',
};

/** Single sign-on: provisioned users matched by issuer + subject (no self-registration). */
export function ssoService(db: Kysely<DB>, clock: Clock) {
  return {
    /** The provisioned user linked to this issuer's subject, if any. */
    async linkedUser(
      issuer: string,
      subject: string,
    ): Promise<
      { id: string; active: boolean; termsAccepted: boolean; roles: string[] } | undefined
    > {
      const row = await db
        .selectFrom('oidc_identities as i')
        .innerJoin('users as u', 'u.id', 'i.user_id')
        .select(['u.id', 'u.status', 'u.terms_version'])
        .select((eb) =>
          eb
            .selectFrom('role_assignments as a')
            .whereRef('a.user_id', '=', 'u.id')
            .select(sql<string[]>`coalesce(array_agg(DISTINCT a.role), '{}')`.as('roles'))
            .as('roles'),
        )
        .where('i.provider', '=', issuer)
        .where('i.subject', '=', subject)
        .where('u.kind', '=', 'person') // API clients' service accounts never sign in
        .executeTakeFirst();
      if (!row) return undefined;
      return {
        id: row.id,
        active: row.status === 'active',
        termsAccepted: row.terms_version === TERMS_VERSION,
        roles: row.roles ?? [],
      };
    },

    async record(providerId: string, actor: AuditActor, event: SsoEvent): Promise<void> {
      const userId = 'userId' in event ? event.userId : null;
      const outcome = OUTCOMES[event.event];
      const detail: Record<string, string | number> = { event: event.event, provider: providerId };
      if ('mfa' in event) detail.mfa = event.mfa;
      if ('code' in event) detail.code = event.code;
      if ('ended' in event) detail.ended = event.ended;
      await recordAudit(
        db,
        clock,
        { ...actor, userId: userId ?? actor.userId },
        {
          action: 'sign-in',
          subjectType: 'user',
          subjectId: userId,
          outcome,
          detail,
        },
      );
    },
  };
}

export type SsoService = ReturnType<typeof ssoService>;

export type LinkResult =
  | { ok: true; userId: string }
  | { ok: false; reason: 'no-such-user' | 'subject-linked-to-another-user' };

/**
 * Links a provisioned user to a provider's subject (an administrator's act: cicero link-sso).
 * Audited as administration; the subject stays in oidc_identities, not in the audit row.
 */
export async function linkSsoIdentity(
  db: Kysely<DB>,
  clock: Clock,
  input: { email: string; providerId: string; issuer: string; subject: string },
): Promise<LinkResult> {
  return db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom('users')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['email']), '=', input.email.trim().toLowerCase()))
      .where('kind', '=', 'person')
      .executeTakeFirst();
    if (!user) return { ok: false, reason: 'no-such-user' } as const;
    const existing = await trx
      .selectFrom('oidc_identities')
      .select('user_id')
      .where('provider', '=', input.issuer)
      .where('subject', '=', input.subject)
      .executeTakeFirst();
    if (existing && existing.user_id !== user.id) {
      return { ok: false, reason: 'subject-linked-to-another-user' } as const;
    }
    if (!existing) {
      await trx
        .insertInto('oidc_identities')
        .values({ provider: input.issuer, subject: input.subject, user_id: user.id })
        .execute();
    }
    // A single sign-on account has no local password (docs/accounts.md): its provider's only.
    await trx.updateTable('users').set({ password_hash: null }).where('id', '=', user.id).execute();
    await recordAudit(
      trx,
      clock,
      { userId: null, role: null, hubId: null, requestId: null },
      {
        action: 'admin',
        subjectType: 'user',
        subjectId: user.id,
        detail: {
          event: 'sso-linked',
          provider: input.providerId,
          via: 'cli',
          alreadyLinked: Boolean(existing),
        },
      },
    );
    return { ok: true, userId: user.id } as const;
  });
}
