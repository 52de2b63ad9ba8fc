import { NOTE_KINDS } from '../../domain/notes.ts';
import { labelOf } from '../../domain/reference/list.ts';
import type { TimelineSource } from '../cases/timeline.ts';

/** Case notes on the timeline, health only: each version when written. Kinds only, no text. */
export const notesTimeline: TimelineSource = {
  compartment: 'health',
  async events(db, caseId) {
    const rows = await db
      .selectFrom('case_note_versions as v')
      .innerJoin('case_notes as n', 'n.id', 'v.note_id')
      .innerJoin('users', 'users.id', 'v.written_by')
      .select(['v.kind', 'v.version', 'v.written_at', 'users.name'])
      .where('n.case_id', '=', caseId)
      .execute();
    return rows.map((r) => ({
      at: r.written_at,
      title:
        r.version === 1
          ? `Case note: ${labelOf(NOTE_KINDS, r.kind).toLowerCase()}`
          : `Case note amended: ${labelOf(NOTE_KINDS, r.kind).toLowerCase()}`,
      by: r.name,
      description: null,
    }));
  },
};
