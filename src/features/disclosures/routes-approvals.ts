import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { sendUnchanged } from '../../web/conflict.ts';
import { sendProblem } from '../../web/errors.ts';
import { versionOf } from '../../web/form-issues.ts';
import type { FormErrors } from '../../web/forms.ts';
import { uuid } from '../../web/ids.ts';
import { route, type RouteContext, type RouteDeclaration } from '../../web/routes.ts';
import type { RequireFreshCode } from '../auth/step-up.ts';
import { parseReason } from './form.ts';
import { approvalPage, approvalsPage } from './presenter-decision.ts';
import { approvalQueue, decideApproval, loadDisclosure, readForApproval } from './service.ts';

const view = (name: string) => `features/disclosures/views/${name}.njk`;

const QUEUE = '/disclosures/approvals';
const params = z.object({ disclosureId: uuid });
/** The shape of the approve and refuse forms; the reason's rule is form.ts's. */
const decisionBody = z.looseObject({
  _csrf: z.string().optional(),
  version: z.string().optional(),
});

type Ctx = RouteContext<{ disclosureId: string }, unknown, unknown>;

/**
 * The hub lead's approvals (as Caldicott delegate) of disclosures to police without consent:
 * the queue of their hubs, and each decision of a case of a hub they lead.
 */
export function approvalRoutes(deps: {
  db: Kysely<DB>;
  clock: Clock;
  requireFreshCode: RequireFreshCode;
}): RouteDeclaration[] {
  const { db, clock, requireFreshCode } = deps;
  const services = { db, clock };
  const permission = 'disclosure.approve' as const;

  async function showApproval(
    ctx: Ctx,
    extra: { reason?: string; errors?: FormErrors } = {},
    status: 200 | 400 = 200,
  ) {
    const record = await readForApproval(services, {
      actor: ctx.actor,
      principal: ctx.principal,
      disclosureId: ctx.params.disclosureId,
    });
    if (!record) return sendProblem(ctx.request, ctx.reply, 404);
    return ctx.reply.page(
      view('approval'),
      approvalPage({ record, ownDecision: record.decidedBy === ctx.principal.userId, ...extra }),
      status,
    );
  }

  async function decide(
    ctx: Ctx & { body: z.output<typeof decisionBody> },
    kind: 'approve' | 'refuse',
  ) {
    const { disclosureId } = ctx.params;
    let reason = '';
    if (kind === 'refuse') {
      const form = parseReason('refuse', ctx.body);
      if (!form.ok) return showApproval(ctx, { reason: form.reason, errors: form.errors }, 400);
      reason = form.reason;
    }
    const version = versionOf({ version: ctx.body.version ?? '' }) ?? -1;
    const result = await decideApproval(services, {
      actor: ctx.actor,
      principal: ctx.principal,
      disclosureId,
      decision: kind === 'approve' ? { kind, version } : { kind, version, reason },
      stepUpAt: ctx.request.session?.stepUpAt ?? null,
    });
    if (result.kind === 'step_up') {
      await requireFreshCode(ctx.request, ctx.reply, `${QUEUE}/${disclosureId}`);
      return ctx.reply;
    }
    if (result.kind === 'not_found') return sendProblem(ctx.request, ctx.reply, 404);
    if (result.kind !== 'done') {
      // The user may approve on this case (not found otherwise): name it on the conflict page.
      const record = await loadDisclosure(db, disclosureId);
      if (!record) return sendProblem(ctx.request, ctx.reply, 404);
      return sendUnchanged(ctx.reply, {
        change: result,
        caseId: record.caseId,
        reference: record.reference,
        retryHref: `${QUEUE}/${disclosureId}`,
      });
    }
    return ctx.reply.redirect(
      `${QUEUE}?decided=${kind === 'approve' ? 'approved' : 'refused'}`,
      303,
    );
  }

  return [
    route({
      method: 'GET',
      url: QUEUE,
      permission,
      query: z.looseObject({ decided: z.string().optional() }),
      handler: async (ctx) => {
        const items = await approvalQueue(services, {
          actor: ctx.actor,
          principal: ctx.principal,
        });
        return ctx.reply.page(
          view('approvals'),
          approvalsPage({ items, decided: ctx.query.decided }),
        );
      },
    }),
    route({
      method: 'GET',
      url: `${QUEUE}/:disclosureId`,
      permission,
      params,
      handler: (ctx) => showApproval(ctx),
    }),
    route({
      method: 'POST',
      url: `${QUEUE}/:disclosureId/approve`,
      permission,
      params,
      body: decisionBody,
      handler: (ctx) => decide(ctx, 'approve'),
    }),
    route({
      method: 'POST',
      url: `${QUEUE}/:disclosureId/refuse`,
      permission,
      params,
      body: decisionBody,
      handler: (ctx) => decide(ctx, 'refuse'),
    }),
  ];
}
