import fastifyMultipart, { type Multipart, type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { registerRoutes, type RouteDeclaration, type RouteRuntime } from '../../web/routes.ts';
import { MAX_DOCUMENT_BYTES } from './kinds.ts';

/**
 * Multipart uploads, for the document routes only (ADR 0011): @fastify/multipart is registered
 * in a plugin scope holding just these routes, so every other route's form bodies are parsed
 * as before and a multipart body sent elsewhere is refused (415).
 *
 * The CSRF token is checked as on any form: the form sends `_csrf`, then its other fields, then
 * the file, last. A preValidation hook reads the fields up to the file and makes them the
 * request's body, and leaves the file unread; the access guard (preHandler) then checks the
 * token and the permission, the case is opened for the viewer, and only then does the handler
 * read the file (takeFile). A request refused on the way never has its file read: it is
 * drained and dropped when the response is sent.
 */

const pendingFiles = new WeakMap<FastifyRequest, MultipartFile>();

/** The file part of this request, once (the handler reads it); null when none was sent. */
export function takeFile(request: FastifyRequest): MultipartFile | null {
  const file = pendingFiles.get(request) ?? null;
  pendingFiles.delete(request);
  return file;
}

/** Limits of a document upload: one file of at most 20 MB, a few short fields. */
export const UPLOAD_LIMITS = {
  fileSize: MAX_DOCUMENT_BYTES,
  files: 1,
  fields: 6,
  fieldSize: 4096,
  parts: 8,
  headerPairs: 100,
} as const;

async function readFieldsBeforeFile(request: FastifyRequest): Promise<void> {
  if (!request.isMultipart()) return;
  const fields: Record<string, string> = {};
  const parts = request.parts();
  try {
    for (;;) {
      // next(), not for await: leaving a for-await loop would close the iterator.
      const next = (await parts.next()) as IteratorResult<Multipart, unknown>;
      if (next.done) break;
      const part = next.value;
      if (part.type === 'file') {
        pendingFiles.set(request, part);
        break;
      }
      if (typeof part.value === 'string' && !(part.fieldname in fields)) {
        fields[part.fieldname] = part.value;
      }
    }
  } catch {
    // A broken or over-limit body: the fields read so far (the guard refuses it without _csrf).
  }
  request.body = fields;
}

/** A request answered without reading its file: drain it, keeping nothing. */
function drainUnread(request: FastifyRequest): void {
  const file = pendingFiles.get(request);
  if (!file) return;
  pendingFiles.delete(request);
  file.file.resume();
}

/** Registers the document upload routes in their own scope, listed on `app` like any route. */
export async function registerUploadRoutes(
  app: FastifyInstance,
  runtime: RouteRuntime,
  routes: RouteDeclaration[],
): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      limits: UPLOAD_LIMITS,
      throwFileSizeLimit: false,
    });
    scope.addHook('preValidation', readFieldsBeforeFile);
    scope.addHook('onSend', (request, _reply, payload, done) => {
      drainUnread(request);
      done(null, payload);
    });
    registerRoutes(scope, runtime, routes, app);
  });
}
