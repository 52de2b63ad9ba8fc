import { labelOf } from '../../domain/reference/list.ts';
import { MEETING_TYPES } from '../../domain/reference/liaison.ts';
import type { TimelineSource } from '../cases/timeline.ts';

/** Meetings on the case timeline: health, so only those who may see health see them. */
export const meetingsTimeline: TimelineSource = {
  compartment: 'health',
  async events(db, caseId) {
    const rows = await db
      .selectFrom('meetings')
      .innerJoin('users', 'users.id', 'meetings.recorded_by')
      .select(['meetings.meeting_type', 'meetings.recorded_at', 'users.name'])
      .where('meetings.case_id', '=', caseId)
      .execute();
    return rows.map((r) => ({
      at: r.recorded_at,
      title: `Meeting recorded: ${labelOf(MEETING_TYPES, r.meeting_type)}`,
      by: r.name,
      description: null,
    }));
  },
};
