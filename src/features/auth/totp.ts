import { Secret, TOTP } from 'otpauth';

/** TOTP as authenticator apps expect it: SHA-1, 6 digits, 30 seconds. */
const totpFor = (base32: string, label = 'Cicero') =>
  new TOTP({
    issuer: 'Cicero',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(base32),
  });

export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

export const totpUri = (base32: string, email: string): string => totpFor(base32, email).toString();

export const totpCode = (base32: string, at: Date): string =>
  totpFor(base32).generate({ timestamp: at.getTime() });

/**
 * The time step a code belongs to, allowing one step of clock drift either way, or null.
 * Callers refuse a step at or before the last one used, so a code cannot be replayed.
 */
export function totpStep(base32: string, code: string, at: Date): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpFor(base32).validate({ token, timestamp: at.getTime(), window: 1 });
  return delta === null ? null : Math.floor(at.getTime() / 30_000) + delta;
}
