import type { ColumnType, Generated } from 'kysely';
import type { CodeOf } from '../../domain/reference/list.ts';
import type { LIAISON_AGENCY_TYPES, LIAISON_PURPOSES } from '../../domain/reference/liaison.ts';

/** Liaison with other services (0052_liaison.sql), health compartment. */
export interface LiaisonTables {
  liaison_contacts: {
    id: Generated<string>;
    case_id: string;
    /** 'YYYY-MM-DD' */
    contact_date: ColumnType<string, string, string>;
    agency_type: CodeOf<typeof LIAISON_AGENCY_TYPES>;
    organisation: string;
    direction: 'outgoing' | 'incoming';
    purpose: CodeOf<typeof LIAISON_PURPOSES>;
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
