import { reading } from '../../db/read-together.ts';
import { summaryPart, type CasePanel, type PanelView } from '../cases/registry.ts';
import { planSection, planUrls } from './presenter.ts';
import { planSummaryOf } from './read.ts';

type PlanPanel = PanelView & ReturnType<typeof planSection>;

/** The intervention plan: its review date and late actions (health compartment). */
export const planPanel: CasePanel<PlanPanel> = {
  id: 'plan',
  order: 110,
  section: 'plan',
  template: 'features/plans/views/case-panel.njk',
  visible: (opened) => opened.visibility.health,
  async read({ db, opened, today }) {
    if (!opened.visibility.health) return null;
    return planSection(opened.header.id, await planSummaryOf(db, opened.header.id), today);
  },
  // The plan in force and its actions' dates, two readings sent with the other panels'.
  summary: summaryPart(
    ({ db, opened }) => ({
      plan: reading(
        db
          .selectFrom('plans')
          .select('review_date')
          .where('case_id', '=', opened.header.id)
          .where('superseded_at', 'is', null),
      ),
      actions: reading(
        db
          .selectFrom('plan_actions')
          .innerJoin('plans', 'plans.id', 'plan_actions.plan_id')
          .select(['plan_actions.status', 'plan_actions.due_date'])
          .where('plans.case_id', '=', opened.header.id)
          .where('plans.superseded_at', 'is', null),
      ),
    }),
    ({ opened }, rows) => {
      if (!opened.visibility.health) return {};
      const plan = rows.plan[0];
      const current = plan
        ? {
            reviewDate: plan.review_date,
            actions: rows.actions.map((a) => ({ status: a.status, dueDate: a.due_date })),
          }
        : null;
      return { facts: { plan: { current, href: planUrls.plan(opened.header.id) } } };
    },
  ),
};

export { planTimeline } from './timeline.ts';
