/**
 * Intervention plans (PRODUCT.md step 6): needs, each with actions.
 */

export const PLAN_NEED_CATEGORIES = [
  { code: 'access_to_services', label: 'Access to services' },
  { code: 'protective_factors', label: 'Building protective factors' },
  { code: 'mental_health_safeguarding', label: 'Mental health safeguarding' },
  { code: 'officer_advice', label: 'Advice and communication strategies for the case officer' },
] as const;

export const SERVICE_TYPES = [
  { code: 'mental_health', label: 'Mental health' },
  { code: 'crisis_care', label: 'Crisis care' },
  { code: 'housing', label: 'Housing' },
  { code: 'substance_misuse', label: 'Substance misuse' },
  { code: 'offending_behaviour', label: 'Offending behaviour' },
  { code: 'education', label: 'Education' },
  { code: 'employment', label: 'Employment' },
  { code: 'social_support', label: 'Social support' },
  { code: 'other', label: 'Other' },
] as const;

/** "Not achieved" asks why, so reviews learn from it. */
export const ACTION_STATUSES = [
  { code: 'planned', label: 'Planned', reasonRequired: false },
  { code: 'in_progress', label: 'In progress', reasonRequired: false },
  { code: 'done', label: 'Done', reasonRequired: false },
  { code: 'not_achieved', label: 'Not achieved', reasonRequired: true },
] as const;

export type PlanNeedCategory = (typeof PLAN_NEED_CATEGORIES)[number]['code'];
export type ServiceType = (typeof SERVICE_TYPES)[number]['code'];
export type ActionStatus = (typeof ACTION_STATUSES)[number]['code'];
