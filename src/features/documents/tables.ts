import type { ColumnType, Generated } from 'kysely';
import type { DocumentKind, DocumentMime } from './kinds.ts';

/** One document row: the same columns in both compartments' tables. */
export interface DocumentRow {
  id: Generated<string>;
  case_id: string;
  title: string;
  kind: DocumentKind;
  content_id: string;
  source: string | null;
  added_by: string;
  added_at: Date;
}

/** Documents of a case and their stored bytes (0135_documents.sql). */
export interface DocumentTables {
  document_contents: {
    id: Generated<string>;
    sha256: string;
    size_bytes: number;
    mime: DocumentMime;
    chunk_count: number;
    stored_at: Date;
  };
  document_content_chunks: {
    content_id: string;
    position: number;
    bytes: ColumnType<Uint8Array, Uint8Array, never>;
  };
  /** Health compartment: the hub's clinicians' documents. */
  health_documents: DocumentRow;
  /** Police compartment: documents the case officer added to their own request. */
  police_documents: DocumentRow;
}
