import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { reading, readTogether, type RowsOf } from '../../db/read-together.ts';
import { adviceFrom, adviceQuery, type AdviceItem } from '../advice/service.ts';
import {
  closureSummaryFrom,
  closureSummaryQuery,
  feedbackQuery,
  type ClosureSummary,
} from '../closure/feedback.ts';
import {
  RELEASED_ITEM_TIMESTAMPS,
  releasedItemsFrom,
  releasedItemsQuery,
  type ReleasedItem,
} from '../disclosures/released.ts';

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
  return sharedFactsFrom(await readTogether(db, sharedReadings(db, caseId, viewerId)));
}

/** The four reads of the shared facts, to be sent in one statement (src/db/read-together.ts). */
export function sharedReadings(db: Executor, caseId: string, viewerId?: string) {
  return {
    summary: reading(closureSummaryQuery(db, caseId), ['approved_at']),
    advice: reading(adviceQuery(db, caseId)),
    feedback: reading(feedbackQuery(db, caseId), ['answered_at']),
    released: reading(
      releasedItemsQuery(db, {
        caseId,
        access: viewerId ? 'addressed_to_viewer' : 'none',
        viewerId: viewerId ?? '',
        direction: 'health_to_police',
      }),
      RELEASED_ITEM_TIMESTAMPS,
    ),
  };
}

export function sharedFactsFrom(rows: RowsOf<ReturnType<typeof sharedReadings>>): SharedFacts {
  return {
    advice: adviceFrom(rows.advice),
    closureSummary: closureSummaryFrom(rows.summary[0]),
    feedbackAnswered: rows.feedback.length > 0,
    released: releasedItemsFrom(rows.released),
  };
}
