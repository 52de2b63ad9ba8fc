import type { ColumnType, Generated } from 'kysely';

/** A correction request on a record and its answer (0171, generalised by 0185). */
interface RectificationRow<Kind extends string> {
  id: Generated<string>;
  case_id: string;
  record_kind: Kind;
  record_id: string;
  /** 'YYYY-MM-DD' */
  requested_on: ColumnType<string, string, never>;
  request: string;
  outcome: 'corrected' | 'annotated';
  corrected_version: number | null;
  previous_text: string | null;
  annotation: string | null;
  statement: string | null;
  decided_by: string;
  decided_at: Date;
}

/**
 * Reopening and rectification (0170_case_reopenings.sql, 0171_note_rectifications.sql and
 * 0185_record_rectifications.sql: health records' rectifications, and the police ones).
 */
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
  record_rectifications: RectificationRow<'note' | 'contact' | 'liaison' | 'formulation' | 'plan'>;
  police_rectifications: RectificationRow<'police_request' | 'police_update'>;
}
