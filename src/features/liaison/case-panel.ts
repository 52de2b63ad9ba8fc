import type { CasePanel, PanelView } from '../cases/registry.ts';
import { liaisonSection } from './presenter.ts';
import { contactsOf } from './service.ts';

type LiaisonPanel = PanelView & ReturnType<typeof liaisonSection>;

/** The latest liaison contacts (health compartment). */
export const liaisonPanel: CasePanel<LiaisonPanel> = {
  id: 'liaison',
  order: 90,
  section: 'liaison',
  template: 'features/liaison/views/case-panel.njk',
  visible: (opened) => opened.visibility.health,
  async read({ db, opened }) {
    if (!opened.visibility.health) return null;
    const { header, can } = opened;
    const contacts = await contactsOf(db, header.id);
    return liaisonSection(header.id, contacts, can.workHealth && header.status === 'open');
  },
};

export { liaisonTimeline } from './timeline.ts';
