import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { londonDayEnd, londonDayStart } from '../../domain/london-day.ts';
import { formatCaseReference, parseCaseReference } from '../../domain/case-reference.ts';
import { isUuid } from '../../web/ids.ts';
import { aboutCase } from './case-records.ts';
import type { AuditFilters } from './filters.ts';
import { namesOf, NO_NAMES, type RecordNames } from './record-names.ts';
import { recordAudit, type AuditActor } from './record.ts';

export const AUDIT_PAGE_SIZE = 50;
/** An export larger than this is refused: narrow the filters (it is read into memory). */
export const AUDIT_EXPORT_LIMIT = 50_000;

export interface AuditLogRow {
  id: string;
  occurredAt: Date;
  actorUserId: string | null;
  actorName: string | null;
  actorRole: string | null;
  hubCode: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  personId: string | null;
  reason: string | null;
  outcome: string;
  requestId: string | null;
  detail: Record<string, unknown>;
  /** The hub's name (null when the row names no hub). */
  hubName?: string | null;
  /** The API client the action came through, and its name (null for pages). */
  actorClientId?: string | null;
  clientName?: string | null;
}

export type AuditView = 'search' | 'record' | 'export';

type Where = (
  eb: ExpressionBuilder<DB & { e: DB['audit_events'] }, 'e'>,
) => ReturnType<ExpressionBuilder<DB & { e: DB['audit_events'] }, 'e'>['and']>;

function conditions(filters: AuditFilters, userId: string | null | undefined): Where {
  return (eb) => {
    const all = [];
    if (userId !== undefined) {
      all.push(userId === null ? sql<boolean>`false` : eb('e.actor_user_id', '=', userId));
    }
    if (filters.subjectType === 'case' && filters.subjectId && isUuid(filters.subjectId)) {
      // A case's access log covers every record of the case (case-records.ts).
      all.push(aboutCase(filters.subjectId.toLowerCase()));
    } else if (filters.subjectType === 'person' && filters.subjectId) {
      // A person's access log includes every event about them, whatever the record.
      all.push(
        eb.or([
          eb.and([eb('e.subject_type', '=', 'person'), eb('e.subject_id', '=', filters.subjectId)]),
          eb(sql`e.person_id::text`, '=', filters.subjectId),
        ]),
      );
    } else {
      if (filters.subjectType) all.push(eb('e.subject_type', '=', filters.subjectType));
      if (filters.subjectId) all.push(eb('e.subject_id', '=', filters.subjectId));
    }
    if (filters.action) all.push(eb('e.action', '=', filters.action));
    if (filters.from) all.push(eb('e.occurred_at', '>=', londonDayStart(filters.from)));
    if (filters.to) all.push(eb('e.occurred_at', '<', londonDayEnd(filters.to)));
    return eb.and(all);
  };
}

/**
 * Searches the audit log, newest first, and records the search itself (a consultation of the
 * audit log) in the same transaction. `page` is 1-based; an export takes every row up to
 * AUDIT_EXPORT_LIMIT, and `tooMany` says when there were more.
 */
export async function searchAuditLog(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  request: {
    filters: AuditFilters;
    page?: number;
    view: AuditView;
    /** Why an export was asked for (export-reason.ts): in the export's audit row. */
    reason?: string;
  },
): Promise<{
  rows: AuditLogRow[];
  total: number;
  tooMany: boolean;
  userId: string | null;
  /** The records of the rows (and of the record searched for) in words: pages only. */
  names: RecordNames;
}> {
  const { view } = request;
  let { filters } = request;
  const page = request.page ?? 1;
  return db.transaction().execute(async (trx) => {
    // An email is looked up once, so the audit row names the user by id, never by address.
    let userId: string | null | undefined;
    if (filters.user && 'id' in filters.user) userId = filters.user.id;
    if (filters.user && 'email' in filters.user) {
      const email = filters.user.email;
      const found = await trx
        .selectFrom('users')
        .select('id')
        .where(sql<string>`lower(email)`, '=', email.toLowerCase())
        .executeTakeFirst();
      userId = found?.id ?? null;
    }
    // A case named by its reference (WM-2026-0042) is searched by its id; an unknown
    // reference matches nothing.
    if (filters.subjectType === 'case' && filters.subjectId && !isUuid(filters.subjectId)) {
      const reference = parseCaseReference(filters.subjectId);
      const found = reference
        ? await trx
            .selectFrom('cases')
            .select('id')
            .where('reference', '=', formatCaseReference(reference))
            .executeTakeFirst()
        : undefined;
      if (found) filters = { ...filters, subjectId: found.id };
    }
    const where = conditions(filters, userId);
    const { total } = await trx
      .selectFrom('audit_events as e')
      .select(sql<number>`count(*)::int`.as('total'))
      .where(where)
      .executeTakeFirstOrThrow();
    const limit = view === 'export' ? AUDIT_EXPORT_LIMIT : AUDIT_PAGE_SIZE;
    const tooMany = view === 'export' && total > AUDIT_EXPORT_LIMIT;
    const rows = tooMany
      ? []
      : await trx
          .selectFrom('audit_events as e')
          .leftJoin('users as u', 'u.id', 'e.actor_user_id')
          .leftJoin('hubs as h', 'h.id', 'e.hub_id')
          .leftJoin('users as cu', 'cu.id', 'e.actor_client_id')
          .select([
            'e.id',
            'e.occurred_at as occurredAt',
            'e.actor_user_id as actorUserId',
            'u.name as actorName',
            'e.actor_role as actorRole',
            'h.code as hubCode',
            'h.name as hubName',
            'e.action',
            'e.subject_type as subjectType',
            'e.subject_id as subjectId',
            'e.person_id as personId',
            'e.reason',
            'e.outcome',
            'e.request_id as requestId',
            'e.detail',
            'e.actor_client_id as actorClientId',
            'cu.name as clientName',
          ])
          .where(where)
          .orderBy('e.occurred_at', 'desc')
          .orderBy('e.id', 'desc')
          .limit(limit)
          .offset(view === 'export' ? 0 : (page - 1) * AUDIT_PAGE_SIZE)
          .execute();

    await recordAudit(trx, clock, actor, {
      action: 'consultation',
      subjectType: 'audit_log',
      subjectId:
        view === 'record' && filters.subjectType && filters.subjectId
          ? `${filters.subjectType}:${filters.subjectId}`
          : null,
      outcome: tooMany ? 'failure' : 'success',
      reason: request.reason ?? null,
      detail: {
        view,
        ...(view === 'export' ? { identifiableExport: 'audit_csv' } : {}),
        userId: userId ?? null,
        subjectType: filters.subjectType ?? null,
        subjectId: filters.subjectId ?? null,
        actionFilter: filters.action ?? null,
        from: filters.from ?? null,
        to: filters.to ?? null,
        page: view === 'export' ? null : page,
        rows: rows.length,
      },
    });
    const names =
      view === 'export'
        ? NO_NAMES
        : await namesOf(trx, [
            ...rows,
            {
              subjectType: filters.subjectType ?? '',
              subjectId: filters.subjectId ?? null,
              detail: {},
            },
          ]);
    return { rows, total, tooMany, userId: userId ?? null, names };
  });
}
