import { acceptsSignIn, type MfaEvidence } from './sso-mfa.ts';

/**
 * Step-up for single sign-on users: the provider's answer to a re-authentication request
 * (prompt=login, max_age=0) confirms a fresh second factor only when its id token shows a sign-in
 * made after the step-up started and within the step-up window, with the acr asked for and
 * evidence of MFA as sign-in requires.
 */
export type StepUpRefusal =
  /** No auth_time in the id token: the provider did not say when the user signed in. */
  | 'no-auth-time'
  /** The sign-in happened before the step-up started: the provider did not ask again. */
  | 'auth-time-before-start'
  /** The sign-in is older than the step-up window, or in the future beyond clock skew. */
  | 'auth-time-not-fresh'
  /** The acr is not one of those the provider's settings ask for at step-up. */
  | 'acr-not-met'
  /** The answer does not show a second factor where the provider's settings need one. */
  | 'mfa-missing';

/** How far Cicero's clock and the provider's may disagree (openid-client's default too). */
export const CLOCK_SKEW_SECONDS = 30;

export function checkStepUp(input: {
  /** The id token's auth_time claim (seconds since the epoch), as received. */
  authTime: unknown;
  acr: unknown;
  mfa: MfaEvidence;
  startedAt: Date;
  now: Date;
  freshMinutes: number;
  requiredAcrValues: readonly string[];
  requireMfa: boolean;
}): { ok: true; authTime: Date } | { ok: false; reason: StepUpRefusal } {
  const { authTime } = input;
  if (typeof authTime !== 'number' || !Number.isFinite(authTime)) {
    return { ok: false, reason: 'no-auth-time' };
  }
  const at = authTime * 1000;
  const skew = CLOCK_SKEW_SECONDS * 1000;
  // auth_time is whole seconds: compare with the second the step-up started in.
  const started = Math.floor(input.startedAt.getTime() / 1000) * 1000;
  if (at < started - skew) return { ok: false, reason: 'auth-time-before-start' };
  const now = input.now.getTime();
  if (at > now + skew || now - at > input.freshMinutes * 60_000) {
    return { ok: false, reason: 'auth-time-not-fresh' };
  }
  if (input.requiredAcrValues.length > 0) {
    if (typeof input.acr !== 'string' || !input.requiredAcrValues.includes(input.acr)) {
      return { ok: false, reason: 'acr-not-met' };
    }
  }
  if (!acceptsSignIn(input.mfa, input.requireMfa)) return { ok: false, reason: 'mfa-missing' };
  return { ok: true, authTime: new Date(at) };
}
