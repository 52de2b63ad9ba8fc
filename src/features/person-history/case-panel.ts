import { can } from '../../domain/permissions.ts';
import type { CasePanel, PanelView } from '../cases/registry.ts';

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
  async read({ db, opened }) {
    if (!opened.visibility.police && !opened.visibility.shared) return null;
    const { header } = opened;
    const namesEpisodes = can(opened.roles, 'case.work');
    const episodes = namesEpisodes
      ? await db
          .selectFrom('cases')
          .select(['id', 'reference', 'previous_case_id'])
          .where('person_id', '=', header.personId)
          .where('hub_id', '=', header.hubId)
          .where('id', '!=', header.id)
          .orderBy('requested_at')
          .execute()
      : [];
    const previous = await db
      .selectFrom('cases')
      .select('previous_case_id')
      .where('id', '=', header.id)
      .executeTakeFirst();
    const link = (e: { id: string; reference: string }) => ({
      reference: e.reference,
      href: `/cases/${e.id}`,
    });
    const before = episodes.find((e) => e.id === previous?.previous_case_id);
    return {
      historyHref: personHistoryPath(header.personId),
      reReferralOf: before ? link(before) : null,
      reReferredAs: episodes.filter((e) => e.previous_case_id === header.id).map(link),
    };
  },
};
