import { formatDate } from '../../../web/case-format.ts';
import type { ReleasableSource } from './source.ts';

/** The closing notes of each closure request (health: the hub's own notes). */
export const closingNotes: ReleasableSource = {
  id: 'closing_notes',
  direction: 'health_to_police',
  title: 'Closure',
  async items(db, caseId) {
    const rows = await db
      .selectFrom('closure_requests')
      .select(['id', 'closing_notes', 'requested_at'])
      .where('case_id', '=', caseId)
      .orderBy('requested_at')
      .execute();
    return rows.map((r) => ({
      source: 'closing_notes',
      sourceTable: 'closure_requests',
      recordId: r.id,
      recordVersion: 1,
      label: `Closing notes of ${formatDate(r.requested_at)}`,
      text: r.closing_notes,
    }));
  },
};
