import { Readable } from 'node:stream';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { openCaseTo, type CaseHeader } from '../../access/case-context.ts';
import type { Clock } from '../../domain/clock.ts';
import { documentUploadRefusal } from '../../domain/documents.ts';
import { done, notFound, refused, type Change } from '../../domain/result.ts';
import type { Principal } from '../auth/principal.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import {
  documentTable,
  type DocumentCompartment,
  type DocumentKind,
  type DocumentMime,
} from './kinds.ts';
import { addDocument, storeContent, type ReceivedContent } from './store.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** A document as the case's pages list it (no bytes). */
export interface CaseDocument {
  id: string;
  compartment: DocumentCompartment;
  title: string;
  kind: DocumentKind;
  mime: DocumentMime;
  size: number;
  sha256: string;
  contentId: string;
  source: string | null;
  addedBy: string;
  addedAt: Date;
}

function documentsQuery(db: Executor, compartment: DocumentCompartment) {
  // Both compartments' tables have the same columns (tables.ts): typed as one of them.
  const table = documentTable(compartment) as 'health_documents';
  return db
    .selectFrom(`${table} as d`)
    .innerJoin('document_contents as c', 'c.id', 'd.content_id')
    .innerJoin('users as u', 'u.id', 'd.added_by')
    .select([
      'd.id',
      'd.title',
      'd.kind',
      'd.source',
      'd.added_at',
      'd.content_id',
      'c.mime',
      'c.size_bytes',
      'c.sha256',
      'u.name as added_by',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof documentsQuery>['execute']>>[number];

const toDocument =
  (compartment: DocumentCompartment) =>
  (r: Row): CaseDocument => ({
    id: r.id,
    compartment,
    title: r.title,
    kind: r.kind,
    mime: r.mime,
    size: r.size_bytes,
    sha256: r.sha256,
    contentId: r.content_id,
    source: r.source,
    addedBy: r.added_by,
    addedAt: r.added_at,
  });

/** The documents of one compartment of a case, newest first. */
export async function documentsOf(
  db: Executor,
  caseId: string,
  compartment: DocumentCompartment,
): Promise<CaseDocument[]> {
  const rows = await documentsQuery(db, compartment)
    .where('d.case_id', '=', caseId)
    .orderBy('d.added_at', 'desc')
    .orderBy('d.id')
    .execute();
  return rows.map(toDocument(compartment));
}

export async function documentOf(
  db: Executor,
  caseId: string,
  compartment: DocumentCompartment,
  documentId: string,
): Promise<CaseDocument | null> {
  const row = await documentsQuery(db, compartment)
    .where('d.case_id', '=', caseId)
    .where('d.id', '=', documentId)
    .executeTakeFirst();
  return row ? toDocument(compartment)(row) : null;
}

const caseActor = (actor: AuditActor, header: CaseHeader): AuditActor => ({
  ...actor,
  hubId: header.hubId,
});

/** The documents of the compartments the viewer may read (the caller decides which); audited. */
export async function readDocuments(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: { header: CaseHeader; compartments: DocumentCompartment[] },
): Promise<Record<DocumentCompartment, CaseDocument[]>> {
  return db.transaction().execute(async (trx) => {
    const found: Record<DocumentCompartment, CaseDocument[]> = { health: [], police: [] };
    for (const c of input.compartments) found[c] = await documentsOf(trx, input.header.id, c);
    await recordAudit(trx, clock, caseActor(actor, input.header), {
      action: 'consultation',
      subjectType: 'documents',
      subjectId: input.header.id,
      personId: input.header.personId,
      detail: {
        compartments: input.compartments,
        count: found.health.length + found.police.length,
      },
    });
    return found;
  });
}

/**
 * Stores an upload received whole and its document row in one transaction; its id. The case
 * row is locked and opened again first: a case closed, or a viewer who lost the capability,
 * while the file was coming in stores nothing (refused or not found).
 */
export async function saveUpload(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: {
    header: CaseHeader;
    principal: Principal;
    compartment: DocumentCompartment;
    title: string;
    kind: DocumentKind;
    content: ReceivedContent;
  },
): Promise<Change<string>> {
  return db.transaction().execute(async (trx) => {
    const opened = await openCaseTo(trx, input.principal, input.header.id, {
      capability: input.compartment === 'health' ? 'workHealth' : 'addPoliceUpdate',
      forUpdate: true,
    });
    if (!opened) return notFound;
    const refusal = documentUploadRefusal(input.compartment, opened.header.status);
    if (refusal) return refused(refusal);
    const contentId = await storeContent(trx, clock, input.content);
    const id = await addDocument(trx, clock, caseActor(actor, opened.header), {
      caseId: opened.header.id,
      compartment: input.compartment,
      title: input.title,
      kind: input.kind,
      contentId,
      source: 'upload',
      userId: input.principal.userId,
    });
    return done(id);
  });
}

/**
 * The bytes of stored content as a stream, one chunk (at most 1 MiB) read at a time. Contents
 * never change (a trigger refuses it), so reading chunk by chunk outside a transaction is safe.
 */
export function contentStream(db: Kysely<DB>, contentId: string, chunkCount: number): Readable {
  let next = 1;
  const stream: Readable = new Readable({
    read() {
      if (next > chunkCount) {
        stream.push(null);
        return;
      }
      const position = next;
      next += 1;
      db.selectFrom('document_content_chunks')
        .select('bytes')
        .where('content_id', '=', contentId)
        .where('position', '=', position)
        .executeTakeFirstOrThrow()
        .then(
          (row) =>
            stream.push(Buffer.from(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength)),
          (error: unknown) => stream.destroy(error as Error),
        );
    },
  });
  return stream;
}

/** What a download needs: the content's facts, after the audit row is written. */
export interface DownloadFacts {
  contentId: string;
  chunkCount: number;
  size: number;
  mime: DocumentMime;
  sha256: string;
}

export async function contentFacts(db: Executor, contentId: string): Promise<DownloadFacts | null> {
  const row = await db
    .selectFrom('document_contents')
    .select(['id', 'chunk_count', 'size_bytes', 'mime', 'sha256'])
    .where('id', '=', contentId)
    .executeTakeFirst();
  return row
    ? {
        contentId: row.id,
        chunkCount: row.chunk_count,
        size: row.size_bytes,
        mime: row.mime,
        sha256: row.sha256,
      }
    : null;
}

/** A download of a case's document, audited as a consultation; null when not there. */
export async function openDownload(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: { header: CaseHeader; compartment: DocumentCompartment; documentId: string },
): Promise<{ document: CaseDocument; facts: DownloadFacts } | null> {
  return db.transaction().execute(async (trx) => {
    const document = await documentOf(trx, input.header.id, input.compartment, input.documentId);
    if (!document) return null;
    const facts = await contentFacts(trx, document.contentId);
    if (!facts) return null;
    await recordAudit(trx, clock, caseActor(actor, input.header), {
      action: 'consultation',
      subjectType: documentTable(input.compartment),
      subjectId: document.id,
      personId: input.header.personId,
      detail: { caseId: input.header.id, download: true, contentId: document.contentId },
    });
    return { document, facts };
  });
}
