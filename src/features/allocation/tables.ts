import type { Generated } from 'kysely';

export type AllocationRole = 'lead' | 'other';

/** Health compartment: who works a case, with history (0030_casework.sql). */
export interface AllocationTables {
  allocations: {
    id: Generated<string>;
    case_id: string;
    clinician_id: string;
    role: AllocationRole;
    allocated_from: Date;
    allocated_to: Date | null;
    allocated_by: string;
    ended_by: string | null;
  };
}
