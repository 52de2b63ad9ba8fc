import type { CodeOf } from './list.ts';

/**
 * Equality monitoring and the age bands of the statistics (PRODUCT.md "What it measures").
 */

/** ONS 2021 Census ethnic groups, England and Wales: 19 categories in 5 groups. */
export const ETHNIC_GROUP_HEADINGS = [
  { code: 'asian', label: 'Asian, Asian British or Asian Welsh' },
  { code: 'black', label: 'Black, Black British, Black Welsh, Caribbean or African' },
  { code: 'mixed', label: 'Mixed or Multiple ethnic groups' },
  { code: 'white', label: 'White' },
  { code: 'other', label: 'Other ethnic group' },
] as const;

export const ETHNIC_GROUPS = [
  { code: 'asian_bangladeshi', group: 'asian', label: 'Bangladeshi' },
  { code: 'asian_chinese', group: 'asian', label: 'Chinese' },
  { code: 'asian_indian', group: 'asian', label: 'Indian' },
  { code: 'asian_pakistani', group: 'asian', label: 'Pakistani' },
  { code: 'asian_other', group: 'asian', label: 'Any other Asian background' },
  { code: 'black_african', group: 'black', label: 'African' },
  { code: 'black_caribbean', group: 'black', label: 'Caribbean' },
  {
    code: 'black_other',
    group: 'black',
    label: 'Any other Black, Black British or Caribbean background',
  },
  { code: 'mixed_white_asian', group: 'mixed', label: 'White and Asian' },
  { code: 'mixed_white_black_african', group: 'mixed', label: 'White and Black African' },
  { code: 'mixed_white_black_caribbean', group: 'mixed', label: 'White and Black Caribbean' },
  { code: 'mixed_other', group: 'mixed', label: 'Any other Mixed or Multiple ethnic background' },
  {
    code: 'white_british',
    group: 'white',
    label: 'English, Welsh, Scottish, Northern Irish or British',
  },
  { code: 'white_irish', group: 'white', label: 'Irish' },
  { code: 'white_gypsy_traveller', group: 'white', label: 'Gypsy or Irish Traveller' },
  { code: 'white_roma', group: 'white', label: 'Roma' },
  { code: 'white_other', group: 'white', label: 'Any other White background' },
  { code: 'other_arab', group: 'other', label: 'Arab' },
  { code: 'other_any', group: 'other', label: 'Any other ethnic group' },
  { code: 'not_stated', group: null, label: 'Not stated' },
  // The person's ethnic group is not known to whoever recorded it (not the person's choice).
  { code: 'not_known', group: null, label: 'Not known' },
] as const satisfies readonly {
  code: string;
  group: CodeOf<typeof ETHNIC_GROUP_HEADINGS> | null;
  label: string;
}[];

export const GENDERS = [
  { code: 'male', label: 'Male' },
  { code: 'female', label: 'Female' },
  { code: 'other', label: 'Non-binary or another gender' },
  { code: 'not_stated', label: 'Not stated' },
] as const;

/**
 * The Home Office Prevent statistics' age groups up to 2023/24, so VSS figures sit beside
 * the national ones. (Reports of the 2024/25 release describe finer bands for children, such
 * as 11 to 15 and 16 to 17; these bands are data, so they can follow once confirmed.)
 */
export const AGE_BANDS = [
  { code: 'under_15', label: 'Under 15', from: 0, to: 14 },
  { code: '15_17', label: '15 to 17', from: 15, to: 17 },
  { code: '18_20', label: '18 to 20', from: 18, to: 20 },
  { code: '21_30', label: '21 to 30', from: 21, to: 30 },
  { code: '31_40', label: '31 to 40', from: 31, to: 40 },
  { code: '41_50', label: '41 to 50', from: 41, to: 50 },
  { code: '51_60', label: '51 to 60', from: 51, to: 60 },
  { code: '61_and_over', label: '61 and over', from: 61, to: Infinity },
  { code: 'not_known', label: 'Not known', from: NaN, to: NaN },
] as const;
export type AgeBand = CodeOf<typeof AGE_BANDS>;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Age in whole years on a day, from calendar dates ('YYYY-MM-DD', the UK date: callers
 * convert instants to Europe/London first). A 29 February birthday counts from 1 March in
 * other years, as UK law does.
 */
export function ageOn(dateOfBirth: string, on: string): number {
  const birth = ISO_DATE.exec(dateOfBirth);
  const day = ISO_DATE.exec(on);
  if (!birth || !day) throw new RangeError('Dates must be YYYY-MM-DD');
  const [by, bm, bd] = birth.slice(1).map(Number) as [number, number, number];
  const [y, m, d] = day.slice(1).map(Number) as [number, number, number];
  const hadBirthday = m > bm || (m === bm && d >= bd);
  return y - by - (hadBirthday ? 0 : 1);
}

export function ageBandOf(age: number | null | undefined): AgeBand {
  if (age === null || age === undefined || !Number.isInteger(age) || age < 0) return 'not_known';
  return AGE_BANDS.find((band) => age >= band.from && age <= band.to)?.code ?? 'not_known';
}
