import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Clock } from '../domain/clock.ts';
import { recordAudit } from '../features/audit/record.ts';
import { actorFor } from '../features/auth/actor.ts';
import { sendProblem } from '../web/errors.ts';
import type { CaseNeed, RouteRuntime } from '../web/routes.ts';
import { openCase, reasonPath, type OpenedCase } from './case-context.ts';

/**
 * Not found, with a denial in the audit log: the same answer whether the case exists elsewhere
 * or not. Only a well-formed id is kept: the path could hold anything a user typed.
 */
export async function caseNotFound(
  { db, clock }: { db: Kysely<DB>; clock: Clock },
  request: FastifyRequest,
  reply: FastifyReply,
  caseId: string | null,
): Promise<FastifyReply> {
  await recordAudit(db, clock, actorFor(request), {
    action: 'denial',
    subjectType: 'case',
    subjectId: caseId,
    outcome: 'denied',
  });
  return sendProblem(request, reply, 404);
}

/**
 * How registration opens the case of a case route (src/web/routes.ts caseRoute): through the
 * one access core, answering for the route when the handler must not run.
 */
export function caseRouteRuntime(db: Kysely<DB>, clock: Clock): RouteRuntime {
  return {
    actorOf: (request, hubId) => actorFor(request, { hubId: hubId ?? null }),
    async openCaseFor(request, reply, caseId, needs: CaseNeed): Promise<OpenedCase | null> {
      const principal = request.principal;
      const opened = caseId && principal ? await openCase(db, principal, caseId) : null;
      if (!opened) {
        await caseNotFound({ db, clock }, request, reply, caseId);
        return null;
      }
      if (needs === 'visible' || opened.can[needs]) return opened;
      // Without the capability: the reason page when a reason would open the case to them.
      if (opened.reasonRequired) await reply.redirect(reasonPath(opened.header.id));
      else await caseNotFound({ db, clock }, request, reply, opened.header.id);
      return null;
    },
  };
}
