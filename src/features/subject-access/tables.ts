import type { Generated } from 'kysely';
import type {
  IdentityMethod,
  ReviewDecision,
  SarController,
  WithholdGround,
} from '../../domain/subject-access.ts';

/** One gathered item (the health and police tables have the same shape). */
interface ItemRow {
  id: Generated<string>;
  request_id: string;
  case_id: string;
  source_table: string;
  source_id: string;
  position: number;
  recorded_at: Date | null;
  body: string;
  decision: ReviewDecision | null;
  ground: WithholdGround | null;
  reason: string | null;
  released_text: string | null;
  reviewed_by: string | null;
  reviewed_at: Date | null;
}

/** Subject access requests (0180_subject_access.sql, docs/records.md). */
export interface SubjectAccessTables {
  subject_access_requests: {
    id: Generated<string>;
    person_id: string;
    /** 'YYYY-MM-DD' on both drivers. */
    received_on: string;
    identity_method: IdentityMethod;
    identity_checked_by: string;
    controller: SarController;
    due_on: string;
    extended_to: string | null;
    extension_reason: string | null;
    extended_by: string | null;
    registered_by: string;
    registered_at: Date;
    gathered_at: Date | null;
    disclosed_by: string | null;
    disclosed_at: Date | null;
  };
  subject_access_health_items: ItemRow;
  subject_access_police_items: ItemRow;
}
