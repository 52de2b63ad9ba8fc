import type { RequestDraft } from '../drafts.ts';
import type { Option } from '../options.ts';
import { isComplete } from '../sections.ts';
import { urls } from '../urls.ts';
import { answerCards } from './answers.ts';
import { row } from './format.ts';

/** Check your answers before sending; null when the draft is not complete yet. */
export function checkAnswersPage({
  draft,
  hubCount,
  hubName,
  linkedReference,
  concernTypes,
  problem = null,
}: {
  draft: RequestDraft;
  hubCount: number;
  hubName: string;
  /** The officer's earlier request they said is the same person, if any. */
  linkedReference: string | null;
  concernTypes: Option[];
  /** Why no hub takes the request (src/domain/hubs.ts): shown instead of the send button. */
  problem?: string | null;
}) {
  const { person, prevent, referral, concerns, urgency } = draft.answers;
  if (
    !isComplete(draft.answers, hubCount) ||
    !person ||
    !prevent ||
    !referral ||
    !concerns ||
    !urgency
  ) {
    return null;
  }
  const cards = answerCards(
    { person, prevent, referral, concerns, urgency },
    { concernTypes, changeHref: (section) => urls.section(draft.id, section) },
  );
  return {
    title: 'Check your answers before sending your request',
    backHref: urls.draft(draft.id),
    cards,
    about: {
      rows: [
        row('VSS hub', hubName || 'None', hubCount > 1 ? urls.section(draft.id, 'hub') : undefined),
        ...(linkedReference
          ? [
              row(
                'Earlier request for this person',
                linkedReference,
                urls.possibleMatch(draft.id),
                'earlier request',
              ),
            ]
          : []),
      ],
    },
    problem,
    action: urls.submit(draft.id),
    idempotencyKey: draft.idempotencyKey,
  };
}
