import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';

/** A choice in a form: a stored code and the words people see. */
export interface Option {
  code: string;
  label: string;
}

export const GENDERS: Option[] = [
  { code: 'female', label: 'Female' },
  { code: 'male', label: 'Male' },
  { code: 'other', label: 'Another gender' },
  { code: 'not_known', label: 'Not known' },
];

/** The ONS 2021 census ethnic groups for England and Wales, and "not known". */
export const ETHNICITIES: Option[] = [
  { code: 'asian_indian', label: 'Asian or Asian British: Indian' },
  { code: 'asian_pakistani', label: 'Asian or Asian British: Pakistani' },
  { code: 'asian_bangladeshi', label: 'Asian or Asian British: Bangladeshi' },
  { code: 'asian_chinese', label: 'Asian or Asian British: Chinese' },
  { code: 'asian_other', label: 'Asian or Asian British: any other Asian background' },
  { code: 'black_caribbean', label: 'Black, Black British, Caribbean or African: Caribbean' },
  { code: 'black_african', label: 'Black, Black British, Caribbean or African: African' },
  {
    code: 'black_other',
    label:
      'Black, Black British, Caribbean or African: any other Black, Black British, or Caribbean background',
  },
  {
    code: 'mixed_white_black_caribbean',
    label: 'Mixed or multiple ethnic groups: White and Black Caribbean',
  },
  {
    code: 'mixed_white_black_african',
    label: 'Mixed or multiple ethnic groups: White and Black African',
  },
  { code: 'mixed_white_asian', label: 'Mixed or multiple ethnic groups: White and Asian' },
  {
    code: 'mixed_other',
    label: 'Mixed or multiple ethnic groups: any other Mixed or multiple ethnic background',
  },
  { code: 'white_british', label: 'White: English, Welsh, Scottish, Northern Irish or British' },
  { code: 'white_irish', label: 'White: Irish' },
  { code: 'white_gypsy_traveller', label: 'White: Gypsy or Irish Traveller' },
  { code: 'white_roma', label: 'White: Roma' },
  { code: 'white_other', label: 'White: any other White background' },
  { code: 'other_arab', label: 'Other ethnic group: Arab' },
  { code: 'other_any', label: 'Other ethnic group: any other ethnic group' },
  { code: 'not_known', label: 'Not known' },
];

export const PREVENT_STAGES: Option[] = [
  { code: 'police_led', label: 'Police-led case management' },
  { code: 'channel', label: 'Channel' },
];

/** Sectors Prevent referrals come from, as in the Home Office's Prevent statistics. */
export const REFERRAL_SECTORS: Option[] = [
  { code: 'education', label: 'Education' },
  { code: 'police', label: 'Police' },
  { code: 'health', label: 'Health' },
  { code: 'local_authority', label: 'Local authority' },
  { code: 'community', label: 'Community' },
  { code: 'family_friends', label: 'Family or friends' },
  { code: 'prisons_probation', label: 'Prisons or probation' },
  { code: 'other', label: 'Other' },
];

/** Types of concern as police record them; replaceable by config/concern-types.json. */
export const DEFAULT_CONCERN_TYPES: Option[] = [
  { code: 'islamist', label: 'Islamist' },
  { code: 'extreme_right_wing', label: 'Extreme right-wing' },
  { code: 'left_wing_anarchist_single_issue', label: 'Left-wing, anarchist or single-issue' },
  { code: 'conflicted', label: 'Conflicted' },
  { code: 'school_massacre', label: 'School massacre' },
  { code: 'incel', label: 'Incel' },
  { code: 'mixed_unclear_unstable', label: 'Mixed, unclear or unstable' },
  { code: 'no_ideology', label: 'No ideology or counter-terrorism risk' },
  { code: 'other', label: 'Other' },
];

export const PERSON_AWARE: Option[] = [
  { code: 'yes', label: 'Yes' },
  { code: 'no', label: 'No' },
  { code: 'unknown', label: 'I do not know' },
];

export const URGENCIES: Option[] = [
  { code: 'routine', label: 'Routine' },
  { code: 'urgent', label: 'Urgent' },
];

const optionList = z
  .array(
    z.object({
      code: z.string().regex(/^[a-z0-9_]{1,60}$/, 'codes are lower case letters, digits and _'),
      label: z.string().min(1).max(200),
    }),
  )
  .min(1)
  .refine((list) => new Set(list.map((o) => o.code)).size === list.length, 'codes must be unique');

/**
 * The types of concern: config/concern-types.json when a service has its own list, else
 * the defaults. Read once at start; a malformed file stops the start rather than the form.
 */
export function loadConcernTypes(file: string): Option[] {
  if (!existsSync(file)) return DEFAULT_CONCERN_TYPES;
  const parsed = optionList.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(`${file}: ${parsed.error.issues[0]?.message ?? 'not a list of {code, label}'}`);
  }
  return parsed.data;
}

export const codes = (options: Option[]): [string, ...string[]] => {
  const list = options.map((o) => o.code);
  if (list.length === 0) throw new Error('an option list is empty');
  return list as [string, ...string[]];
};

export const labelOf = (options: Option[], code: string | null | undefined): string =>
  options.find((o) => o.code === code)?.label ?? code ?? '';
