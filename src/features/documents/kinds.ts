/** What a document is, and the file types a document may be (decided from its content). */

export const DOCUMENT_KINDS = [
  { code: 'consent_form', label: 'Consent form' },
  { code: 'gp_letter', label: 'GP letter' },
  { code: 'meeting_minutes', label: 'Meeting minutes' },
  { code: 'report', label: 'Report' },
  { code: 'other', label: 'Other' },
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number]['code'];

export const isDocumentKind = (value: unknown): value is DocumentKind =>
  DOCUMENT_KINDS.some((k) => k.code === value);

export const kindLabel = (kind: DocumentKind): string =>
  DOCUMENT_KINDS.find((k) => k.code === kind)?.label ?? 'Other';

/** The allowed types, by the media type file-type detects, with the name's extension. */
export const DOCUMENT_TYPES = {
  'application/pdf': { ext: 'pdf', label: 'PDF' },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    ext: 'docx',
    label: 'Word document',
  },
  'application/vnd.oasis.opendocument.text': { ext: 'odt', label: 'OpenDocument text' },
  'image/png': { ext: 'png', label: 'PNG image' },
  'image/jpeg': { ext: 'jpg', label: 'JPEG image' },
} as const;
export type DocumentMime = keyof typeof DOCUMENT_TYPES;

export const isDocumentMime = (value: string): value is DocumentMime =>
  Object.prototype.hasOwnProperty.call(DOCUMENT_TYPES, value);

/** At most 20 MB (20 MiB) a file. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

/** Bytes are stored in chunks of at most 1 MiB. */
export const CHUNK_BYTES = 1024 * 1024;

export type DocumentCompartment = 'health' | 'police';

/** The table of a compartment's documents. */
export const documentTable = (compartment: DocumentCompartment) =>
  compartment === 'health' ? 'health_documents' : 'police_documents';

/**
 * The file name a download is given: generic, from the kind and type only, because a title may
 * hold personal data and headers are logged by proxies (docs/documents.md).
 */
export const downloadName = (kind: DocumentKind, mime: DocumentMime): string =>
  `document-${kind.replace(/_/g, '-')}.${DOCUMENT_TYPES[mime].ext}`;

/** A size in words: "12 KB", "3.4 MB". */
export function sizeLabel(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.ceil(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
