import type { CasePanel, PanelView } from '../cases/registry.ts';
import { caseSection } from './presenter.ts';
import { formulationStateOf } from './reporting.ts';

type FormulationPanel = PanelView & ReturnType<typeof caseSection>;

/** Where the formulation stands, never what it says (health compartment). */
export const formulationPanel: CasePanel<FormulationPanel> = {
  id: 'formulation',
  order: 70,
  template: 'features/formulation/views/case-panel.njk',
  async read({ db, opened }) {
    if (!opened.visibility.health) return null;
    return caseSection(opened.header.id, await formulationStateOf(db, opened.header.id));
  },
};

export { formulationTimeline } from './reporting.ts';
