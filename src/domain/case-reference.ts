/**
 * The short reference people see and say on the phone, like WM-2026-0042: hub code, year
 * the request was made, and the hub's sequence number for that year (at least 4 digits). Ids
 * in URLs stay UUIDs; this is for people.
 */

export interface CaseReference {
  /** As in the hubs table: 2 to 4 capital letters. */
  hub: string;
  year: number;
  /** From 1, per hub and year. */
  sequence: number;
}

const HUB = /^[A-Z]{2,4}$/;
const PATTERN = /^([A-Z]{2,4})-(\d{4})-(\d{4,})$/;

export function formatCaseReference({ hub, year, sequence }: CaseReference): string {
  if (!HUB.test(hub)) throw new RangeError('A hub code is 2 to 4 capital letters');
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new RangeError('A year has 4 digits');
  }
  if (!Number.isSafeInteger(sequence) || sequence < 1) {
    throw new RangeError('A sequence number is a whole number from 1');
  }
  return `${hub}-${year}-${String(sequence).padStart(4, '0')}`;
}

/**
 * Read a reference as a user might type it: any case, spaces around it. Extra leading zeros
 * are accepted; formatting gives the usual form back. Undefined when it is not a reference.
 */
export function parseCaseReference(input: string): CaseReference | undefined {
  const match = PATTERN.exec(input.trim().toUpperCase());
  if (!match) return undefined;
  const sequence = Number(match[3]);
  if (!Number.isSafeInteger(sequence) || sequence < 1) return undefined;
  return { hub: match[1]!, year: Number(match[2]), sequence };
}
