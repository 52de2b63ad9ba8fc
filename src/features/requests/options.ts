import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  ETHNIC_GROUP_HEADINGS,
  ETHNIC_GROUPS,
  GENDERS as REFERENCE_GENDERS,
} from '../../domain/reference/people.ts';
import {
  CONCERN_TYPES,
  PREVENT_STAGES as REFERENCE_PREVENT_STAGES,
  REFERRAL_SECTORS as REFERENCE_REFERRAL_SECTORS,
  URGENCIES as REFERENCE_URGENCIES,
} from '../../domain/reference/prevent.ts';

/** A choice in a form: a stored code and the words people see. */
export interface Option {
  code: string;
  label: string;
}

// The lists live once, as data, in src/domain/reference: the same codes feed statistics.
export const GENDERS: Option[] = [...REFERENCE_GENDERS];

/** The ONS 2021 ethnic groups, each labelled with its heading (a select has no groups here). */
export const ETHNICITIES: Option[] = ETHNIC_GROUPS.map((e) => ({
  code: e.code,
  label: e.group
    ? `${ETHNIC_GROUP_HEADINGS.find((h) => h.code === e.group)!.label}: ${e.label}`
    : e.label,
}));

export const PREVENT_STAGES: Option[] = [...REFERENCE_PREVENT_STAGES];
export const REFERRAL_SECTORS: Option[] = [...REFERENCE_REFERRAL_SECTORS];
/** Types of concern as police record them; replaceable by config/concern-types.json. */
export const DEFAULT_CONCERN_TYPES: Option[] = [...CONCERN_TYPES];
export const URGENCIES: Option[] = [...REFERENCE_URGENCIES];

export const PERSON_AWARE: Option[] = [
  { code: 'yes', label: 'Yes' },
  { code: 'no', label: 'No' },
  { code: 'unknown', label: 'I do not know' },
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
