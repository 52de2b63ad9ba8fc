import { formatDate } from '../../cases/format.ts';
import type { ReleasableSource } from './source.ts';

/** Police updates of the case, shared into the case for the clinical team (police to health). */
export const policeUpdates: ReleasableSource = {
  id: 'police_update',
  direction: 'police_to_health',
  title: 'Police updates',
  async items(db, caseId) {
    const rows = await db
      .selectFrom('police_updates')
      .select(['id', 'body', 'created_at'])
      .where('case_id', '=', caseId)
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({
      source: 'police_update',
      sourceTable: 'police_updates',
      recordId: r.id,
      recordVersion: 1,
      label: `Police update of ${formatDate(r.created_at)}`,
      text: r.body,
    }));
  },
};
