import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { sendProblem } from '../../web/errors.ts';
import { uuid } from '../../web/ids.ts';
import { caseRoute, type RouteDeclaration } from '../../web/routes.ts';
import { sendContent } from '../documents/routes.ts';
import { letterFilename } from './external.ts';
import { openDecisionLetter } from './external-letter.ts';
import { capabilityFor } from './records.ts';

/**
 * The letter of a disclosure outside Cicero (docs/printing-and-letters.md), from the decision's
 * page: those who record disclosures on the case (allocated clinicians, the hub lead). Not from
 * the register, whose readers see item labels, never the released text. An attachment, never
 * sniffed, audited.
 */
export function externalLetterRoutes(deps: { db: Kysely<DB>; clock: Clock }): RouteDeclaration[] {
  const { db } = deps;
  return [
    caseRoute({
      method: 'GET',
      url: '/cases/:caseId/external-disclosures/:disclosureId/letter.pdf',
      permission: 'case.work',
      needs: capabilityFor('health_to_external'),
      params: z.object({ caseId: uuid, disclosureId: uuid }),
      handler: async (ctx) => {
        const letter = await openDecisionLetter(deps, {
          actor: ctx.actor,
          principal: ctx.principal,
          target: {
            caseId: ctx.case.header.id,
            direction: 'health_to_external',
            disclosureId: ctx.params.disclosureId,
          },
        });
        if (!letter) return sendProblem(ctx.request, ctx.reply, 404);
        return sendContent(db, ctx.reply, letter.facts, letterFilename(letter.reference));
      },
    }),
  ];
}
