import type { CaseAction } from '../case-state.ts';

/** Triage decisions (PRODUCT.md step 2), each the case action that records it. */
export const TRIAGE_DECISIONS = [
  { code: 'accept', label: 'Accept for assessment', action: 'triage_accept' },
  { code: 'advice_only', label: 'Advice only', action: 'triage_advice_only' },
  { code: 'decline', label: 'Decline with signposting', action: 'triage_decline' },
  { code: 'urgent', label: 'Urgent: divert to crisis care', action: 'triage_urgent' },
] as const satisfies readonly { code: string; label: string; action: CaseAction }[];

/** Closure outcomes (PRODUCT.md step 11). "Diverted" counts as a successful diversion. */
export const CLOSURE_OUTCOMES = [
  {
    code: 'diverted_mainstream_mental_health',
    label: 'Diverted to mainstream mental health services',
  },
  { code: 'supported_then_discharged', label: 'Supported by VSS then discharged' },
  { code: 'crisis_care', label: 'Crisis care' },
  { code: 'referred_other_services', label: 'Referred to other services' },
  { code: 'no_mental_health_needs', label: 'No mental health needs identified' },
  { code: 'consent_declined', label: 'Consent declined' },
  { code: 'disengaged', label: 'Disengaged' },
  { code: 'transferred_hub', label: 'Transferred to another hub' },
  { code: 'advice_given', label: 'Advice given' },
] as const;
