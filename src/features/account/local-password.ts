import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** Whether an account is linked to a single sign-on provider (so it has no local password). */
export const singleSignOnOf = sql<boolean>`EXISTS (SELECT 1 FROM oidc_identities i WHERE i.user_id = u.id)`;

export interface SecondFactors {
  /** An authenticator app is set up (TOTP). */
  totp: boolean;
  /** How many passkeys the account holds. */
  passkeys: number;
}

/**
 * What an account signs in with: a local password (never for a single sign-on account, whose
 * password is its provider's) and its second factors. Null for an unknown or service account.
 */
export async function signInFactors(
  executor: Executor,
  userId: string,
): Promise<{
  active: boolean;
  passwordHash: string | null;
  singleSignOn: boolean;
  secondFactors: SecondFactors;
} | null> {
  const row = await executor
    .selectFrom('users as u')
    .select([
      'u.status',
      'u.password_hash',
      'u.totp_enrolled_at',
      singleSignOnOf.as('single_sign_on'),
      sql<number>`(SELECT count(*)::int FROM passkeys p WHERE p.user_id = u.id)`.as('passkeys'),
    ])
    .where('u.id', '=', userId)
    .where('u.kind', '=', 'person')
    .executeTakeFirst();
  if (!row) return null;
  return {
    active: row.status === 'active',
    passwordHash: row.single_sign_on ? null : row.password_hash,
    singleSignOn: row.single_sign_on,
    secondFactors: { totp: row.totp_enrolled_at !== null, passkeys: row.passkeys },
  };
}
