/**
 * Password reset links issued by an administrator (docs/accounts.md): a link works once, for
 * RESET_LINK_MINUTES after it was issued, and not after a newer link replaced it.
 */
export const RESET_LINK_MINUTES = 30;

export interface ResetLink {
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

export const resetLinkExpiry = (issuedAt: Date): Date =>
  new Date(issuedAt.getTime() + RESET_LINK_MINUTES * 60_000);

/** Whether the link still works at `now`: never used, never replaced, not yet expired. */
export function resetLinkWorks(link: ResetLink | null | undefined, now: Date): boolean {
  if (!link) return false;
  return (
    link.usedAt === null && link.revokedAt === null && now.getTime() < link.expiresAt.getTime()
  );
}

/**
 * Who can be given a reset link: a person with a local password (never a single sign-on
 * account, whose password is its provider's) and a second factor to prove it is them.
 */
export type ResetRefusal = 'single-sign-on' | 'disabled' | 'no-second-factor' | 'self';

export function resetRefusal(account: {
  self: boolean;
  active: boolean;
  singleSignOn: boolean;
  secondFactor: boolean;
}): ResetRefusal | null {
  if (account.self) return 'self';
  if (account.singleSignOn) return 'single-sign-on';
  if (!account.active) return 'disabled';
  if (!account.secondFactor) return 'no-second-factor';
  return null;
}

export const RESET_REFUSALS: Readonly<Record<ResetRefusal, string>> = {
  self: 'You cannot reset your own password here: change it from your account page',
  'single-sign-on':
    'This user signs in with single sign-on and has no Cicero password: their organisation resets it',
  disabled: 'This account is disabled: enable it before resetting its password',
  'no-second-factor':
    'This user has no authenticator app or passkey set up, so a reset link could not check it is them: they sign in with their initial password first',
};
