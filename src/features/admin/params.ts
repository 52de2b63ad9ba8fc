import type { FastifyRequest } from 'fastify';
import { z } from 'zod';

const idParams = z.object({ id: z.uuid() });

/** The record id of a path, or null when it is not a UUID (the caller answers 404). */
export function recordId(request: FastifyRequest): string | null {
  const parsed = idParams.safeParse(request.params);
  return parsed.success ? parsed.data.id : null;
}

/** The one-word notice a page shows after a change (`?done=saved`): a code, never data. */
export function notice(request: FastifyRequest): string | undefined {
  const query = request.query as Record<string, unknown> | undefined;
  const done = query?.done;
  return typeof done === 'string' && /^[a-z-]{1,20}$/.test(done) ? done : undefined;
}
