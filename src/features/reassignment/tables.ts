import type { Generated } from 'kysely';

/** Requests handed from one case officer to another (0201_request_reassignments.sql). */
export interface ReassignmentTables {
  request_reassignments: {
    id: Generated<string>;
    case_id: string;
    from_officer: string;
    to_officer: string;
    reassigned_by: string;
    reassigned_at: Date;
  };
}
