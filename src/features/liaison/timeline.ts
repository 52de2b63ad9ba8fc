import { labelOf } from '../../domain/reference/list.ts';
import { LIAISON_AGENCY_TYPES } from '../../domain/reference/liaison.ts';
import type { TimelineSource } from '../cases/timeline.ts';

/** Liaison contacts on the case timeline: health, so only those who may see health see them. */
export const liaisonTimeline: TimelineSource = {
  compartment: 'health',
  async events(db, caseId) {
    const rows = await db
      .selectFrom('liaison_contacts')
      .innerJoin('users', 'users.id', 'liaison_contacts.recorded_by')
      .select(['liaison_contacts.agency_type', 'liaison_contacts.recorded_at', 'users.name'])
      .where('liaison_contacts.case_id', '=', caseId)
      .execute();
    return rows.map((r) => ({
      at: r.recorded_at,
      title: `Liaison: ${labelOf(LIAISON_AGENCY_TYPES, r.agency_type)}`,
      by: r.name,
      description: null,
    }));
  },
};
