import { TRIAGE_DECISIONS } from '../../../domain/reference/case-outcomes.ts';
import { formatDate } from '../../../web/case-format.ts';
import type { ReleasableItem, ReleasableSource } from './source.ts';

/** The triage decision and its rationale, as released (the generator uses it too). */
export function triageItem(row: {
  id: string;
  decision: string;
  rationale: string;
  decided_at: Date;
}): ReleasableItem {
  const decision = TRIAGE_DECISIONS.find((d) => d.code === row.decision)?.label ?? row.decision;
  return {
    source: 'triage_rationale',
    sourceTable: 'triage_decisions',
    recordId: row.id,
    recordVersion: 1,
    label: `Triage decision of ${formatDate(row.decided_at)}`,
    text: `Decision: ${decision}\nRationale: ${row.rationale}`,
  };
}

/** The triage decision and its rationale (a triage decision is recorded once, never edited). */
export const triageRationale: ReleasableSource = {
  id: 'triage_rationale',
  direction: 'health_to_police',
  title: 'Triage',
  async items(db, caseId) {
    const row = await db
      .selectFrom('triage_decisions')
      .select(['id', 'decision', 'rationale', 'decided_at'])
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    return row ? [triageItem(row)] : [];
  },
};
