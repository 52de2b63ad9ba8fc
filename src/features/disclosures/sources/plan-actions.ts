import { ACTION_STATUSES, SERVICE_TYPES } from '../../../domain/reference/plans.ts';
import type { ReleasableSource } from './source.ts';
import { formatDate } from '../../../web/format.ts';

const label = (list: readonly { code: string; label: string }[], code: string) =>
  list.find((i) => i.code === code)?.label ?? code;

/** The actions of the plan now in force (its version is the record version). */
export const planActions: ReleasableSource = {
  id: 'plan_action',
  direction: 'health_to_police',
  title: 'Plan actions',
  async items(db, caseId) {
    const rows = await db
      .selectFrom('plan_actions')
      .innerJoin('plans', 'plans.id', 'plan_actions.plan_id')
      .select([
        'plan_actions.id',
        'plan_actions.description',
        'plan_actions.service_type',
        'plan_actions.agency',
        'plan_actions.owner',
        'plan_actions.due_date',
        'plan_actions.status',
        'plans.version_number',
      ])
      .where('plans.case_id', '=', caseId)
      .where('plans.superseded_at', 'is', null)
      .orderBy('plan_actions.position')
      .orderBy('plan_actions.id')
      .execute();
    return rows.map((r) => ({
      source: 'plan_action',
      sourceTable: 'plan_actions',
      recordId: r.id,
      recordVersion: r.version_number,
      label: `Plan action (plan version ${r.version_number}): ${r.description.slice(0, 80)}`,
      text: [
        `Action: ${r.description}`,
        `Service: ${label(SERVICE_TYPES, r.service_type)}`,
        `Agency: ${r.agency}`,
        `Owner: ${r.owner}`,
        `Due: ${formatDate(r.due_date)}`,
        `Status: ${label(ACTION_STATUSES, r.status)}`,
      ].join('\n'),
    }));
  },
};
