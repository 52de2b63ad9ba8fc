import type { ColumnType, Generated } from 'kysely';

/** Liaison with other services (0052_liaison.sql), health compartment. */
export interface LiaisonTables {
  liaison_contacts: {
    id: Generated<string>;
    case_id: string;
    /** 'YYYY-MM-DD' */
    contact_date: ColumnType<string, string, string>;
    agency_type: string;
    organisation: string;
    direction: 'outgoing' | 'incoming';
    purpose: string;
    summary: string;
    on_behalf: boolean;
    consent_covers: boolean;
    recorded_by: string;
    recorded_at: Date;
    updated_by: string | null;
    updated_at: Date | null;
    version: Generated<number>;
  };
}
