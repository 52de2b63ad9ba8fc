import type { Generated } from 'kysely';

export type TriageDecisionCode = 'accept' | 'advice_only' | 'decline' | 'urgent';

/** Health compartment: triage decisions (0030_casework.sql). */
export interface TriageTables {
  triage_decisions: {
    id: Generated<string>;
    case_id: string;
    decision: TriageDecisionCode;
    rationale: string;
    signposting: string | null;
    diverted_to: string | null;
    diverted_at: Date | null;
    decided_by: string;
    decided_at: Date;
    seconds_to_triage: number;
  };
}
