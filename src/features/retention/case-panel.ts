import { reading } from '../../db/read-together.ts';
import {
  readPart,
  summaryPart,
  type CasePanel,
  type PanelSummaryPart,
  type PanelView,
} from '../cases/registry.ts';
import { tombstonesFrom, tombstonesQuery } from './disposal.ts';
import { deathPanel } from './presenter.ts';
import { tombstoneRows } from './presenter-disposal.ts';

type DeathPanel = PanelView & ReturnType<typeof deathPanel>;

/** The person's date of death (it moves the health retention clock), for the health side. */
export const dateOfDeathPanel: CasePanel<DeathPanel> = {
  id: 'date-of-death',
  order: 88,
  section: 'contacts',
  template: 'features/retention/views/case-panel.njk',
  visible: (opened) => opened.visibility.health,
  async read({ db, opened }) {
    if (!opened.visibility.health) return null;
    const { header, can } = opened;
    const death = await db
      .selectFrom('person_deaths')
      .select(['date_of_death', 'source'])
      .where('person_id', '=', header.personId)
      .executeTakeFirst();
    return deathPanel({
      caseId: header.id,
      dateOfDeath: death?.date_of_death ?? null,
      source: death?.source ?? null,
      canRecord: can.workHealth,
    });
  },
};

type TombstonePanel = PanelView & { tombstones: ReturnType<typeof tombstoneRows> };

/** The tombstones, read with the other panels of the Summary. */
const tombstoneSummary = summaryPart(
  ({ db, opened }) => ({
    tombstones: reading(tombstonesQuery(db, opened.header.id), ['disposedAt']),
  }),
  (_ctx, rows): PanelSummaryPart<TombstonePanel> => {
    const tombstones = tombstonesFrom(rows.tombstones);
    return { view: tombstones.length ? { tombstones: tombstoneRows(tombstones) } : null };
  },
);

/**
 * What was disposed of at the end of retention (the tombstone), for anyone who may open the
 * case: reference, dates, outcome code, which records, when, by whom, on whose approval.
 */
export const disposedRecordsPanel: CasePanel<TombstonePanel> = {
  id: 'disposed-records',
  order: 5,
  section: 'summary',
  template: 'features/retention/views/tombstone-panel.njk',
  visible: () => true,
  read: (ctx) => readPart(tombstoneSummary, ctx),
  summary: tombstoneSummary,
};
