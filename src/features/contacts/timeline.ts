import { CONTACT_KINDS, CONTACT_STATUSES } from '../../domain/contacts.ts';
import { labelOf } from '../../domain/reference/list.ts';
import type { TimelineSource } from '../cases/timeline.ts';

/**
 * Contacts on the case timeline, health only: an appointment when it was booked, a contact
 * when its outcome was recorded. Codes only; the summary stays on the contacts page.
 */
export const contactsTimeline: TimelineSource = {
  compartment: 'health',
  async events(db, caseId) {
    const rows = await db
      .selectFrom('contacts')
      .innerJoin('users as recorder', 'recorder.id', 'contacts.recorded_by')
      .leftJoin('users as outcomer', 'outcomer.id', 'contacts.outcome_by')
      .select([
        'contacts.kind',
        'contacts.status',
        'contacts.recorded_at',
        'contacts.outcome_at',
        'recorder.name as recorder',
        'outcomer.name as outcomer',
      ])
      .where('contacts.case_id', '=', caseId)
      .execute();
    return rows.flatMap((r) => {
      const kind = labelOf(CONTACT_KINDS, r.kind).toLowerCase();
      const booked =
        r.outcome_at === null || r.outcome_at.getTime() !== r.recorded_at.getTime()
          ? [
              {
                at: r.recorded_at,
                title: `Appointment booked with ${kind}`,
                by: r.recorder,
                description: null,
              },
            ]
          : [];
      const outcome =
        r.outcome_at !== null
          ? [
              {
                at: r.outcome_at,
                title: `Contact with ${kind}: ${labelOf(CONTACT_STATUSES, r.status).toLowerCase()}`,
                by: r.outcomer,
                description: null,
              },
            ]
          : [];
      return [...booked, ...outcome];
    });
  },
};
