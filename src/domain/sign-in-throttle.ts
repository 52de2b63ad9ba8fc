import { createHash } from 'node:crypto';

/**
 * Throttling of failed sign-ins (ASVS 6.3): an account locks after ten failures in a row; a
 * network address locks after many failures across any accounts. Both unlock by themselves after
 * a while (an admin can unlock an account sooner). The messages never reveal whether an account
 * exists.
 */
export const ACCOUNT_MAX_FAILURES = 10;
export const ACCOUNT_LOCK_MINUTES = 30;
export const ADDRESS_MAX_FAILURES = 50;
export const ADDRESS_WINDOW_MINUTES = 15;
export const ADDRESS_LOCK_MINUTES = 15;

export interface FailureCount {
  failures: number;
  lockedUntil: Date | null;
}

export const isLocked = (lockedUntil: Date | null, now: Date): boolean =>
  lockedUntil !== null && lockedUntil.getTime() > now.getTime();

/** The account's count after one more failure: the tenth locks it. */
export function accountAfterFailure(current: FailureCount, now: Date): FailureCount {
  const failures = current.failures + 1;
  return {
    failures,
    lockedUntil:
      failures >= ACCOUNT_MAX_FAILURES
        ? new Date(now.getTime() + ACCOUNT_LOCK_MINUTES * 60_000)
        : current.lockedUntil,
  };
}

/**
 * The throttle key of an email address that names no usable account. Failures against it are
 * counted and locked exactly as an account's are, so the answers (and the lockout message after
 * the tenth failure) are the same for known and unknown addresses. Hashed: the throttle table
 * holds no email address.
 */
export function unknownAccountKey(email: string): string {
  return `email:${createHash('sha256').update(email.trim().toLowerCase()).digest('hex')}`;
}

/** An address's count within its window after one more failure. */
export function addressAfterFailure(
  current: FailureCount & { windowStartedAt: Date },
  now: Date,
): FailureCount & { windowStartedAt: Date } {
  const windowOver =
    now.getTime() - current.windowStartedAt.getTime() > ADDRESS_WINDOW_MINUTES * 60_000;
  const failures = windowOver ? 1 : current.failures + 1;
  const windowStartedAt = windowOver ? now : current.windowStartedAt;
  return {
    failures,
    windowStartedAt,
    lockedUntil:
      failures >= ADDRESS_MAX_FAILURES
        ? new Date(now.getTime() + ADDRESS_LOCK_MINUTES * 60_000)
        : current.lockedUntil,
  };
}

export const SIGN_IN_FAILED = 'Enter a correct email address and password';
export const LOCKED_OUT = `There have been too many attempts to sign in. Wait ${ACCOUNT_LOCK_MINUTES} minutes and try again, or contact the service desk.`;
export const CODE_FAILED = 'Enter a correct security code';
