import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { labelOf } from '../../domain/reference/list.ts';
import { SERVICE_TYPES, type ServiceType } from '../../domain/reference/plans.ts';
import type { TimelineEvent, TimelineSource } from '../cases/timeline.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/**
 * Plan events for the case timeline (health): the plan started, each action added (once,
 * though every version keeps a copy), each review. Titles name codes, never the content.
 */
export const planTimeline: TimelineSource = {
  compartment: 'health',
  async events(db: Executor, caseId: string): Promise<TimelineEvent[]> {
    const started = await db
      .selectFrom('plans')
      .innerJoin('users', 'users.id', 'plans.created_by')
      .select(['plans.created_at', 'users.name'])
      .where('plans.case_id', '=', caseId)
      .where('plans.version_number', '=', 1)
      .execute();
    const actions = await db
      .selectFrom('plan_actions')
      .innerJoin('plans', 'plans.id', 'plan_actions.plan_id')
      .innerJoin('users', 'users.id', 'plan_actions.created_by')
      .select(['plan_actions.created_at', 'plan_actions.service_type', 'users.name'])
      .distinctOn('plan_actions.lineage_id')
      .where('plans.case_id', '=', caseId)
      .orderBy('plan_actions.lineage_id')
      .execute();
    const reviews = await db
      .selectFrom('plan_reviews')
      .innerJoin('plans', 'plans.id', 'plan_reviews.plan_id')
      .innerJoin('users', 'users.id', 'plan_reviews.reviewed_by')
      .select(['plan_reviews.reviewed_at', 'plans.version_number', 'users.name'])
      .where('plans.case_id', '=', caseId)
      .execute();
    return [
      ...started.map((r) => ({
        at: r.created_at,
        title: 'Intervention plan started',
        by: r.name,
        description: null,
      })),
      ...actions.map((r) => ({
        at: r.created_at,
        title: 'Plan action added',
        by: r.name,
        description: labelOf(SERVICE_TYPES, r.service_type as ServiceType),
      })),
      ...reviews.map((r) => ({
        at: r.reviewed_at,
        title: 'Intervention plan reviewed',
        by: r.name,
        description: `Version ${r.version_number} reviewed; version ${r.version_number + 1} started`,
      })),
    ];
  },
};
