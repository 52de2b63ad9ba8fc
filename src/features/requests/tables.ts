import type { ColumnType, Generated } from 'kysely';

export const CASE_STATUSES = [
  'awaiting_triage',
  'awaiting_allocation',
  'open',
  'advice_only',
  'closure_requested',
  'advice_closure_requested',
  'closed',
] as const;
export type CaseStatusCode = (typeof CASE_STATUSES)[number];

/** Cases, the police compartment of a case, and request drafts (0020_cases.sql). */
export interface CaseTables {
  case_reference_counters: { hub_id: string; year: number; last_value: number };
  cases: {
    id: Generated<string>;
    reference: string;
    hub_id: string;
    person_id: string;
    status: Generated<CaseStatusCode>;
    urgency: 'routine' | 'urgent';
    requested_by: string;
    requested_at: Date;
    previous_case_id: string | null;
    idempotency_key: string;
    closed_at: Date | null;
    version: Generated<number>;
    created_at: Generated<Date>;
  };
  support_requests: {
    case_id: string;
    pcmt_reference: string;
    prevent_stage: 'police_led' | 'channel';
    /** 'YYYY-MM-DD' */
    gateway_date: string;
    channel_reference: string | null;
    referral_sector: string;
    concern_type: string;
    concerns_seen: string;
    support_reason: string;
    gp_practice: string | null;
    mental_health_team: string | null;
    person_aware: 'yes' | 'no' | 'unknown';
    urgency_reason: string | null;
    submitted_at: Date;
  };
  police_updates: {
    id: Generated<string>;
    case_id: string;
    author_id: string;
    body: string;
    created_at: Date;
  };
  request_drafts: {
    id: Generated<string>;
    owner_id: string;
    hub_id: string | null;
    answers: ColumnType<Record<string, unknown>, string | undefined, string>;
    idempotency_key: string;
    created_at: Date;
    updated_at: Date;
    expires_at: Date;
  };
}
