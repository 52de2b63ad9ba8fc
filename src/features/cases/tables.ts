import type { Generated } from 'kysely';

/** Reasons given for opening a case outside one's allocation (0030_casework.sql). */
export interface CaseworkTables {
  case_access_reasons: {
    id: Generated<string>;
    case_id: string;
    user_id: string;
    session_id: string;
    reason: string;
    recorded_at: Date;
  };
}
