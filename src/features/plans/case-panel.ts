import type { CasePanel, PanelView } from '../cases/registry.ts';
import { planSection } from './presenter.ts';
import { planSummaryOf } from './read.ts';

type PlanPanel = PanelView & ReturnType<typeof planSection>;

/** The intervention plan: its review date and late actions (health compartment). */
export const planPanel: CasePanel<PlanPanel> = {
  id: 'plan',
  order: 110,
  template: 'features/plans/views/case-panel.njk',
  async read({ db, opened, today }) {
    if (!opened.visibility.health) return null;
    return planSection(opened.header.id, await planSummaryOf(db, opened.header.id), today);
  },
};

export { planTimeline } from './timeline.ts';
