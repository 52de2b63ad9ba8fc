import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { longDate } from '../../domain/dates.ts';
import { londonDate } from '../../domain/london-day.ts';
import {
  ITEM_CONTROLLER_LABELS,
  SAR_ITEM_TABLES,
  SOURCE_LABELS,
  controllersOf,
  readyForBundle,
  releasedTextOf,
  type ItemController,
} from '../../domain/subject-access.ts';
import type { DisposableTable } from '../../domain/disposal.ts';
import { renderPdf, type PdfBlock } from '../../web/pdf.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import { MARKING, printedLine } from '../printing/summary.ts';
import { SUBJECT, type Deps, type RequestRecord } from './service.ts';

const CONTROLLER_HEADINGS: Record<ItemController, string> = {
  nhs: 'Records held by the NHS trust',
  police: 'Records held by the police force',
};

export const bundleFilename = (request: { id: string }) =>
  `subject-access-${request.id.slice(0, 8)}.pdf`;

async function allItems(db: Kysely<DB> | Transaction<DB>, request: RequestRecord) {
  const items = [];
  for (const controller of controllersOf(request.controller)) {
    const rows = await db
      .selectFrom(`${SAR_ITEM_TABLES[controller]} as i`)
      .innerJoin('cases', 'cases.id', 'i.case_id')
      .select([
        'i.id',
        'i.source_table',
        'i.recorded_at',
        'i.body',
        'i.decision',
        'i.released_text',
        'cases.reference',
      ])
      .where('i.request_id', '=', request.id)
      .orderBy('i.position')
      .execute();
    items.push(
      ...rows.map((r) => ({
        ...r,
        controller,
        text: releasedTextOf({ decision: r.decision, body: r.body, releasedText: r.released_text }),
      })),
    );
  }
  return items;
}

type BundleItem = Awaited<ReturnType<typeof allItems>>[number];

/** The covering letter and the released items, in order: exactly what the bundle prints. */
export function bundleBlocks(
  request: RequestRecord,
  items: BundleItem[],
  today: string,
): PdfBlock[] {
  const released = items.filter((i) => i.text !== null);
  const withheld = items.length - released.length;
  const controllers = controllersOf(request.controller)
    .map((c) => ITEM_CONTROLLER_LABELS[c].toLowerCase())
    .join(' and the ');
  const blocks: PdfBlock[] = [
    { kind: 'title', text: 'Your request for your personal information' },
    { kind: 'text', text: longDate(today) },
    { kind: 'text', text: `Dear ${request.personName},` },
    {
      kind: 'text',
      text: `We received your request for a copy of your personal information on ${longDate(request.receivedOn)}. This letter answers it on behalf of the ${controllers}.`,
    },
    {
      kind: 'text',
      text: `We have enclosed ${released.length} ${released.length === 1 ? 'record' : 'records'} about you.${
        withheld > 0
          ? ` We have not released ${withheld} ${withheld === 1 ? 'record' : 'records'}, because an exemption under the Data Protection Act 2018 applies.`
          : ''
      } Where another person's information has been removed, the text says "[third party information removed]".`,
    },
    {
      kind: 'text',
      text: "If you are unhappy with this answer, you can ask us to look at it again, or complain to the Information Commissioner's Office.",
    },
    { kind: 'text', text: 'Information governance team' },
  ];
  for (const controller of controllersOf(request.controller)) {
    const own = released.filter((i) => i.controller === controller);
    blocks.push({ kind: 'heading', text: CONTROLLER_HEADINGS[controller] });
    if (own.length === 0) blocks.push({ kind: 'text', text: 'No records are released.' });
    for (const item of own) {
      const when = item.recorded_at ? `, ${longDate(londonDate(item.recorded_at))}` : '';
      blocks.push({
        kind: 'subheading',
        text: `${SOURCE_LABELS[item.source_table as DisposableTable] ?? 'Record'} (${item.reference}${when})`,
      });
      blocks.push({ kind: 'text', text: item.text ?? '' });
    }
  }
  return blocks;
}

/**
 * The bundle: a PDF of the covering letter and exactly the released items (partial releases as
 * the reviewer redacted them). Produced once every item is decided; the first production
 * records the disclosure to the person on the request. Audited as a disclosure naming the
 * released and the withheld items, with the reason given for the download, in one transaction
 * with the PDF's making. Null while items wait for review.
 */
export async function produceBundle(
  { db, clock }: Deps,
  input: {
    actor: AuditActor;
    request: RequestRecord;
    userId: string;
    printedBy: string;
    reason: string;
  },
): Promise<Buffer | null> {
  const { request } = input;
  const now = clock.now();
  return db.transaction().execute(async (trx) => {
    const items = await allItems(trx, request);
    if (!request.gatheredAt || !readyForBundle(items)) return null;
    const pdf = await renderPdf({
      title: 'Subject access bundle',
      blocks: bundleBlocks(request, items, londonDate(now)),
      marks: { marking: MARKING, footer: printedLine(input.printedBy, now) },
      createdAt: now,
    });
    await trx
      .updateTable('subject_access_requests')
      .set({ disclosed_at: now, disclosed_by: input.userId })
      .where('id', '=', request.id)
      .where('disclosed_at', 'is', null)
      .execute();
    await recordAudit(trx, clock, input.actor, {
      action: 'disclosure',
      subjectType: SUBJECT,
      subjectId: request.id,
      personId: request.personId,
      reason: input.reason,
      detail: {
        identifiableExport: 'subject_access_bundle',
        format: 'pdf',
        recipient: 'data_subject',
        released: items.filter((i) => i.text !== null).map((i) => i.id),
        withheld: items.filter((i) => i.text === null).map((i) => i.id),
      },
    });
    return pdf;
  });
}
