import type { Generated } from 'kysely';

/** Intervention plans, versioned at each review (0051_plans.sql). Dates are 'YYYY-MM-DD'. */
export interface PlanTables {
  plans: {
    id: Generated<string>;
    case_id: string;
    version_number: number;
    previous_id: string | null;
    review_date: string;
    created_by: string;
    created_at: Date;
    superseded_at: Date | null;
  };
  plan_needs: {
    id: Generated<string>;
    plan_id: string;
    lineage_id: string;
    position: number;
    category: string;
    description: string;
  };
  plan_actions: {
    id: Generated<string>;
    plan_id: string;
    need_id: string;
    lineage_id: string;
    position: number;
    description: string;
    service_type: string;
    agency: string;
    owner: string;
    due_date: string;
    status: Generated<string>;
    not_achieved_reason: string | null;
    source: Generated<'plan' | 'meeting'>;
    created_by: string;
    created_at: Date;
    updated_by: string;
    updated_at: Date;
    /** This action's own version (0082), for its edit form's stale check. */
    version: Generated<number>;
  };
  plan_reviews: {
    id: Generated<string>;
    plan_id: string;
    next_plan_id: string;
    progress: string;
    changes: string;
    reviewed_by: string;
    reviewed_at: Date;
  };
}
