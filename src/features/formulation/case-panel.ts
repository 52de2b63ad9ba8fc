import type { CasePanel, PanelView } from '../cases/registry.ts';
import { caseSection } from './presenter.ts';
import { formulationUrls } from './presenter/common.ts';
import { formulationStateOf } from './reporting.ts';

type FormulationPanel = PanelView & ReturnType<typeof caseSection>;

/** Where the formulation stands, never what it says (health compartment). */
export const formulationPanel: CasePanel<FormulationPanel> = {
  id: 'formulation',
  order: 70,
  section: 'assessment',
  template: 'features/formulation/views/case-panel.njk',
  visible: (opened) => opened.visibility.health,
  async read({ db, opened }) {
    if (!opened.visibility.health) return null;
    return caseSection(opened.header.id, await formulationStateOf(db, opened.header.id));
  },
  async summarise({ db, opened }) {
    if (!opened.visibility.health) return {};
    const state = await formulationStateOf(db, opened.header.id);
    const latest = state
      ? { versionNumber: state.latest.versionNumber, status: state.latest.status }
      : null;
    return { facts: { formulation: { latest, href: formulationUrls.overview(opened.header.id) } } };
  },
};

export { formulationTimeline } from './reporting.ts';
