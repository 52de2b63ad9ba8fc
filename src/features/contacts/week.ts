import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import type { ContactKind, ContactMethod, ContactStatus } from '../../domain/contacts.ts';
import { weekWindow } from '../../domain/contacts.ts';
import { londonDayEnd, londonDayStart } from '../../domain/london-day.ts';
import { hubsGranting } from '../../domain/permissions.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';

/**
 * My week (a clinician's appointments today and the next 7 days) and the hub's week (every
 * appointment of the hubs the viewer leads). Rows are filtered in SQL to cases whose health
 * record the viewer may open without a reason (the access core's rule, domain/case-access.ts):
 * their current allocations in hubs where they work cases, or any case of a hub they lead.
 */
export type WeekScope = 'mine' | 'hub';

export interface WeekItem {
  contactId: string;
  caseId: string;
  reference: string;
  startsAt: Date;
  kind: ContactKind;
  withWhom: string | null;
  method: ContactMethod;
  status: ContactStatus;
  place: string | null;
  clinician: string;
  didNotAttend: number;
}

interface WeekRow {
  contact_id: string;
  case_id: string;
  reference: string;
  starts_at: Date | string;
  kind: ContactKind;
  with_whom: string | null;
  method: ContactMethod;
  status: ContactStatus;
  place: string | null;
  clinician: string;
  did_not_attend: number | string;
}

/** The hubs whose cases the viewer may see in each scope. */
export function weekHubsOf(principal: Principal): { work: string[]; led: string[] } {
  const work = hubsGranting(principal.assignments, 'case.work');
  const led = principal.assignments
    .filter((a) => a.role === 'hub_lead' && a.hubId !== null && work.includes(a.hubId))
    .map((a) => a.hubId!);
  return { work, led: [...new Set(led)].sort() };
}

export async function readWeek(input: {
  db: Kysely<DB>;
  clock: Clock;
  actor: AuditActor;
  principal: Principal;
  scope: WeekScope;
  today: string;
}): Promise<{ from: string; to: string; items: WeekItem[] }> {
  const { db, clock, actor, principal, scope } = input;
  const window = weekWindow(input.today);
  const hubs = weekHubsOf(principal);
  const scopeHubs = scope === 'hub' ? hubs.led : hubs.work;
  if (scopeHubs.length === 0) return { ...window, items: [] };
  const led = hubs.led.length > 0 ? hubs.led : [null];
  const visible =
    scope === 'hub'
      ? sql`TRUE`
      : sql`c.clinician_id = ${principal.userId} AND (k.hub_id IN (${sql.join(led)}) OR EXISTS (
          SELECT 1 FROM allocations a
          WHERE a.case_id = k.id AND a.clinician_id = ${principal.userId}
            AND a.allocated_to IS NULL))`;
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<WeekRow>`
      SELECT c.id AS contact_id, k.id AS case_id, k.reference, c.starts_at, c.kind, c.with_whom,
        c.method, c.status, c.place, u.name AS clinician,
        (SELECT count(*) FROM contacts d
          WHERE d.case_id = k.id AND d.status = 'did_not_attend')::int AS did_not_attend
      FROM contacts c
      JOIN cases k ON k.id = c.case_id
      JOIN users u ON u.id = c.clinician_id
      WHERE c.starts_at >= ${londonDayStart(window.from)}
        AND c.starts_at < ${londonDayEnd(window.to)}
        AND c.status IN ('planned', 'attended', 'did_not_attend')
        AND k.hub_id IN (${sql.join(scopeHubs)})
        AND ${visible}
      ORDER BY c.starts_at, k.reference, c.id
      LIMIT 500`.execute(trx);
    await recordAudit(trx, clock, actor, {
      action: 'consultation',
      subjectType: scope === 'hub' ? 'hub_week' : 'my_week',
      detail: { count: rows.length, caseIds: [...new Set(rows.map((r) => r.case_id))] },
    });
    return {
      ...window,
      items: rows.map((r) => ({
        contactId: r.contact_id,
        caseId: r.case_id,
        reference: r.reference,
        startsAt: new Date(r.starts_at),
        kind: r.kind,
        withWhom: r.with_whom,
        method: r.method,
        status: r.status,
        place: r.place,
        clinician: r.clinician,
        didNotAttend: Number(r.did_not_attend),
      })),
    };
  });
}
