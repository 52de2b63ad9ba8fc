import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import { CHUNK_BYTES, MAX_DOCUMENT_BYTES, isDocumentMime, type DocumentMime } from './kinds.ts';
import type { ReceivedContent } from './store.ts';

/** Why a file was refused, each with the message the error summary shows. */
export type FileRefusal = 'missing' | 'empty' | 'too_large' | 'wrong_type';

export const FILE_MESSAGES: Record<FileRefusal, string> = {
  missing: 'Select a file',
  empty: 'The selected file is empty',
  too_large: 'The selected file must be smaller than 20 MB',
  wrong_type: 'The selected file must be a PDF, DOCX, ODT, PNG or JPEG',
};

export type Received = { ok: true; content: ReceivedContent } | { ok: false; refusal: FileRefusal };

/**
 * The type of a file from its first bytes (the first chunk, up to 1 MiB), never its name:
 * only PDF, DOCX, ODT, PNG and JPEG. DOCX and ODT are both zip files: file-type reads the
 * zip's entries and names which, and a zip that is neither is refused.
 */
export async function detectType(head: Uint8Array): Promise<DocumentMime | null> {
  try {
    const found = await fileTypeFromBuffer(head);
    return found && isDocumentMime(found.mime) ? found.mime : null;
  } catch {
    return null;
  }
}

/**
 * Reads an uploaded file's stream once: hashing as it comes, gathering the bytes into chunks of
 * at most 1 MiB (the only copy held), stopping at 20 MB. An error of the stream (the upload
 * interrupted) rejects, and nothing has been stored.
 */
export async function receiveFile(
  stream: Readable & { truncated?: boolean },
  limit = MAX_DOCUMENT_BYTES,
): Promise<Received> {
  const hash = createHash('sha256');
  const chunks: Uint8Array[] = [];
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let size = 0;
  let tooLarge = false;
  const flush = () => {
    if (pendingBytes === 0) return;
    chunks.push(pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes));
    pending = [];
    pendingBytes = 0;
  };
  for await (const data of stream) {
    const buf = data as Buffer;
    if (tooLarge) continue; // drain what is left, keep nothing
    size += buf.length;
    if (size > limit) {
      tooLarge = true;
      chunks.length = 0;
      pending = [];
      pendingBytes = 0;
      continue;
    }
    hash.update(buf);
    let at = 0;
    while (at < buf.length) {
      const take = Math.min(CHUNK_BYTES - pendingBytes, buf.length - at);
      pending.push(buf.subarray(at, at + take));
      pendingBytes += take;
      at += take;
      if (pendingBytes === CHUNK_BYTES) flush();
    }
  }
  if (tooLarge || stream.truncated) return { ok: false, refusal: 'too_large' };
  flush();
  if (size === 0) return { ok: false, refusal: 'empty' };
  const mime = await detectType(chunks[0]!);
  if (!mime) return { ok: false, refusal: 'wrong_type' };
  return { ok: true, content: { chunks, sha256: hash.digest('hex'), size, mime } };
}
