import { STATE_LABELS } from '../../domain/case-state.ts';
import { CLOSURE_OUTCOMES } from '../../domain/reference/case-outcomes.ts';
import { formatDate } from '../../web/format.ts';
import type { PersonHistory } from './service.ts';

const outcomeLabel = (code: string): string =>
  CLOSURE_OUTCOMES.find((o) => o.code === code)?.label ?? code;

/** A person's history page: their episodes, newest first, re-referrals linked both ways. */
export function personHistoryPage(history: PersonHistory) {
  return {
    title: history.personName ? `${history.personName}: history` : 'Person’s history',
    personName: history.personName,
    dateOfBirth: history.dateOfBirth ? formatDate(history.dateOfBirth) : null,
    countText: `${history.episodes.length} ${history.episodes.length === 1 ? 'episode' : 'episodes'}`,
    episodes: history.episodes.map((e) => ({
      reference: e.reference,
      href: e.path,
      rows: [
        { key: { text: 'Hub' }, value: { text: e.hubName } },
        { key: { text: 'Status' }, value: { text: STATE_LABELS[e.status].text } },
        { key: { text: 'Requested' }, value: { text: formatDate(e.requestedAt) } },
        {
          key: { text: 'Closed' },
          value: { text: e.closedAt ? formatDate(e.closedAt) : 'Not closed' },
        },
        ...(e.outcome
          ? [{ key: { text: 'Outcome' }, value: { text: outcomeLabel(e.outcome) } }]
          : []),
      ],
      reReferralOf: e.reReferralOf
        ? { reference: e.reReferralOf.reference, href: e.reReferralOf.path }
        : null,
      reReferredAs: e.reReferredAs.map((l) => ({ reference: l.reference, href: l.path })),
    })),
  };
}
