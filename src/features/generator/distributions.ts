import type { CodeOf } from '../../domain/reference/list.ts';
import type {
  ADDITIONAL_NEEDS,
  MAINSTREAM_SERVICE_RELATIONS,
  PRESENTATIONS,
  PRIMARY_VULNERABILITIES,
} from '../../domain/reference/assessment.ts';
import type { CLOSURE_OUTCOMES, TRIAGE_DECISIONS } from '../../domain/reference/case-outcomes.ts';
import type { GENDERS } from '../../domain/reference/people.ts';
import type { CONCERN_TYPES, REFERRAL_SECTORS } from '../../domain/reference/prevent.ts';

/**
 * The shares the generator draws from, in the codes of src/domain/reference. Where a figure is
 * published it is cited (docs/synthetic-data.md lists the sources); the rest are our
 * assumptions, marked so. Weights need not sum to 1.
 */

/**
 * Sector of the Prevent referral. Home Office, "Individuals referred to and supported through
 * the Prevent Programme, April 2024 to March 2025": 8,778 referrals; education 3,129 (36%),
 * police 2,631 (30%), local authority 895 (10%). The remaining 24% is split by assumption.
 */
export const REFERRAL_SECTOR_WEIGHTS: Record<CodeOf<typeof REFERRAL_SECTORS>, number> = {
  education: 3129,
  police: 2631,
  local_authority: 895,
  health: 760,
  community: 230,
  friends_family: 300,
  prisons: 190,
  probation: 210,
  other: 433,
};

/**
 * Type of concern. Same release: no ideology or unclear 56%, extreme right-wing 21%, Islamist
 * 10%. How the 56% and the remaining 13% divide between categories is our assumption.
 */
export const CONCERN_TYPE_WEIGHTS: Record<CodeOf<typeof CONCERN_TYPES>, number> = {
  // "No ideology or unclear": 56 in all.
  vulnerability_no_ideology: 30,
  no_ideology_or_ct_risk: 10,
  high_ct_risk_no_ideology: 4,
  conflicted: 6,
  school_massacre: 6,
  extreme_right_wing: 21,
  islamist: 10,
  // The rest: 13.
  left_anarchist_single_issue: 3,
  incel: 4,
  other: 6,
};

/** The concern types counted as "no ideology or unclear" in the published figure. */
export const NO_IDEOLOGY_OR_UNCLEAR: readonly CodeOf<typeof CONCERN_TYPES>[] = [
  'vulnerability_no_ideology',
  'no_ideology_or_ct_risk',
  'high_ct_risk_no_ideology',
  'conflicted',
  'school_massacre',
];

/** Prevent referrals are about 88–90% male (Home Office releases 2019/20 to 2024/25). */
export const GENDER_WEIGHTS: Record<CodeOf<typeof GENDERS>, number> = {
  male: 89,
  female: 10.4,
  other: 0.3,
  not_stated: 0.3,
};

/**
 * Age at referral, in years: a majority of Prevent referrals are under 18 (Home Office
 * 2023/24 and 2024/25 releases: the 11 to 15 group is the largest). The bands' shares are
 * our assumption around that.
 */
export const AGE_WEIGHTS: Record<string, { from: number; to: number; weight: number }> = {
  '11_14': { from: 11, to: 14, weight: 27 },
  '15_17': { from: 15, to: 17, weight: 28 },
  '18_20': { from: 18, to: 20, weight: 11 },
  '21_30': { from: 21, to: 30, weight: 16 },
  '31_40': { from: 31, to: 40, weight: 9 },
  '41_50': { from: 41, to: 50, weight: 5 },
  '51_60': { from: 51, to: 60, weight: 3 },
  '61_75': { from: 61, to: 75, weight: 1 },
};

/** Assumption: about one request in twelve is marked urgent by the case officer. */
export const URGENT_SHARE = 0.08;

/** Assumption: the VSS accepts most requests; urgent requests are often diverted to crisis care. */
export const TRIAGE_WEIGHTS: Record<CodeOf<typeof TRIAGE_DECISIONS>, number> = {
  accept: 57,
  advice_only: 27,
  decline: 13,
  urgent: 3,
};
export const URGENT_REQUEST_TRIAGE_WEIGHTS: Record<CodeOf<typeof TRIAGE_DECISIONS>, number> = {
  accept: 45,
  advice_only: 10,
  decline: 5,
  urgent: 40,
};

/**
 * Primary vulnerability among VSS requests: 30% a diagnosable mental illness, 43% complex
 * needs (the VSS evaluation figures quoted in issue #7). The rest split by assumption.
 */
export const PRIMARY_VULNERABILITY_WEIGHTS: Record<
  CodeOf<typeof PRIMARY_VULNERABILITIES>,
  number
> = {
  diagnosable_mental_illness: 30,
  complex_needs: 43,
  mental_health_not_primary: 18,
  no_mental_health_needs: 9,
};

/** About a quarter not known or lost to services: lost 10%, never known 15%. */
export const MAINSTREAM_RELATION_WEIGHTS: Record<
  CodeOf<typeof MAINSTREAM_SERVICE_RELATIONS>,
  number
> = {
  currently_known: 48,
  known_not_engaged: 27,
  lost_to_services: 10,
  never_known: 15,
};

/**
 * 93% of those with mental health difficulties (any primary vulnerability but "no mental health
 * needs identified", as the statistics count them: hasMentalHealthDifficulties) have additional
 * needs; the share of the others is our assumption.
 */
export const ADDITIONAL_NEEDS_SHARE_WITH_MH = 0.93;
export const ADDITIONAL_NEEDS_SHARE_OTHERS = 0.6;
/** Which additional needs, given some: each by assumption. At least one is always kept. */
export const ADDITIONAL_NEED_PROBABILITIES: Record<CodeOf<typeof ADDITIONAL_NEEDS>, number> = {
  housing: 0.3,
  childhood_trauma: 0.45,
  social_instability: 0.5,
  unemployment: 0.35,
  debt: 0.15,
  bereavement: 0.15,
  other_stressors: 0.2,
};

/** Autism in about one in seven; the other presentations by assumption. */
export const PRESENTATION_PROBABILITIES: Record<CodeOf<typeof PRESENTATIONS>, number> = {
  psychosis: 0.12,
  depression: 0.3,
  anxiety: 0.3,
  dysregulated_emotions: 0.2,
  personality_difficulties: 0.12,
  substance_misuse: 0.18,
  complex_communication: 0.06,
  // Presentations are recorded only where there are mental health needs (91%): 1 in 7 overall.
  autism: 1 / 7 / 0.91,
  adhd: 0.12,
  learning_disability: 0.05,
  other: 0.03,
};

/** Convictions in 30–60% (we use 45%), past supervision failures in over a third (38%). */
export const CONVICTIONS_SHARE = 0.45;
export const SUPERVISION_FAILURES_SHARE = 0.38;
/** Assumption: for one formulation in twelve, offending history is not known. */
export const OFFENDING_NOT_KNOWN_SHARE = 0.08;

/** Assumption: what the first consent record says. */
export const CONSENT_WEIGHTS = {
  given: 74,
  declined: 12,
  not_yet_sought: 11,
  lacks_capacity_best_interests: 3,
} as const;

/** Closure outcomes of accepted cases, by assumption. */
export const ACCEPTED_OUTCOME_WEIGHTS = {
  diverted_mainstream_mental_health: 34,
  supported_then_discharged: 22,
  referred_other_services: 15,
  no_mental_health_needs: 9,
  disengaged: 8,
  crisis_care: 3,
  transferred_hub: 2,
} satisfies Partial<Record<CodeOf<typeof CLOSURE_OUTCOMES>, number>>;

/** Assumption: one re-referral in twelve requests, where the person has a closed episode. */
export const RE_REFERRAL_SHARE = 0.08;

/** Hubs' shares of requests: the pilot hubs by assumption, other hubs equal to West Midlands. */
export const HUB_WEIGHTS: Record<string, number> = { LDN: 38, NW: 32, WM: 30 };
export const OTHER_HUB_WEIGHT = 30;
