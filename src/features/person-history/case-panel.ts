import { can } from '../../domain/permissions.ts';
import { sql } from 'kysely';
import { reading } from '../../db/read-together.ts';
import {
  readPart,
  summaryPart,
  type CasePanel,
  type PanelSummaryPart,
  type PanelView,
} from '../cases/registry.ts';

interface EpisodeLinkView {
  reference: string;
  href: string;
}

type PersonHistoryPanel = PanelView & {
  historyHref: string;
  reReferralOf: EpisodeLinkView | null;
  reReferredAs: EpisodeLinkView[];
};

export const personHistoryPath = (personId: string) => `/people/${personId}`;

/**
 * One reading: the person's cases in this hub, this one included (its own row says which
 * case it re-refers), when the roles counted on this case work cases; nothing otherwise.
 */
const personHistorySummary = summaryPart(
  ({ db, opened }) => {
    const { header } = opened;
    return {
      episodes: reading(
        db
          .selectFrom('cases')
          .select(['id', 'reference', 'previous_case_id'])
          .where('person_id', '=', header.personId)
          .where('hub_id', '=', header.hubId)
          .$if(!can(opened.roles, 'case.work'), (q) => q.where(sql<boolean>`false`))
          .orderBy('requested_at'),
      ),
    };
  },
  ({ opened }, rows): PanelSummaryPart<PersonHistoryPanel> => {
    if (!opened.visibility.police && !opened.visibility.shared) return { view: null };
    const { header } = opened;
    const self = rows.episodes.find((e) => e.id === header.id);
    const episodes = rows.episodes.filter((e) => e.id !== header.id);
    const link = (e: { id: string; reference: string }) => ({
      reference: e.reference,
      href: `/cases/${e.id}`,
    });
    const before = episodes.find((e) => e.id === self?.previous_case_id);
    return {
      view: {
        historyHref: personHistoryPath(header.personId),
        reReferralOf: before ? link(before) : null,
        reReferredAs: episodes.filter((e) => e.previous_case_id === header.id).map(link),
      },
    };
  },
);

/**
 * On the case page's summary: a link to the person's history, and the re-referrals either side
 * of this case that the viewer finds too. Only episodes of the same hub are named here, where
 * the roles the access core counts on this case (`opened.roles`) work cases; the history page
 * applies the whole filter (src/access/findable-cases.ts) to the rest.
 */
export const personHistoryPanel: CasePanel<PersonHistoryPanel> = {
  id: 'person-history',
  order: 20,
  section: 'summary',
  template: 'features/person-history/views/case-panel.njk',
  visible: (opened) => opened.visibility.police || opened.visibility.shared,
  read: (ctx) => readPart(personHistorySummary, ctx),
  summary: personHistorySummary,
};
