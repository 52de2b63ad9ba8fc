/**
 * Password rules for local accounts (ASVS 6.2): at least 12 characters, at most 128, and not one
 * of the most common passwords. No composition rules: length beats complexity.
 */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 128;

// The commonest passwords of 12+ characters in public breach corpora, lower-cased.
const COMMON = new Set([
  '123456789012',
  '1234567890123',
  'qwertyuiopas',
  'qwerty123456',
  'password1234',
  'password12345',
  'password123456',
  'passwordpassword',
  'iloveyou1234',
  'administrator',
  'administrator1',
  'welcome12345',
  'welcome123456',
  'changeme1234',
  'letmein12345',
  'abcdefghijkl',
  'abc123456789',
  'aaaaaaaaaaaa',
  '111111111111',
  '000000000000',
  '123123123123',
  'qwertyqwerty',
  '1q2w3e4r5t6y',
  'zaq12wsxcde3',
  'football1234',
  'baseball1234',
  'sunshine1234',
  'princess1234',
  'monkey123456',
  'dragon123456',
  'trustno1trustno1',
  'cicerocicero',
  'password1!password1!',
]);

export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `Password must be ${MIN_PASSWORD_LENGTH} characters or more`;
  if (password.length > MAX_PASSWORD_LENGTH)
    return `Password must be ${MAX_PASSWORD_LENGTH} characters or fewer`;
  const lower = password.toLowerCase();
  if (
    COMMON.has(lower) ||
    /^(.)\1+$/.test(password) ||
    /^(0123456789|1234567890)+\d*$/.test(lower)
  ) {
    return 'Password is too common. Choose a longer phrase, for example three unrelated words';
  }
  return null;
}
