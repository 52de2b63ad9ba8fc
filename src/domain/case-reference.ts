/**
 * Case references people can read out on the phone: hub code, year, and a per-hub, per-year
 * sequence of at least four digits, like WM-2026-0042.
 */
export function formatCaseReference(hubCode: string, year: number, sequence: number): string {
  if (!/^[A-Z]{2,4}$/.test(hubCode)) throw new Error('a hub code is 2 to 4 capital letters');
  if (!Number.isInteger(sequence) || sequence < 1) throw new Error('a sequence starts at 1');
  return `${hubCode}-${year}-${String(sequence).padStart(4, '0')}`;
}

export const CASE_REFERENCE_PATTERN = /^[A-Z]{2,4}-\d{4}-\d{4,}$/;
