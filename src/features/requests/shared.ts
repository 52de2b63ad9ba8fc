import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { AdviceItem } from '../advice/service.ts';
import { feedbackOf, sharedPartOf, type ClosureSummary } from '../closure/feedback.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** What the hub shared with the requesting officer, and whether they answered the feedback. */
export interface SharedFacts {
  advice: AdviceItem[];
  closureSummary: ClosureSummary | null;
  feedbackAnswered: boolean;
}

/**
 * Reads only shared tables (`advice`, `closure_summaries`) and the officer's own police table
 * `closure_feedback`: a case officer's query never touches the health compartment.
 */
export async function sharedFactsOf(db: Executor, caseId: string): Promise<SharedFacts> {
  const shared = await sharedPartOf(db, caseId);
  return { ...shared, feedbackAnswered: (await feedbackOf(db, caseId)) !== null };
}
