import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import {
  CHUNK_BYTES,
  MAX_DOCUMENT_BYTES,
  documentTable,
  isDocumentMime,
  type DocumentCompartment,
  type DocumentKind,
  type DocumentMime,
} from './kinds.ts';

/**
 * Bytes received and hashed, ready to be stored once: the chunks as they came (no copy of the
 * whole), their SHA-256 and size, and the type decided from the content.
 */
export interface ReceivedContent {
  chunks: Uint8Array[];
  sha256: string;
  size: number;
  mime: DocumentMime;
}

/** Splits bytes into views of at most CHUNK_BYTES (no copy). */
export function chunked(bytes: Uint8Array): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES) {
    chunks.push(bytes.subarray(at, Math.min(at + CHUNK_BYTES, bytes.length)));
  }
  return chunks;
}

/** Writes one content row and its chunks; returns its id. Content rows never change. */
export async function storeContent(
  trx: Transaction<DB>,
  clock: Clock,
  content: ReceivedContent,
): Promise<string> {
  if (content.size < 1 || content.size > MAX_DOCUMENT_BYTES) {
    throw new Error('A document must hold between 1 byte and 20 MB');
  }
  if (content.chunks.some((c) => c.length < 1 || c.length > CHUNK_BYTES)) {
    throw new Error('Document chunks must hold between 1 byte and 1 MiB');
  }
  const row = await trx
    .insertInto('document_contents')
    .values({
      sha256: content.sha256,
      size_bytes: content.size,
      mime: content.mime,
      chunk_count: content.chunks.length,
      stored_at: clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // One chunk per statement: a statement never carries more than 1 MiB of bytes.
  for (const [index, bytes] of content.chunks.entries()) {
    await trx
      .insertInto('document_content_chunks')
      .values({ content_id: row.id, position: index + 1, bytes })
      .execute();
  }
  return row.id;
}

/** A document to add to a case: what it is, and its stored content. */
export interface NewDocument {
  caseId: string;
  compartment: DocumentCompartment;
  title: string;
  kind: DocumentKind;
  contentId: string;
  source: string | null;
  userId: string;
}

/** Adds a document row for stored content, audited as a collection; returns its id. */
export async function addDocument(
  trx: Transaction<DB>,
  clock: Clock,
  actor: AuditActor,
  doc: NewDocument,
): Promise<string> {
  const theCase = await trx
    .selectFrom('cases')
    .select(['hub_id', 'person_id'])
    .where('id', '=', doc.caseId)
    .executeTakeFirstOrThrow();
  const table = documentTable(doc.compartment) as 'health_documents';
  const row = await trx
    .insertInto(table)
    .values({
      case_id: doc.caseId,
      title: doc.title,
      kind: doc.kind,
      content_id: doc.contentId,
      source: doc.source,
      added_by: doc.userId,
      added_at: clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(
    trx,
    clock,
    { ...actor, hubId: theCase.hub_id },
    {
      action: 'collection',
      subjectType: table,
      subjectId: row.id,
      personId: theCase.person_id,
      detail: {
        caseId: doc.caseId,
        kind: doc.kind,
        compartment: doc.compartment,
        contentId: doc.contentId,
        source: doc.source,
      },
    },
  );
  return row.id;
}

/**
 * Saves bytes made by the service (a generated letter, say) to a case's documents, in the
 * caller's transaction, audited as a collection; returns the document's id. The caller has
 * decided the viewer may add to this compartment of this case, and gives the bytes' real type
 * (one of DOCUMENT_TYPES). `actor.userId` is recorded as who added it.
 */
export async function storeDocument(
  trx: Transaction<DB>,
  clock: Clock,
  actor: AuditActor,
  input: {
    caseId: string;
    compartment: 'health' | 'police';
    title: string;
    kind: DocumentKind;
    mime: string;
    bytes: Buffer;
    source?: string;
  },
): Promise<string> {
  if (!isDocumentMime(input.mime)) throw new Error(`Documents cannot be of type ${input.mime}`);
  if (!actor.userId) throw new Error('A document is added by a user');
  const contentId = await storeContent(trx, clock, {
    chunks: chunked(input.bytes),
    sha256: createHash('sha256').update(input.bytes).digest('hex'),
    size: input.bytes.length,
    mime: input.mime,
  });
  return addDocument(trx, clock, actor, {
    caseId: input.caseId,
    compartment: input.compartment,
    title: input.title,
    kind: input.kind,
    contentId,
    source: input.source ?? null,
    userId: actor.userId,
  });
}
