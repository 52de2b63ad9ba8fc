import { formatDate } from '../../../web/case-format.ts';
import type { ReleasableItem, ReleasableSource } from './source.ts';

/** A police update as shared with the clinical team (the generator uses it too). */
export function policeUpdateItem(row: {
  id: string;
  body: string;
  created_at: Date;
}): ReleasableItem {
  return {
    source: 'police_update',
    sourceTable: 'police_updates',
    recordId: row.id,
    recordVersion: 1,
    label: `Police update of ${formatDate(row.created_at)}`,
    text: row.body,
  };
}

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
    return rows.map(policeUpdateItem);
  },
};
