import { CLOSURE_OUTCOMES, TRIAGE_DECISIONS } from '../../domain/reference/case-outcomes.ts';
import { ETHNIC_GROUPS, ETHNIC_GROUP_HEADINGS } from '../../domain/reference/people.ts';
import { CONFIDENCE_LEVELS } from '../closure/form.ts';

/** The categories of the published tables: reference lists and the rows only statistics have. */

export interface Category {
  code: string;
  label: string;
}

export const TRIAGE_CATEGORIES: Category[] = [
  ...TRIAGE_DECISIONS,
  { code: 'not_triaged', label: 'Not yet triaged' },
];
export const OUTCOME_CATEGORIES: Category[] = [
  ...CLOSURE_OUTCOMES,
  { code: 'declined_at_triage', label: 'Declined at triage, with signposting' },
  { code: 'urgent_diversion_at_triage', label: 'Urgent diversion to crisis care at triage' },
];
/**
 * Outcomes that mean the person was handed to mainstream care (docs/statistics.md):
 * an urgent diversion to crisis care at triage, and closures "diverted to mainstream mental
 * health services" or "crisis care". "Referred to other services" is not counted: those
 * services need not be mental health care.
 */
export const DIVERSION_OUTCOMES = [
  'urgent_diversion_at_triage',
  'diverted_mainstream_mental_health',
  'crisis_care',
] as const;
export const CONFIDENCE_CATEGORIES: Category[] = [
  ...CONFIDENCE_LEVELS.map((l) => ({ code: l.value, label: `${l.value}: ${l.text}` })),
  { code: 'not_answered', label: 'Not answered' },
];
export const YES_NO: Category[] = [
  { code: 'yes', label: 'Yes' },
  { code: 'no', label: 'No' },
  { code: 'not_known', label: 'Not known' },
];
export const NOT_RECORDED: Category = { code: 'not_recorded', label: 'Not recorded' };
export const ETHNICITY_HEADINGS: Category[] = [
  ...ETHNIC_GROUP_HEADINGS,
  { code: 'not_stated', label: 'Not stated or not known' },
];
/**
 * The heading an ethnicity code belongs to: "not stated" and "not known" together, and a code
 * no longer listed as itself (a column "Code no longer listed", as in the ethnic group table),
 * so both tables count the same requests in the same places.
 */
export function ethnicGroupOf(code: string): string {
  const group = ETHNIC_GROUPS.find((g) => g.code === code);
  if (!group) return code;
  return group.group ?? 'not_stated';
}
