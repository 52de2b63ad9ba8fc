/**
 * NHS numbers: ten digits, the last a modulus 11 check digit (NHS Data Dictionary).
 * People type them with spaces or hyphens ("485 777 3456"); we store the ten digits.
 */

/** The ten digits of a typed NHS number, or null when it is not one (wrong length or check). */
export function parseNhsNumber(typed: string): string | null {
  const digits = typed.replace(/[\s-]/g, '');
  if (!/^[0-9]{10}$/.test(digits)) return null;
  return nhsCheckDigit(digits.slice(0, 9)) === Number(digits[9]) ? digits : null;
}

/** The check digit for the first nine digits, or null when no check digit can make them valid. */
export function nhsCheckDigit(nineDigits: string): number | null {
  let sum = 0;
  for (let i = 0; i < 9; i += 1) sum += Number(nineDigits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return null;
  return check;
}

/** Shown grouped 3-3-4, as on NHS documents. */
export function formatNhsNumber(digits: string): string {
  return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
}
