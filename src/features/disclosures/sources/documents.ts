import { DOCUMENT_TYPES, kindLabel, sizeLabel } from '../../documents/kinds.ts';
import type { ReleasableItem, ReleasableSource } from './source.ts';

/**
 * A document of the health record as an item of a disclosure: its text names the file and its
 * SHA-256, and the recipient downloads the released copy, the stored bytes with that hash,
 * which never change (documents/released.ts). The generator uses it too.
 */
export function documentItem(row: {
  id: string;
  title: string;
  kind: Parameters<typeof kindLabel>[0];
  mime: keyof typeof DOCUMENT_TYPES;
  size_bytes: number;
  sha256: string;
}): ReleasableItem {
  return {
    source: 'document',
    sourceTable: 'health_documents',
    recordId: row.id,
    recordVersion: 1,
    label: `Document: ${row.title}`,
    text: `${kindLabel(row.kind)}, ${DOCUMENT_TYPES[row.mime].label}, ${sizeLabel(row.size_bytes)}. SHA-256 ${row.sha256}`,
  };
}

/** The documents of the health record (health to police). */
export const healthDocuments: ReleasableSource = {
  id: 'document',
  direction: 'health_to_police',
  title: 'Documents',
  async items(db, caseId) {
    const rows = await db
      .selectFrom('health_documents as d')
      .innerJoin('document_contents as c', 'c.id', 'd.content_id')
      .select(['d.id', 'd.title', 'd.kind', 'c.mime', 'c.size_bytes', 'c.sha256'])
      .where('d.case_id', '=', caseId)
      .orderBy('d.added_at')
      .orderBy('d.id')
      .execute();
    return rows.map(documentItem);
  },
};
