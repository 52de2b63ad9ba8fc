import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Clock } from '../domain/clock.ts';
import { openCase, reasonPath, type OpenedCase } from './case-context.ts';
import { caseNotFound } from './case-route.ts';
import { isUuid } from '../web/ids.ts';

/**
 * TRANSITIONAL helpers for routes not yet declared with caseRoute (src/web/routes.ts). Deleted
 * when the last legacy route is converted.
 */
export async function openHealthCase(
  db: Kysely<DB>,
  clock: Clock,
  request: FastifyRequest,
  reply: FastifyReply,
  caseId: string,
): Promise<OpenedCase | null> {
  const opened = await openCase(db, request.principal!, caseId);
  if (!opened) {
    await caseNotFound(db, clock, request, reply, isUuid(caseId) ? caseId : null);
    return null;
  }
  if (opened.reasonRequired || !opened.visibility.health) {
    await reply.redirect(reasonPath(opened.header.id));
    return null;
  }
  return opened;
}

/** The case id from the path. */
export const caseIdOf = (request: FastifyRequest): string =>
  (request.params as { caseId?: string }).caseId ?? '';
