import type { CasePanel, PanelView } from '../cases/registry.ts';
import { meetingsSection } from './presenter.ts';
import { meetingsOf } from './service.ts';

type MeetingsPanel = PanelView & ReturnType<typeof meetingsSection>;

/** The latest multi-agency meetings (health compartment). */
export const meetingsPanel: CasePanel<MeetingsPanel> = {
  id: 'meetings',
  order: 100,
  section: 'liaison',
  template: 'features/meetings/views/case-panel.njk',
  visible: (opened) => opened.visibility.health,
  async read({ db, opened }) {
    if (!opened.visibility.health) return null;
    const { header, can } = opened;
    const meetings = await meetingsOf(db, header.id);
    return meetingsSection(header.id, meetings, can.workHealth && header.status === 'open');
  },
};

export { meetingsTimeline } from './timeline.ts';
