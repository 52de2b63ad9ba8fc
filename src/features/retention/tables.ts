import type { Generated } from 'kysely';
import type { RetentionClock } from '../../domain/retention.ts';

/** Records retention (0160_retention.sql, docs/records.md). */
export interface RetentionTables {
  retention_decisions: {
    id: Generated<string>;
    case_id: string;
    clock: RetentionClock;
    decision: 'keep';
    reason: string;
    /** 'YYYY-MM-DD' on both drivers. */
    next_review_on: string;
    decided_by: string;
    decided_at: Date;
  };
  retention_reviews: {
    case_id: string;
    clock: RetentionClock;
    /** 'YYYY-MM-DD' on both drivers. */
    due_on: string;
    computed_at: Date;
  };
  /** Disposal proposals, approvals and, once disposed of, the tombstone (0165_disposal.sql). */
  retention_disposals: {
    id: Generated<string>;
    case_id: string;
    clock: RetentionClock;
    status: 'proposed' | 'disposed' | 'withdrawn';
    reason: string;
    proposed_by: string;
    proposed_at: Date;
    approved_by: string | null;
    approver_step_up_at: Date | null;
    disposed_at: Date | null;
    reference: string | null;
    hub_id: string | null;
    /** 'YYYY-MM-DD' on both drivers. */
    requested_on: string | null;
    closed_on: string | null;
    outcome: string | null;
  };
  /** The person's date of death (one row per person). */
  person_deaths: {
    person_id: string;
    /** 'YYYY-MM-DD' on both drivers. */
    date_of_death: string;
    source: DeathSource;
    recorded_by: string;
    recorded_at: Date;
  };
}

export const DEATH_SOURCES = [
  { code: 'gp_or_nhs_record', label: 'GP or NHS record' },
  { code: 'family_or_carer', label: 'Family or carer' },
  { code: 'police', label: 'Police' },
  { code: 'coroner', label: 'Coroner' },
  { code: 'other', label: 'Other' },
] as const;
export type DeathSource = (typeof DEATH_SOURCES)[number]['code'];
