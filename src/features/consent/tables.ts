import type { ColumnType, Generated } from 'kysely';
import type { ConsentMethod, ConsentStatus } from '../../domain/consent.ts';

/** Health compartment: consent to engage and the lawful basis (0030_casework.sql). */
export interface ConsentTables {
  consents: {
    id: Generated<string>;
    case_id: string;
    status: ConsentStatus;
    method: ConsentMethod | null;
    decided_at: Date | null;
    best_interests_by: string | null;
    note: string | null;
    recorded_by: string;
    recorded_at: Date;
    /** Place in the case's consent history (1, 2, ...): the consent form's version (0081). */
    version: Generated<number>;
  };
  lawful_bases: {
    id: Generated<string>;
    case_id: string;
    codes: ColumnType<string[], string, string>;
    recorded_by: string;
    recorded_at: Date;
    /** Place in the case's lawful basis history: the lawful basis form's version (0081). */
    version: Generated<number>;
  };
}
