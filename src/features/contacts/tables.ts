import type { ColumnType, Generated } from 'kysely';
import type {
  CancelledBy,
  ContactKind,
  ContactMethod,
  ContactStatus,
} from '../../domain/contacts.ts';

/** Contacts and appointments (0130_contacts.sql), health compartment. */
export interface ContactTables {
  contacts: {
    id: Generated<string>;
    case_id: string;
    kind: ContactKind;
    method: ContactMethod;
    status: ContactStatus;
    starts_at: Date;
    place: string | null;
    with_whom: string | null;
    clinician_id: string;
    duration_minutes: number | null;
    summary: string | null;
    follow_up: string | null;
    cancelled_by: CancelledBy | null;
    rescheduled_to: string | null;
    recorded_by: string;
    recorded_at: Date;
    outcome_by: string | null;
    outcome_at: Date | null;
    version: Generated<number>;
  };
  /**
   * The column 0130 adds to cases (declared here, with the feature that keeps it; the DB type
   * joins it to the rest of `cases`): the UK day of the last attended contact with the person,
   * kept by the contacts trigger. 'YYYY-MM-DD'.
   */
  cases: {
    last_person_contact_on: ColumnType<string | null, never, never>;
  };
}
