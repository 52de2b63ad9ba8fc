import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { AdviceItem } from '../advice/service.ts';
import { feedbackOf, sharedPartOf, type ClosureSummary } from '../closure/feedback.ts';
import { releasedItemsOf, type ReleasedItem } from '../disclosures/released.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** What the hub shared with the requesting officer, and whether they answered the feedback. */
export interface SharedFacts {
  advice: AdviceItem[];
  closureSummary: ClosureSummary | null;
  feedbackAnswered: boolean;
  /** Items a disclosure decision released to this officer by name (shared `released_items`). */
  released?: ReleasedItem[];
}

/**
 * Reads only shared tables (`advice`, `closure_summaries`, `released_items` addressed to the
 * viewer) and the officer's own police table `closure_feedback`: a case officer's query never
 * touches the health compartment.
 */
export async function sharedFactsOf(
  db: Executor,
  caseId: string,
  viewerId?: string,
): Promise<SharedFacts> {
  const shared = await sharedPartOf(db, caseId);
  return {
    ...shared,
    feedbackAnswered: (await feedbackOf(db, caseId)) !== null,
    released: viewerId
      ? await releasedItemsOf(db, {
          caseId,
          access: 'addressed_to_viewer',
          viewerId,
          direction: 'health_to_police',
        })
      : [],
  };
}
