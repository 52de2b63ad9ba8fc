import type { ColumnType, Generated } from 'kysely';

/** Advice, closure and feedback tables (0040_closure.sql). */
export interface ClosureTables {
  advice: {
    id: Generated<string>;
    case_id: string;
    author_id: string;
    title: string | null;
    body: string;
    /** 'YYYY-MM-DD' */
    given_at: ColumnType<string, string, string>;
    created_at: Date;
    /** 0052_liaison.sql: for a communication strategy, body is the approach. */
    kind: Generated<'advice' | 'communication_strategy'>;
    avoid: string | null;
    involve: string | null;
  };
  closure_requests: {
    id: Generated<string>;
    case_id: string;
    requested_by: string;
    requested_at: Date;
    outcome: string;
    summary: string;
    closing_notes: string;
    decision: Generated<'pending' | 'approved' | 'returned'>;
    decided_by: string | null;
    decided_at: Date | null;
    return_reason: string | null;
  };
  closure_summaries: {
    case_id: string;
    closure_request_id: string;
    outcome: string;
    summary: string;
    approved_by: string;
    approved_at: Date;
  };
  closure_feedback: {
    case_id: string;
    officer_id: string;
    confidence: number;
    comment: string | null;
    answered_at: Date;
  };
}
