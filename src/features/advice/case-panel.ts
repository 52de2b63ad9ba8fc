import { allowedActions } from '../../domain/case-state.ts';
import { summaryRow, type SummaryRow } from '../../web/conflict.ts';
import { formatDate } from '../../web/case-format.ts';
import type { CasePanel, PanelView, TimelineSource } from '../cases/registry.ts';
import { adviceContentRows, adviceHeading } from './presenter.ts';
import { adviceOf } from './service.ts';

type AdvicePanel = PanelView & {
  items: { title: string; rows: SummaryRow[] }[];
  canGiveAdvice: boolean;
};

/** Advice to the case officer (shared compartment). */
export const advicePanel: CasePanel<AdvicePanel> = {
  id: 'advice',
  order: 30,
  section: 'disclosures',
  template: 'features/advice/views/case-panel.njk',
  visible: (opened) => opened.visibility.shared,
  async read({ db, opened }) {
    if (!opened.visibility.shared) return null;
    const { header, can } = opened;
    const advice = await adviceOf(db, header.id);
    return {
      items: advice.map((a) => ({
        title: `${adviceHeading(a)} – ${formatDate(new Date(`${a.givenAt}T12:00:00Z`))}`,
        rows: [summaryRow('Given by', a.authorName), ...adviceContentRows(a)],
      })),
      // The form checks again; this only says where the next step is.
      canGiveAdvice: can.advise && allowedActions(header.status).includes('give_advice'),
    };
  },
};

export const adviceTimeline: TimelineSource = {
  compartment: 'shared',
  async events(db, caseId) {
    const rows = await db
      .selectFrom('advice')
      .innerJoin('users', 'users.id', 'advice.author_id')
      .select(['advice.created_at', 'advice.kind', 'users.name'])
      .where('advice.case_id', '=', caseId)
      .execute();
    return rows.map((r) => ({
      at: r.created_at,
      title:
        r.kind === 'communication_strategy'
          ? 'Communication strategy given to the case officer'
          : 'Advice given to the case officer',
      by: r.name,
      description: null,
    }));
  },
};
