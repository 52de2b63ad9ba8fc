import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import type { OpenedCase } from '../../access/case-context.ts';
import { whatNeedsDoing, type WorkFacts } from '../../domain/what-needs-doing.ts';
import {
  CASE_SECTIONS,
  readSummaries,
  type CasePageRegistry,
  type PanelSummaryPart,
  type CaseSection,
  type PanelView,
  type SummaryEntry,
} from './registry.ts';
import { caseTimeline } from './timeline.ts';
import { notify } from '../notifications/notify.ts';

/** One panel as read for this viewer: what its partial renders. */
export interface ReadPanel {
  id: string;
  template: string;
  view: PanelView;
}

/**
 * The sections the viewer may see, in order, decided from the access core's answer alone:
 * the Summary always; a section when one of its panels is visible to them; the Timeline when
 * one of its sources' compartments is.
 */
export function sectionsFor(opened: OpenedCase, registry: CasePageRegistry): CaseSection[] {
  const { visibility } = opened;
  return CASE_SECTIONS.filter((section) => {
    if (section === 'summary') return true;
    if (section === 'timeline') return registry.timeline.some((s) => visibility[s.compartment]);
    return registry.panels.some((p) => p.section === section && p.visible(opened));
  });
}

/**
 * One section of the case as the viewer may see it, read in one transaction with the page's
 * consultation audit row: its own panels in order (a panel the viewer may not see reads
 * nothing and is left out); on the Summary, the other panels' summary rows and the facts of
 * "What needs doing"; on the Timeline, every source the viewer may see.
 */
export async function readCase(
  input: CasePageRegistry & {
    db: Kysely<DB>;
    clock: Clock;
    actor: AuditActor;
    opened: OpenedCase;
    today: string;
    section: CaseSection;
  },
) {
  const { db, clock, actor, opened, today, section } = input;
  const { header, visibility } = opened;
  return db.transaction().execute(async (trx) => {
    const ctx = { db: trx, clock, actor, opened, today };
    const panels: ReadPanel[] = [];
    const summary: SummaryEntry[] = [];
    let facts: Partial<WorkFacts> = {};
    const ordered = [...input.panels]
      .filter((p) => p.visible(opened))
      .sort((a, b) => a.order - b.order);
    // On the Summary every panel's rows come in one statement (registry.ts readSummaries).
    const parts =
      section === 'summary'
        ? new Map((await readSummaries(ordered, ctx)).map(({ panel, part }) => [panel.id, part]))
        : new Map<string, PanelSummaryPart>();
    for (const panel of ordered) {
      const part = parts.get(panel.id);
      if (panel.section === section) {
        const view = part ? (part.view ?? null) : await panel.read(ctx);
        if (view) panels.push({ id: panel.id, template: panel.template, view });
      }
      if (part) {
        summary.push(...(part.rows ?? []));
        facts = { ...facts, ...part.facts };
      }
    }
    const timeline =
      section === 'timeline' ? await caseTimeline(trx, header.id, visibility, input.timeline) : [];
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: header.hubId },
      {
        action: 'consultation',
        subjectType: 'case',
        subjectId: header.id,
        personId: header.personId,
        detail: { police: visibility.police, health: visibility.health, section },
      },
    );
    const work =
      section === 'summary' && visibility.health
        ? whatNeedsDoing({ facts, caseOpen: header.status === 'open', today, now: clock.now() })
        : null;
    return { section, panels, summary, timeline, work };
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
    await notify(trx, clock, {
      kind: 'case_opened_with_reason',
      caseId: header.id,
      path: `/cases/${header.id}`,
      actorId: principal.userId,
    });
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
