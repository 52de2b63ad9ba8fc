import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { isDueForDisposal } from '../../domain/disposal.ts';
import { londonDate } from '../../domain/london-day.ts';
import { RETENTION_CLOCKS } from '../../domain/retention.ts';
import { sendProblem } from '../../web/errors.ts';
import { uuid } from '../../web/ids.ts';
import { route, type RouteDeclaration } from '../../web/routes.ts';
import type { RequireFreshCode } from '../auth/step-up.ts';
import { approveDisposal, pendingDisposal, pendingDisposals, proposeDisposal } from './disposal.ts';
import { readDisposeForm } from './forms.ts';
import { approvalPage, approvalsPage, disposalUrls, disposePage } from './presenter-disposal.ts';
import { reviewItem } from './service.ts';

const view = (name: string) => `features/retention/views/${name}.njk`;
const itemParams = z.object({ caseId: uuid, clock: z.enum(RETENTION_CLOCKS) });
const disposalParams = z.object({ disposalId: uuid });
/** The forms' shapes; their rules are readDisposeForm's, which keeps the input. */
const formBody = z.looseObject({ _csrf: z.string().optional() });

/**
 * Disposal at the end of retention (docs/records.md): an IG officer proposes it on a clock due
 * for review, a second IG officer approves it with a fresh security code, and the content is
 * erased (disposal.ts). The proposer cannot approve their own (src/domain/disposal.ts).
 */
export function disposalRoutes({
  db,
  clock,
  requireFreshCode,
}: {
  db: Kysely<DB>;
  clock: Clock;
  requireFreshCode: RequireFreshCode;
}): RouteDeclaration[] {
  const deps = { db, clock };
  const dueItem = async (caseId: string, clockName: (typeof RETENTION_CLOCKS)[number]) => {
    const item = await reviewItem(deps, caseId, clockName);
    return item && isDueForDisposal(item.dueOn, londonDate(clock.now())) ? item : null;
  };
  return [
    route({
      method: 'GET',
      url: '/retention/:caseId/:clock/dispose',
      permission: 'retention.review',
      params: itemParams,
      handler: async ({ request, reply, params }) => {
        const item = await dueItem(params.caseId, params.clock);
        if (!item) return sendProblem(request, reply, 404);
        return reply.page(view('dispose'), disposePage({ item }));
      },
    }),
    route({
      method: 'POST',
      url: '/retention/:caseId/:clock/dispose',
      permission: 'retention.review',
      params: itemParams,
      body: formBody,
      handler: async ({ request, reply, principal, actor, params, body }) => {
        const item = await dueItem(params.caseId, params.clock);
        if (!item) return sendProblem(request, reply, 404);
        const form = readDisposeForm(body);
        if (!form.ok) {
          return reply.page(
            view('dispose'),
            disposePage({ item, values: form.values, errors: form.errors }),
            400,
          );
        }
        // Already proposed (null, nothing written): the approvals list shows where it stands.
        await proposeDisposal(deps, actor, {
          caseId: params.caseId,
          clock: params.clock,
          userId: principal.userId,
          reason: form.value.reason,
        });
        return reply.redirect(disposalUrls.approvals, 303);
      },
    }),
    route({
      method: 'GET',
      url: disposalUrls.approvals,
      permission: 'retention.review',
      query: z.looseObject({ done: z.string().optional() }),
      handler: async ({ reply, principal, actor, query }) => {
        const rows = await pendingDisposals(deps, actor);
        return reply.page(
          view('approvals'),
          approvalsPage({ rows, userId: principal.userId, done: query.done === '1' }),
        );
      },
    }),
    route({
      method: 'GET',
      url: '/retention/disposals/:disposalId',
      permission: 'retention.review',
      params: disposalParams,
      handler: async ({ request, reply, principal, params }) => {
        const row = await pendingDisposal(deps, params.disposalId);
        if (!row) return sendProblem(request, reply, 404);
        return reply.page(view('approval'), approvalPage({ row, userId: principal.userId }));
      },
    }),
    route({
      method: 'POST',
      url: '/retention/disposals/:disposalId/approve',
      permission: 'retention.review',
      params: disposalParams,
      body: formBody,
      handler: async ({ request, reply, principal, actor, params }) => {
        const row = await pendingDisposal(deps, params.disposalId);
        if (!row) return sendProblem(request, reply, 404);
        if (row.proposedBy === principal.userId) {
          return reply.page(
            view('approval'),
            approvalPage({ row, userId: principal.userId, refusal: 'own_proposal' }),
            403,
          );
        }
        if (!(await requireFreshCode(request, reply, disposalUrls.approval(row.id)))) return reply;
        const stepUpAt = request.session?.stepUpAt;
        if (!stepUpAt) return sendProblem(request, reply, 403);
        const result = await approveDisposal(deps, actor, {
          disposalId: row.id,
          userId: principal.userId,
          roles: principal.roles,
          stepUpAt,
        });
        if (result.kind === 'not_found') return sendProblem(request, reply, 404);
        if (result.kind === 'refused') {
          return reply.page(
            view('approval'),
            approvalPage({ row, userId: principal.userId, refusal: result.reason }),
            409,
          );
        }
        return reply.redirect(`${disposalUrls.approvals}?done=1`, 303);
      },
    }),
  ];
}
