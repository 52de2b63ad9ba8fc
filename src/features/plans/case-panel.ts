import type { CasePanel, PanelView } from '../cases/registry.ts';
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
  async summarise({ db, opened }) {
    if (!opened.visibility.health) return {};
    const plan = await planSummaryOf(db, opened.header.id);
    const current = plan ? { reviewDate: plan.reviewDate, actions: plan.actions } : null;
    return { facts: { plan: { current, href: planUrls.plan(opened.header.id) } } };
  },
};

export { planTimeline } from './timeline.ts';
