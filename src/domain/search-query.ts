/**
 * What a search box entry means (docs/search.md). Pure: the search service (src/features/search)
 * runs the query this gives. One box takes a case reference (WM-2026-0042), an NHS number
 * (spaces or hyphens allowed), a date of birth as people type it (2/3/1990, 2 March 1990,
 * 1990-03-02), a person's name, or else a PCMT or Channel reference.
 */
import { formatCaseReference, parseCaseReference } from './case-reference.ts';
import { daysInMonth } from './dates.ts';

export type SearchQuery =
  | { kind: 'case_reference'; reference: string }
  | { kind: 'nhs_number'; nhsNumber: string }
  | { kind: 'date_of_birth'; date: string }
  | { kind: 'name'; name: string }
  | { kind: 'external_reference'; reference: string };

export type SearchKind = SearchQuery['kind'];

export type ParsedSearch = { ok: true; query: SearchQuery } | { ok: false; message: string };

/** The longest entry read; a longer one is refused, not cut. */
export const SEARCH_MAX_LENGTH = 100;

export const SEARCH_MESSAGES = {
  empty: 'Enter a case reference, NHS number, date of birth or name',
  tooLong: `The search must be ${SEARCH_MAX_LENGTH} characters or fewer`,
  characters: "The search must only include letters, numbers, spaces and the characters - ' / .",
  shortName: 'Enter at least 2 letters of the name',
  date: 'Enter a real date of birth, like 2/3/1990 or 2 March 1990',
} as const;

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** A month by name, in full or its first three letters (sept too); undefined otherwise. */
function monthOf(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, '');
  if (w.length < 3) return undefined;
  const index = MONTHS.findIndex((m) => m === w || (w.length >= 3 && m.startsWith(w)));
  return index >= 0 ? index + 1 : undefined;
}

/** 'YYYY-MM-DD' when day, month and year make a real date from 1900; undefined otherwise. */
function realDate(year: number, month: number, day: number): string | undefined {
  if (!Number.isInteger(year) || year < 1900 || year > 2999) return undefined;
  if (!Number.isInteger(month) || month < 1 || month > 12) return undefined;
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) return undefined;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * A date as people type one: day first (UK), numeric with / . or - between the parts, with the
 * month in words, or ISO year first. Returns null when the entry looks like a date but is not
 * a real one, undefined when it does not look like a date at all.
 */
export function parseTypedDate(input: string): string | null | undefined {
  const text = input.trim().replace(/\s+/g, ' ');
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (m) return realDate(Number(m[1]), Number(m[2]), Number(m[3])) ?? null;
  m = /^(\d{1,2})\s?([/.-])\s?(\d{1,2})\s?\2\s?(\d{4})$/.exec(text);
  if (m) return realDate(Number(m[4]), Number(m[3]), Number(m[1])) ?? null;
  m = /^(\d{1,2})(?:st|nd|rd|th)? ([A-Za-z]+\.?),? (\d{4})$/.exec(text);
  if (m) {
    const month = monthOf(m[2]!);
    if (month === undefined) return undefined;
    return realDate(Number(m[3]), month, Number(m[1])) ?? null;
  }
  return undefined;
}

// Letters of any alphabet, combining marks, apostrophes (straight and curly), hyphens, spaces.
const NAME = /^[\p{L}\p{M}' \u2019-]+$/u;
const ALLOWED = /^[\p{L}\p{M}\p{N}' \u2019./_-]+$/u;

/** Reads one search box entry. Never throws; anything it cannot use gets a message to show. */
export function parseSearch(input: unknown): ParsedSearch {
  const raw = typeof input === 'string' ? input : '';
  const text = raw.trim().replace(/\s+/g, ' ');
  if (!text) return { ok: false, message: SEARCH_MESSAGES.empty };
  if (text.length > SEARCH_MAX_LENGTH) return { ok: false, message: SEARCH_MESSAGES.tooLong };
  if (!ALLOWED.test(text)) return { ok: false, message: SEARCH_MESSAGES.characters };

  // People say "WM-2026-42" as often as "WM-2026-0042": pad the sequence before reading it.
  const reference = parseCaseReference(
    text.replace(
      /^([A-Za-z]{2,4})\s*-\s*(\d{4})\s*-\s*(\d{1,3})$/,
      (_m, hub: string, year: string, n: string) => `${hub}-${year}-${n.padStart(4, '0')}`,
    ),
  );
  if (reference) {
    return {
      ok: true,
      query: { kind: 'case_reference', reference: formatCaseReference(reference) },
    };
  }
  const digits = text.replace(/[\s-]/g, '');
  if (/^\d{10}$/.test(digits))
    return { ok: true, query: { kind: 'nhs_number', nhsNumber: digits } };
  const date = parseTypedDate(text);
  if (date) return { ok: true, query: { kind: 'date_of_birth', date } };
  if (date === null) return { ok: false, message: SEARCH_MESSAGES.date };
  if (NAME.test(text)) {
    const letters = text.replace(/[^\p{L}]/gu, '');
    if (letters.length < 2) return { ok: false, message: SEARCH_MESSAGES.shortName };
    return { ok: true, query: { kind: 'name', name: text.normalize('NFC') } };
  }
  return { ok: true, query: { kind: 'external_reference', reference: text.toUpperCase() } };
}
