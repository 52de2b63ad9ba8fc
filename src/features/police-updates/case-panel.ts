import type { CasePanel, PanelView, TimelineSource } from '../cases/registry.ts';
import { updateCards } from './presenter.ts';
import { policeUpdatesOf } from './service.ts';
import {
  cardActions,
  markActionItems,
  markRows,
  rectificationMarks,
  viewerOf,
} from '../rectification/marks.ts';

type PoliceUpdatesPanel = PanelView & {
  updates: (ReturnType<typeof updateCards>[number] & { actions: unknown; rows: unknown })[];
};

/** The police updates of the case (police compartment). */
export const policeUpdatesPanel: CasePanel<PoliceUpdatesPanel> = {
  id: 'police-updates',
  order: 20,
  section: 'request',
  template: 'features/police-updates/views/case-panel.njk',
  visible: (opened) => opened.visibility.police,
  async read({ db, opened, actor }) {
    if (!opened.visibility.police) return null;
    const updates = await policeUpdatesOf(db, opened.header.id);
    // Rectification: who may answer a correction request, and which updates are restricted.
    const marks = await rectificationMarks(db, {
      kind: 'police_update',
      caseId: opened.header.id,
      viewer: viewerOf(actor.userId, opened),
      ids: updates.map((u) => u.id),
    });
    return {
      updates: updateCards(updates).map((card, i) => {
        const mark = marks.get(updates[i]!.id);
        return {
          ...card,
          actions: cardActions(markActionItems(mark)),
          rows: [{ key: { text: 'Update' }, value: { text: card.body } }, ...markRows(mark)],
        };
      }),
    };
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
