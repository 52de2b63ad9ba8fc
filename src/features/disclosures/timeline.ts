import type { TimelineEvent, TimelineSource } from '../cases/timeline.ts';

/**
 * Disclosure decisions on the case timeline (health: the hub's record of its decisions). Only
 * what happened and who did it; never the text released.
 */
export const disclosureEvents: TimelineSource = {
  compartment: 'health',
  async events(db, caseId) {
    const rows = await db
      .selectFrom('disclosures as d')
      .leftJoin('users as decider', 'decider.id', 'd.decided_by')
      .leftJoin('users as approver', 'approver.id', 'd.approved_by')
      .leftJoin('users as refuser', 'refuser.id', 'd.refused_by')
      .leftJoin('users as withdrawer', 'withdrawer.id', 'd.withdrawn_by')
      .select([
        'd.direction',
        'd.decided_at',
        'd.approved_at',
        'd.refused_at',
        'd.withdrawn_at',
        'decider.name as decider',
        'approver.name as approver',
        'refuser.name as refuser',
        'withdrawer.name as withdrawer',
      ])
      .where('d.case_id', '=', caseId)
      .where('d.status', '<>', 'draft')
      .execute();
    return rows.flatMap((r) => {
      const toPolice = r.direction === 'health_to_police';
      const events: TimelineEvent[] = [];
      if (r.decided_at) {
        events.push({
          at: r.decided_at,
          title: toPolice
            ? 'Disclosure to police decided'
            : r.direction === 'health_to_external'
              ? 'Disclosure outside Cicero decided'
              : 'Police shared information',
          by: r.decider,
          description: null,
        });
      }
      if (r.approved_at) {
        events.push({
          at: r.approved_at,
          title: 'Disclosure approved',
          by: r.approver,
          description: null,
        });
      }
      if (r.refused_at) {
        events.push({
          at: r.refused_at,
          title: 'Disclosure refused',
          by: r.refuser,
          description: null,
        });
      }
      if (r.withdrawn_at) {
        events.push({
          at: r.withdrawn_at,
          title: 'Disclosure withdrawn',
          by: r.withdrawer,
          description: null,
        });
      }
      return events;
    });
  },
};
