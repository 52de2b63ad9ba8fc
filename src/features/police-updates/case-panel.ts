import type { CasePanel, PanelView, TimelineSource } from '../cases/registry.ts';
import { updateCards } from './presenter.ts';
import { policeUpdatesOf } from './service.ts';

type PoliceUpdatesPanel = PanelView & { updates: ReturnType<typeof updateCards> };

/** The police updates of the case (police compartment). */
export const policeUpdatesPanel: CasePanel<PoliceUpdatesPanel> = {
  id: 'police-updates',
  order: 20,
  section: 'request',
  template: 'features/police-updates/views/case-panel.njk',
  visible: (opened) => opened.visibility.police,
  async read({ db, opened }) {
    if (!opened.visibility.police) return null;
    return { updates: updateCards(await policeUpdatesOf(db, opened.header.id)) };
  },
};

export const policeUpdatesTimeline: TimelineSource = {
  compartment: 'police',
  async events(db, caseId) {
    const rows = await db
      .selectFrom('police_updates')
      .innerJoin('users', 'users.id', 'police_updates.author_id')
      .select(['police_updates.created_at', 'users.name'])
      .where('police_updates.case_id', '=', caseId)
      .execute();
    return rows.map((r) => ({
      at: r.created_at,
      title: 'Police update added',
      by: r.name,
      description: null,
    }));
  },
};
