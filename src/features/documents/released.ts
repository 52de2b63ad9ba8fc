import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { OpenedCase } from '../../access/case-context.ts';
import type { Clock } from '../../domain/clock.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import { releasedItemsOf } from '../disclosures/released.ts';
import { downloadName, isDocumentKind } from './kinds.ts';
import { contentFacts, type DownloadFacts } from './service.ts';

/** The tables whose rows a released item may copy as a document. */
export const DOCUMENT_TABLES = ['health_documents', 'police_documents'] as const;
export const isDocumentTable = (table: string): table is (typeof DOCUMENT_TABLES)[number] =>
  (DOCUMENT_TABLES as readonly string[]).includes(table);

/**
 * The released copy of a document, for a viewer the released item is shown to (the same rule
 * as every released item: releasedItemsOf), while the decision is in effect. The copy is the
 * stored content the document refers to: a document never changes its content and contents
 * never change (triggers of 0135), and the hash frozen in the item's text is checked against
 * it. Audited as a consultation of the released item.
 */
export async function openReleasedDocument(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: { opened: OpenedCase; viewerId: string; itemId: string },
): Promise<{ facts: DownloadFacts; name: string } | null> {
  const { header, visibility } = input.opened;
  return db.transaction().execute(async (trx) => {
    const items = await releasedItemsOf(trx, {
      caseId: header.id,
      access: visibility.releasedItems,
      viewerId: input.viewerId,
    });
    const item = items.find((i) => i.id === input.itemId);
    if (!item || item.text === null || !item.recordId || !isDocumentTable(item.sourceTable)) {
      return null;
    }
    const doc = await trx
      .selectFrom(item.sourceTable as 'health_documents')
      .select(['content_id', 'kind'])
      .where('id', '=', item.recordId)
      .where('case_id', '=', header.id)
      .executeTakeFirst();
    if (!doc || !isDocumentKind(doc.kind)) return null;
    const facts = await contentFacts(trx, doc.content_id);
    if (!facts || !item.text.includes(facts.sha256)) return null;
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: header.hubId },
      {
        action: 'consultation',
        subjectType: 'released_item',
        subjectId: item.id,
        personId: header.personId,
        detail: { caseId: header.id, download: true, contentId: facts.contentId },
      },
    );
    return { facts, name: downloadName(doc.kind, facts.mime) };
  });
}
