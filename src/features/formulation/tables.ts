import type { ColumnType, Generated } from 'kysely';

/** Structured formulations, their factor ratings and scenarios (0050_formulations.sql). */
export interface FormulationTables {
  formulations: {
    id: Generated<string>;
    case_id: string;
    version_number: number;
    previous_id: string | null;
    template_id: string;
    template_version: string;
    status: Generated<'draft' | 'submitted' | 'signed_off'>;
    author_id: string;
    presenting: string | null;
    predisposing: string | null;
    precipitating: string | null;
    perpetuating: string | null;
    protective: string | null;
    primary_vulnerability: string | null;
    /** Codes from PRESENTATIONS; insert with JSON.stringify. */
    presentations: ColumnType<string[], string | undefined, string>;
    presentation_other: string | null;
    mainstream_relation: string | null;
    /** Codes from ADDITIONAL_NEEDS; insert with JSON.stringify. */
    additional_needs: ColumnType<string[], string | undefined, string>;
    convictions: boolean | null;
    supervision_failures: boolean | null;
    review_reason: string | null;
    submitted_by: string | null;
    submitted_at: Date | null;
    signed_off_by: string | null;
    signed_off_at: Date | null;
    returned_by: string | null;
    returned_at: Date | null;
    return_reason: string | null;
    created_at: Date;
    updated_at: Date;
    version: ColumnType<number, number | undefined, number>;
  };
  formulation_factors: {
    formulation_id: string;
    domain_code: string;
    factor_code: string;
    presence: 'absent' | 'partial' | 'present' | 'omitted';
    relevance: 'low' | 'moderate' | 'high' | null;
    evidence: string | null;
  };
  formulation_scenarios: {
    id: Generated<string>;
    formulation_id: string;
    position: number;
    description: string;
    triggers: string | null;
    warning_signs: string | null;
  };
}
