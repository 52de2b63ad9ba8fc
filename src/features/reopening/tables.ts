import type { ColumnType, Generated } from 'kysely';

/** Reopening and rectification (0170_case_reopenings.sql, 0171_note_rectifications.sql). */
export interface ReopeningTables {
  case_reopenings: {
    id: Generated<string>;
    case_id: string;
    reason: string;
    closed_at: Date;
    closure_outcome: string | null;
    reopened_by: string;
    reopened_at: Date;
  };
  note_rectifications: {
    id: Generated<string>;
    case_id: string;
    note_id: string;
    /** 'YYYY-MM-DD' */
    requested_on: ColumnType<string, string, never>;
    request: string;
    outcome: 'corrected' | 'annotated';
    corrected_version: number | null;
    annotation: string | null;
    statement: string | null;
    decided_by: string;
    decided_at: Date;
  };
}
