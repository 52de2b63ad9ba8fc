/**
 * Whether an identity provider's id token shows that the user signed in with more than one
 * factor (RFC 8176 `amr` values, or an `acr` the provider's settings list as multi-factor).
 * Single sign-on users have no Cicero TOTP: the provider's MFA stands in for it.
 */
export type MfaEvidence =
  /** amr or acr shows more than one factor. */
  | 'mfa'
  /** The provider said how the user signed in, and it was one factor. */
  | 'single-factor'
  /** The provider said nothing we can read about factors. */
  | 'none';

/** RFC 8176 methods, each one factor; two different ones make multi-factor. */
const FACTOR_METHODS = new Set([
  'face',
  'fpt',
  'geo',
  'hwk',
  'iris',
  'kba',
  'otp',
  'pin',
  'pwd',
  'retina',
  'sc',
  'sms',
  'swk',
  'tel',
  'vbm',
]);

export function mfaEvidence(
  claims: { amr?: unknown; acr?: unknown },
  mfaAcrValues: readonly string[],
): MfaEvidence {
  const amr = Array.isArray(claims.amr)
    ? claims.amr.filter((v): v is string => typeof v === 'string')
    : [];
  if (amr.includes('mfa')) return 'mfa';
  const factors = new Set(amr.filter((method) => FACTOR_METHODS.has(method)));
  if (factors.size >= 2) return 'mfa';
  const acr = typeof claims.acr === 'string' ? claims.acr : undefined;
  if (acr !== undefined && mfaAcrValues.includes(acr)) return 'mfa';
  if (amr.length > 0) return 'single-factor';
  // An acr is only readable where the settings say which values are multi-factor.
  if (acr !== undefined && mfaAcrValues.length > 0) return 'single-factor';
  return 'none';
}

/**
 * Whether to accept the sign-in: always with MFA evidence, never when the provider says it was
 * one factor, and when it says nothing, as the provider's REQUIRE_MFA setting decides.
 */
export function acceptsSignIn(evidence: MfaEvidence, requireMfa: boolean): boolean {
  if (evidence === 'mfa') return true;
  if (evidence === 'single-factor') return false;
  return !requireMfa;
}
