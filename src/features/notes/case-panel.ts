import type { CasePanel, PanelView } from '../cases/registry.ts';
import { notesSection } from './presenter.ts';
import { notesOf } from './service.ts';

type NotesPanel = PanelView & ReturnType<typeof notesSection>;

/** The latest case notes (health compartment), in the "Contacts and notes" section. */
export const notesPanel: CasePanel<NotesPanel> = {
  id: 'notes',
  order: 86,
  section: 'contacts',
  template: 'features/notes/views/case-panel.njk',
  visible: (opened) => opened.visibility.health,
  async read({ db, opened }) {
    if (!opened.visibility.health) return null;
    const { header, can } = opened;
    const notes = await notesOf(db, header.id);
    return notesSection(header.id, notes, can.workHealth && header.status === 'open');
  },
};

export { notesTimeline } from './timeline.ts';
