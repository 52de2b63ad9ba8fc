import { reading } from '../../db/read-together.ts';
import { summaryPart, type CasePanel, type PanelView } from '../cases/registry.ts';
import { disclosurePaths, disclosureRows, releasedCards } from './presenter.ts';
import { releasedItemsOf } from './released.ts';
import { disclosuresOfCase } from './service.ts';

type DisclosuresPanel = PanelView & {
  rows: ReturnType<typeof disclosureRows>;
  canDisclose: boolean;
  sharedByPolice: ReturnType<typeof releasedCards>;
};

/**
 * The case's disclosure decisions (health compartment), and what police shared into the case
 * by a recorded disclosure (police to health), as far as the viewer may see released items.
 */
export const disclosuresPanel: CasePanel<DisclosuresPanel> = {
  id: 'disclosures',
  order: 120,
  section: 'disclosures',
  template: 'features/disclosures/views/case-panel.njk',
  visible: (opened) => opened.visibility.health,
  async read({ db, actor, opened }) {
    const { header, can, visibility } = opened;
    if (!visibility.health) return null;
    const decisions = await disclosuresOfCase(db, header.id);
    const sharedByPolice = await releasedItemsOf(db, {
      caseId: header.id,
      access: visibility.releasedItems,
      viewerId: actor.userId ?? '',
      direction: 'police_to_health',
    });
    return {
      rows: disclosureRows(header.id, decisions),
      // The form checks again; this only says where the next step is.
      canDisclose: can.decideDisclosure,
      sharedByPolice: releasedCards(sharedByPolice),
    };
  },
  summary: summaryPart(
    ({ db, opened }) => ({
      waiting: reading(
        db
          .selectFrom('disclosures')
          .select(['id', 'direction'])
          .where('case_id', '=', opened.header.id)
          .where('status', '=', 'awaiting_approval')
          .orderBy('decided_at'),
      ),
    }),
    ({ opened }, rows) => {
      if (!opened.visibility.health) return {};
      const href = (d: (typeof rows.waiting)[number]) =>
        disclosurePaths(d.direction, opened.header.id).record(d.id);
      return {
        facts: {
          disclosures: { awaitingApproval: rows.waiting.map((d) => ({ href: href(d) })) },
        },
      };
    },
  ),
};

export { disclosureEvents as disclosuresTimeline } from './timeline.ts';
