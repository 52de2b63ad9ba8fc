import { reading } from '../../db/read-together.ts';
import { summaryPart, type CasePanel, type PanelView } from '../cases/registry.ts';
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
  summary: summaryPart(
    ({ db, opened }) => ({
      latest: reading(
        db
          .selectFrom('formulations')
          .select(['version_number', 'status'])
          .where('case_id', '=', opened.header.id)
          .orderBy('version_number', 'desc')
          .limit(1),
      ),
    }),
    ({ opened }, rows) => {
      if (!opened.visibility.health) return {};
      const row = rows.latest[0];
      const latest = row ? { versionNumber: row.version_number, status: row.status } : null;
      return {
        facts: { formulation: { latest, href: formulationUrls.overview(opened.header.id) } },
      };
    },
  ),
};

export { formulationTimeline } from './reporting.ts';
