import type {
  ActionStatus,
  PlanNeedCategory,
  ServiceType,
} from '../../../domain/reference/plans.ts';
import type { Random } from '../random.ts';
import {
  audit,
  days,
  isoDate,
  occurs,
  step,
  type CaseContext,
  type CaseGenerator,
  type Row,
} from '../story.ts';
import { planText } from '../vocabulary-casework.ts';

const MINUTE = 60_000;

/** Which needs a plan has (each independently), with at least one. */
const NEED_PROBABILITIES: Record<PlanNeedCategory, number> = {
  access_to_services: 0.75,
  protective_factors: 0.55,
  mental_health_safeguarding: 0.45,
  officer_advice: 0.6,
};

/** The kinds of service an action of each need uses. */
const SERVICE_TYPES_BY_NEED: Record<PlanNeedCategory, Record<string, number>> = {
  access_to_services: { mental_health: 50, housing: 15, substance_misuse: 15, other: 5 },
  protective_factors: { education: 35, employment: 20, social_support: 40, other: 5 },
  mental_health_safeguarding: { mental_health: 60, crisis_care: 30, offending_behaviour: 10 },
  officer_advice: { other: 70, social_support: 30 },
};

/** How many reviews a plan gets while the case stays open (each about three months on). */
const REVIEW_WEIGHTS = { '0': 30, '1': 35, '2': 20, '3': 10, '4': 5 };

interface Plan {
  row: Row<'plans'>;
  needs: Row<'plan_needs'>[];
  actions: Row<'plan_actions'>[];
}

const PLAN_SHARE = 0.8;

/** The current time as the services would store it. */
const when = (context: CaseContext) => new Date(context.at);

/**
 * One change to the plan, as one service call: a step of the case (record_work: the plans
 * service moves the case version on for every change) at a moment a few minutes after the last
 * (next working time), or the story stops there.
 */
function change(context: CaseContext, after: number): boolean {
  if (!occurs(context, context.at + after)) return false;
  step(context, 'record_work');
  return true;
}

function addNeed(context: CaseContext, plan: Plan, category: PlanNeedCategory) {
  const { random, kase } = context;
  const need = context.rows.add('plan_needs', {
    id: random.uuid(),
    plan_id: plan.row.id!,
    lineage_id: random.uuid(),
    position: plan.needs.length + 1,
    category,
    description: planText.need(random, category),
  });
  plan.needs.push(need);
  audit(
    context,
    { userId: kase.lead!, role: 'clinician' },
    {
      action: 'collection',
      subjectType: 'plan_need',
      subjectId: need.id!,
      personId: kase.personId,
      detail: { caseId: kase.id, category },
    },
  );
  return need;
}

function addAction(context: CaseContext, plan: Plan, need: Row<'plan_needs'>) {
  const { random, kase } = context;
  const serviceType = random.weighted(
    SERVICE_TYPES_BY_NEED[need.category as PlanNeedCategory],
  ) as ServiceType;
  const lead = kase.lead!;
  const action = context.rows.add('plan_actions', {
    id: random.uuid(),
    plan_id: plan.row.id!,
    need_id: need.id!,
    lineage_id: random.uuid(),
    position: plan.actions.filter((a) => a.need_id === need.id).length + 1,
    description: planText.action(random, serviceType),
    service_type: serviceType,
    agency: planText.agency(random, serviceType),
    owner: planText.owner(random, need.category as PlanNeedCategory),
    due_date: isoDate(context.at + random.int(14, 120) * days(1)),
    status: 'planned',
    not_achieved_reason: null,
    source: 'plan',
    created_by: lead,
    created_at: when(context),
    updated_by: lead,
    updated_at: when(context),
  });
  plan.actions.push(action);
  audit(
    context,
    { userId: lead, role: 'clinician' },
    {
      action: 'collection',
      subjectType: 'plan_action',
      subjectId: action.id!,
      personId: kase.personId,
      detail: {
        caseId: kase.id,
        version: plan.row.version_number,
        serviceType,
        source: 'plan',
      },
    },
  );
}

/** A change of an action's status (and perhaps its due date), as updateAction writes it. */
function updateAction(
  context: CaseContext,
  action: Row<'plan_actions'>,
  to: ActionStatus,
  dueDate: string,
) {
  const { random, kase } = context;
  const from = action.status as ActionStatus;
  const dueDateChanged = dueDate !== action.due_date;
  Object.assign(action, {
    status: to,
    not_achieved_reason: to === 'not_achieved' ? planText.notAchieved(random) : null,
    due_date: dueDate,
    updated_by: kase.lead!,
    updated_at: when(context),
  });
  audit(
    context,
    { userId: kase.lead!, role: 'clinician' },
    {
      action: 'alteration',
      subjectType: 'plan_action',
      subjectId: action.id!,
      personId: kase.personId,
      detail: { caseId: kase.id, from, to, dueDateChanged },
    },
  );
}

interface Update {
  at: number;
  action: Row<'plan_actions'>;
  to: ActionStatus;
  dueDate: string;
}

/**
 * What happens to the open actions before the review at `until`: most start, and those due by
 * then end done (most) or not achieved (with the reason), or have their due date moved on.
 */
function drawUpdates(random: Random, plan: Plan, from: number, until: number): Update[] {
  const updates: Update[] = [];
  for (const action of plan.actions) {
    if (action.status === 'done' || action.status === 'not_achieved') continue;
    const due = Date.parse(`${action.due_date}T12:00:00Z`);
    let status = action.status as ActionStatus;
    let at = from;
    if (status === 'planned' && random.chance(0.7)) {
      at = from + random.next() * Math.max(days(1), Math.min(due, until) - from) * 0.5;
      updates.push({ at, action, to: 'in_progress', dueDate: action.due_date });
      status = 'in_progress';
    }
    if (due > until) continue;
    const end = Math.max(at + days(1), due + random.int(-10, 7) * days(1));
    if (end >= until) continue;
    const outcome = random.weighted({ done: 68, not_achieved: 17, moved: 15 });
    if (outcome === 'moved') {
      const later = isoDate(due + random.int(21, 60) * days(1));
      updates.push({ at: end, action, to: status, dueDate: later });
    } else {
      updates.push({ at: end, action, to: outcome, dueDate: action.due_date });
    }
  }
  return updates.sort((a, b) => a.at - b.at);
}

/**
 * A review, as reviewPlan writes it: the current version is frozen (superseded), the next one
 * starts with a copy of its needs and actions (same lineage), and the review links the two.
 */
function review(context: CaseContext, plan: Plan): Plan {
  const { random, kase } = context;
  const at = when(context);
  const lead = kase.lead!;
  const number = plan.row.version_number;
  plan.row.superseded_at = at;
  const next = context.rows.add('plans', {
    id: random.uuid(),
    case_id: kase.id,
    version_number: number + 1,
    previous_id: plan.row.id!,
    review_date: isoDate(context.at + random.int(10, 14) * days(7)),
    created_by: lead,
    created_at: at,
    superseded_at: null,
  });
  const needIds = new Map<string, string>();
  const needs = plan.needs.map((need) => {
    const copy = context.rows.add('plan_needs', { ...need, id: random.uuid(), plan_id: next.id! });
    needIds.set(need.id!, copy.id!);
    return copy;
  });
  const actions = plan.actions.map((action) =>
    context.rows.add('plan_actions', {
      ...action,
      id: random.uuid(),
      plan_id: next.id!,
      need_id: needIds.get(action.need_id)!,
    }),
  );
  const closed = plan.actions.filter((a) => a.status === 'done' || a.status === 'not_achieved');
  context.rows.add('plan_reviews', {
    id: random.uuid(),
    plan_id: plan.row.id!,
    next_plan_id: next.id!,
    progress: planText.progress(random, closed.length, plan.actions.length),
    changes: planText.changes(random),
    reviewed_by: lead,
    reviewed_at: at,
  });
  audit(
    context,
    { userId: lead, role: 'clinician' },
    {
      action: 'collection',
      subjectType: 'plan_review',
      subjectId: next.id!,
      personId: kase.personId,
      detail: { caseId: kase.id, reviewed: number, version: number + 1 },
    },
  );
  return { row: next, needs, actions };
}

/**
 * An intervention plan by the lead clinician of an accepted case where consent allows
 * engagement: started, then needs and actions added one at a time (each its own change, as on
 * the plan page), statuses changed as the months go by, and a review every three months or so
 * that freezes the version and starts the next. A story that stops early leaves a plan in
 * progress.
 */
export const plans: CaseGenerator = {
  name: 'plans',
  generate(context) {
    const { random, kase } = context;
    if (kase.status !== 'open' || !kase.lead || !kase.engagementAllowed) return;
    if (!random.chance(PLAN_SHARE)) return;
    const reviews = Number(random.weighted(REVIEW_WEIGHTS));
    let categories = random.subset(NEED_PROBABILITIES);
    if (categories.length === 0) categories = ['access_to_services'];

    if (!change(context, random.logNormal(days(12), 1.6))) return;
    const lead = kase.lead;
    const row = context.rows.add('plans', {
      id: random.uuid(),
      case_id: kase.id,
      version_number: 1,
      previous_id: null,
      review_date: isoDate(context.at + random.int(10, 14) * days(7)),
      created_by: lead,
      created_at: when(context),
      superseded_at: null,
    });
    let plan: Plan = { row, needs: [], actions: [] };
    audit(
      context,
      { userId: lead, role: 'clinician' },
      {
        action: 'collection',
        subjectType: 'plan',
        subjectId: row.id!,
        personId: kase.personId,
        detail: { caseId: kase.id, version: 1 },
      },
    );
    for (const category of categories) {
      if (!change(context, random.int(2, 15) * MINUTE)) return;
      const need = addNeed(context, plan, category);
      const count = random.chance(0.35) ? 2 : 1;
      for (let i = 0; i < count; i += 1) {
        if (!change(context, random.int(2, 15) * MINUTE)) return;
        addAction(context, plan, need);
      }
    }

    for (let n = 0; n <= reviews; n += 1) {
      const reviewAt =
        Date.parse(`${plan.row.review_date}T09:00:00Z`) + random.int(0, 10) * days(1);
      for (const update of drawUpdates(random, plan, context.at, reviewAt)) {
        if (!change(context, Math.max(0, update.at - context.at))) return;
        updateAction(context, update.action, update.to, update.dueDate);
      }
      if (n === reviews) return;
      if (!change(context, Math.max(0, reviewAt - context.at))) return;
      plan = review(context, plan);
      if (random.chance(0.4)) {
        if (!change(context, random.int(5, 30) * MINUTE)) return;
        addAction(context, plan, random.pick(plan.needs));
      }
    }
  },
};
