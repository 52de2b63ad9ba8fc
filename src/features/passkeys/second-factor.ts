/**
 * A passkey's answer travels in a hidden field of the code form it stands in for (filled by
 * /assets/passkeys.js): `passkey` on the sign-in, confirm-code and reset pages, `stepUpPasskey`
 * beside `stepUpCode` on the code page of an action (src/features/auth/step-up.ts).
 */
export const PASSKEY_FIELD = 'passkey';
export const STEP_UP_PASSKEY_FIELD = 'stepUpPasskey';

export const PASSKEY_FAILED =
  'Your passkey could not be checked. Try it again, or enter the security code from your authenticator app';

/** The passkey answer a form carries in that field, or null when it carries none. */
export function passkeyAnswer(body: unknown, field: string = PASSKEY_FIELD): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const value = (body as Record<string, unknown>)[field];
  return typeof value === 'string' && value.length > 0 && value.length <= 20_000 ? value : null;
}
