import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from '../../web/errors.ts';
import type { CaseChange } from './case-access.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The :caseId of the path if it is a UUID; anything else is simply not found. */
export function caseIdOf(request: FastifyRequest): string | null {
  const value = (request.params as Record<string, unknown> | undefined)?.caseId;
  return typeof value === 'string' && UUID.test(value) ? value : null;
}

/** The case version a form was opened on (hidden field); a missing one counts as stale. */
export function formVersion(request: FastifyRequest): number {
  const body = request.body as Record<string, unknown> | undefined;
  const value = body?.version;
  return typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : -1;
}

/** The page for a change that did not happen: not found, stale form, or a refused step. */
export function sendUnchanged(
  request: FastifyRequest,
  reply: FastifyReply,
  change: Exclude<CaseChange<unknown>, { kind: 'done' }>,
  backHref: string,
): FastifyReply {
  if (change.kind === 'not_found') return sendProblem(request, reply, 404);
  if (change.kind === 'stale') {
    return reply.page(
      'features/closure/views/unchanged.njk',
      {
        title: 'This case changed since you opened it',
        message:
          'Someone else changed this case after you opened the form, so nothing was saved. Go back to the case, check what changed, and try again.',
        backHref,
      },
      409,
    );
  }
  return reply.page(
    'features/closure/views/unchanged.njk',
    { title: 'This cannot be done now', message: change.reason, backHref },
    409,
  );
}
