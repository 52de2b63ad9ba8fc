import type { Kysely } from 'kysely';
import type nunjucks from 'nunjucks';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { londonDate } from '../../domain/london-day.ts';
import type { OpenedCase } from '../../access/case-context.ts';
import { formatDateTime } from '../../web/format.ts';
import { htmlToBlocks } from '../../web/html-text.ts';
import { renderPdf } from '../../web/pdf.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import { releasedItemsOf } from '../disclosures/released.ts';
import {
  CASE_SECTIONS,
  readSummaries,
  SECTION_PAGES,
  type CasePageRegistry,
  type SummaryEntry,
} from '../cases/registry.ts';
import type { ReadPanel } from '../cases/service.ts';
import { caseTimeline } from '../cases/timeline.ts';
import { summaryModel, type PrintedSection } from './presenter.ts';

export const MARKING = 'OFFICIAL-SENSITIVE';

export interface SummaryDeps {
  db: Kysely<DB>;
  clock: Clock;
  views: nunjucks.Environment;
  casePage: CasePageRegistry;
}

/** "Printed by Ann Clinician at 2:46pm on 2 December 2026", at the foot of every page. */
export function printedLine(name: string, at: Date): string {
  const [date, time] = formatDateTime(at).split(' at ');
  return `Printed by ${name} at ${time} on ${date}`;
}

export const summaryFilename = (reference: string) =>
  `case-summary-${reference.replace(/[^A-Za-z0-9-]/g, '')}.pdf`;

/**
 * The case summary as a PDF of exactly what the viewer may see: every section of the case
 * workspace the viewer may see, from the case page's own panels and timeline sources (registered
 * in app.ts), read for the viewer as the access core opened the case (each panel's `visible` and
 * `read` decide, as on the case page) and rendered with the panels' own templates. No access
 * decision is made here. Read, printed and audited (a consultation naming what was
 * printed) in one transaction: a PDF that fails to render leaves no audit row claiming it.
 */
export async function printCaseSummary(
  deps: SummaryDeps,
  input: {
    actor: AuditActor;
    opened: OpenedCase;
    printedBy: string;
    /** Why the PDF was asked for (audit/export-reason.ts): in its audit row. */
    reason: string;
  },
): Promise<Buffer> {
  const { db, clock, views, casePage: registry } = deps;
  const { actor, opened } = input;
  const { header, visibility } = opened;
  const now = clock.now();
  const today = londonDate(now);
  return db.transaction().execute(async (trx) => {
    const ctx = { db: trx, clock, actor, opened, today };
    const visible = registry.panels
      .filter((p) => p.id !== 'printing' && p.visible(opened))
      .sort((a, b) => a.order - b.order);
    const summary: SummaryEntry[] = [];
    const sections: PrintedSection[] = [];
    for (const section of CASE_SECTIONS) {
      const panels: ReadPanel[] = [];
      for (const panel of visible.filter((p) => p.section === section)) {
        const view = await panel.read(ctx);
        if (view) panels.push({ id: panel.id, template: panel.template, view });
      }
      if (panels.length) sections.push({ title: SECTION_PAGES[section].title, panels });
    }
    for (const { part } of await readSummaries(visible, ctx)) summary.push(...(part.rows ?? []));
    // What a disclosure decision released to a viewer who does not read the health record (the
    // requesting officer): the copies their request page shows, by the released items' rule
    // (visibility.releasedItems, from the access core). Those who read the record see the
    // records themselves, and the decisions in the Disclosures section.
    const released = visibility.health
      ? []
      : await releasedItemsOf(trx, {
          caseId: header.id,
          access: visibility.releasedItems,
          viewerId: actor.userId ?? '',
          direction: 'health_to_police',
        });
    const timeline = await caseTimeline(trx, header.id, visibility, registry.timeline);
    const html = views.render(
      'features/printing/views/summary.njk',
      summaryModel({ opened, summary, sections, released, timeline }),
    );
    const pdf = await renderPdf({
      title: `Case summary ${header.reference}`,
      blocks: htmlToBlocks(html),
      marks: { marking: MARKING, footer: printedLine(input.printedBy, now) },
      createdAt: now,
    });
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: header.hubId },
      {
        action: 'consultation',
        subjectType: 'case',
        subjectId: header.id,
        personId: header.personId,
        reason: input.reason,
        detail: {
          printed: 'case_summary',
          identifiableExport: 'case_summary_pdf',
          format: 'pdf',
          police: visibility.police,
          health: visibility.health,
          panels: sections.flatMap((s) => s.panels.map((p) => p.id)),
          ...(released.length ? { releasedItems: released.map((r) => r.id) } : {}),
        },
      },
    );
    return pdf;
  });
}
