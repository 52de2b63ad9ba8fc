import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import type { OpenedCase } from '../../access/case-context.ts';
import type { CasePageRegistry, PanelView, SummaryEntry } from './registry.ts';
import { caseTimeline } from './timeline.ts';

/** One panel as read for this viewer: what its partial renders. */
export interface ReadPanel {
  id: string;
  template: string;
  view: PanelView;
}

/**
 * Everything the case page shows: each registered panel in order (a panel the viewer may not
 * see reads nothing and is left out) and the timeline, read in one transaction with the
 * page's consultation audit row.
 */
export async function readCase(
  input: CasePageRegistry & {
    db: Kysely<DB>;
    clock: Clock;
    actor: AuditActor;
    opened: OpenedCase;
    today: string;
  },
) {
  const { db, clock, actor, opened, today } = input;
  const { header, visibility } = opened;
  return db.transaction().execute(async (trx) => {
    const panels: ReadPanel[] = [];
    const ordered = [...input.panels].sort((a, b) => a.order - b.order);
    for (const panel of ordered) {
      const view = await panel.read({ db: trx, clock, actor, opened, today });
      if (view) panels.push({ id: panel.id, template: panel.template, view });
    }
    const summary: SummaryEntry[] = panels.flatMap((p) => p.view.summary ?? []);
    const timeline = await caseTimeline(trx, header.id, visibility, input.timeline);
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: header.hubId },
      {
        action: 'consultation',
        subjectType: 'case',
        subjectId: header.id,
        personId: header.personId,
        detail: { police: visibility.police, health: visibility.health },
      },
    );
    return { panels, summary, timeline };
  });
}

export type CaseRecord = Awaited<ReturnType<typeof readCase>>;

/**
 * Records why a clinician opens a case of their hub outside their allocation. The reason
 * admits them to this case for the rest of this sign-in session only (a new session asks
 * again), and is audited with the reason.
 */
export async function recordAccessReason(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: { principal: Principal; opened: OpenedCase; reason: string },
): Promise<void> {
  const { principal } = input;
  const { header } = input.opened;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('case_access_reasons')
      .values({
        case_id: header.id,
        user_id: principal.userId,
        session_id: principal.sessionId,
        reason: input.reason,
        recorded_at: clock.now(),
      })
      .execute();
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: header.hubId },
      {
        action: 'consultation',
        subjectType: 'case_access_reason',
        subjectId: header.id,
        personId: header.personId,
        reason: input.reason,
        detail: { outsideAllocation: true },
      },
    );
  });
}

export const ACCESS_REASONS_PAGE_SIZE = 50;

/** Out-of-allocation accesses with their reasons, newest first, for IG review. */
export async function accessReasons(db: Kysely<DB>, clock: Clock, actor: AuditActor, page: number) {
  return db.transaction().execute(async (trx) => {
    const { total } = await trx
      .selectFrom('case_access_reasons')
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .executeTakeFirstOrThrow();
    const rows = await trx
      .selectFrom('case_access_reasons')
      .innerJoin('users', 'users.id', 'case_access_reasons.user_id')
      .innerJoin('cases', 'cases.id', 'case_access_reasons.case_id')
      .innerJoin('hubs', 'hubs.id', 'cases.hub_id')
      .select([
        'case_access_reasons.recorded_at',
        'case_access_reasons.reason',
        'users.name as user_name',
        'cases.reference',
        'hubs.name as hub_name',
      ])
      .orderBy('case_access_reasons.recorded_at', 'desc')
      .orderBy('case_access_reasons.id')
      .limit(ACCESS_REASONS_PAGE_SIZE)
      .offset((page - 1) * ACCESS_REASONS_PAGE_SIZE)
      .execute();
    await recordAudit(trx, clock, actor, {
      action: 'consultation',
      subjectType: 'access_reasons_log',
      detail: { page, count: rows.length },
    });
    return { total: Number(total), rows };
  });
}
