import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import type { DisclosureDirection } from '../../domain/disclosures.ts';
import type { Permission } from '../../domain/permissions.ts';
import { sendProblem } from '../../web/errors.ts';
import { formErrors } from '../../web/forms.ts';
import type { LegacyRouteDeclaration } from '../../web/routes.ts';
import { actorFor } from '../auth/actor.ts';
import type { HomeLink } from '../auth/presenter.ts';
import type { RequireFreshCode } from '../auth/step-up.ts';
import { caseIdOf, formVersion, sendUnchanged } from '../closure/http.ts';
import { parseDisclosure, parseReason, valuesOfRecord } from './form.ts';
import {
  approvalPage,
  approvalsPage,
  disclosurePaths,
  formPage,
  receivedPage,
  recordPage,
  registerPage,
} from './presenter.ts';
import {
  exportRegister,
  readRegister,
  readRegisterFilter,
  registerCsv,
  registerCsvFilename,
} from './register.ts';
import { releasedToMe } from './released.ts';
import {
  approvalQueue,
  decideApproval,
  disclosureForm,
  readDisclosure,
  readForApproval,
  saveDraft,
  submitDisclosure,
  withdrawDisclosure,
  type DisclosureRecord,
} from './service.ts';

const view = (name: string) => `features/disclosures/views/${name}.njk`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const disclosureIdOf = (request: FastifyRequest): string | null => {
  const value = (request.params as Record<string, unknown> | undefined)?.disclosureId;
  return typeof value === 'string' && UUID.test(value) ? value : null;
};

export const disclosureHomeLinks: HomeLink[] = [
  {
    permission: 'disclosure.approve',
    text: 'Disclosures to approve',
    href: '/disclosures/approvals',
    description: 'Approve or refuse disclosures to police made without consent.',
  },
  {
    permission: 'disclosure_register.read',
    text: 'Disclosure register',
    href: '/disclosures/register',
    description: 'Every disclosure between health and police: to whom, on what basis, by whom.',
  },
  {
    permission: 'released_items.read',
    text: 'Information released to you',
    href: '/disclosures/received',
    description: 'What the hub released to you by name, with where it came from.',
  },
];

const NOTICES: Record<string, string> = {
  released: 'Disclosure recorded: the recipients can now read what it released.',
  awaiting:
    'Disclosure submitted: it is released only when a hub lead approves it. Nothing has been shared yet.',
  withdrawn: 'Disclosure withdrawn: recipients now see only that it was withdrawn, and when.',
};

const noticeOf = (request: FastifyRequest): string | null => {
  const done = (request.query as Record<string, unknown> | undefined)?.done;
  return typeof done === 'string' ? (NOTICES[done] ?? null) : null;
};

/** Who may withdraw: the same people who may record a disclosure of this direction. */
const canWithdraw = (record: DisclosureRecord) => record.status === 'in_effect';

/** The journey for one direction: health to police on the case, police to health on the request. */
function journeyRoutes(
  deps: { db: Kysely<DB>; clock: Clock; requireFreshCode: RequireFreshCode },
  direction: DisclosureDirection,
  prefix: string,
  permission: Permission,
): LegacyRouteDeclaration[] {
  const { db, clock, requireFreshCode } = deps;
  const access = { permission };

  async function showForm(
    request: FastifyRequest,
    reply: FastifyReply,
    caseId: string,
    extra: Partial<Parameters<typeof formPage>[0]> = {},
    status = 200,
  ) {
    const form = await disclosureForm(
      db,
      clock,
      actorFor(request),
      request.principal!,
      caseId,
      direction,
    );
    if (!form) return sendProblem(request, reply, 404);
    return reply.page(
      view('form'),
      formPage({ ...form, direction, viewerId: request.principal!.userId, ...extra }),
      status,
    );
  }

  async function showRecord(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { reason?: string; errors?: ReturnType<typeof formErrors> } = {},
    status = 200,
  ) {
    const caseId = caseIdOf(request);
    const disclosureId = disclosureIdOf(request);
    const found =
      caseId &&
      disclosureId &&
      (await readDisclosure(db, clock, actorFor(request), request.principal!, {
        caseId,
        direction,
        disclosureId,
      }));
    if (!found) return sendProblem(request, reply, 404);
    return reply.page(
      view('record'),
      recordPage({
        ...found,
        canWithdraw: canWithdraw(found.record),
        notice: noticeOf(request),
        viewerId: request.principal!.userId,
        ...extra,
      }),
      status,
    );
  }

  async function save(request: FastifyRequest, reply: FastifyReply, disclosureId: string | null) {
    const caseId = caseIdOf(request);
    if (!caseId) return sendProblem(request, reply, 404);
    const version = disclosureId ? formVersion(request) : 0;
    const parsed = parseDisclosure(direction, request.body);
    const again = (errors: ReturnType<typeof formErrors>) =>
      showForm(
        request,
        reply,
        caseId,
        { values: parsed.values, errors, disclosureId: disclosureId ?? undefined, version },
        400,
      );
    if (!parsed.ok) return again(parsed.errors);
    const result = await saveDraft(
      db,
      clock,
      actorFor(request),
      request.principal!,
      { caseId, direction, disclosureId, version },
      parsed.input,
    );
    if (result.kind === 'invalid') return again(formErrors([[result.field, result.message]]));
    if (result.kind !== 'done') {
      return sendUnchanged(request, reply, result, disclosurePaths(direction, caseId).back);
    }
    return reply.redirect(
      disclosurePaths(direction, caseId).record(result.value.disclosureId),
      303,
    );
  }

  return [
    {
      method: 'GET',
      url: `${prefix}/:caseId/disclosures/new`,
      access,
      handler: (request, reply) => {
        const caseId = caseIdOf(request);
        return caseId ? showForm(request, reply, caseId) : sendProblem(request, reply, 404);
      },
    },
    {
      method: 'POST',
      url: `${prefix}/:caseId/disclosures`,
      access,
      handler: (request, reply) => save(request, reply, null),
    },
    {
      method: 'GET',
      url: `${prefix}/:caseId/disclosures/:disclosureId`,
      access,
      handler: (request, reply) => showRecord(request, reply),
    },
    {
      method: 'GET',
      url: `${prefix}/:caseId/disclosures/:disclosureId/edit`,
      access,
      handler: async (request, reply) => {
        const caseId = caseIdOf(request);
        const disclosureId = disclosureIdOf(request);
        const found =
          caseId &&
          disclosureId &&
          (await readDisclosure(db, clock, actorFor(request), request.principal!, {
            caseId,
            direction,
            disclosureId,
          }));
        if (!found) return sendProblem(request, reply, 404);
        if (found.record.status !== 'draft') {
          return reply.redirect(disclosurePaths(direction, caseId).record(disclosureId));
        }
        return showForm(request, reply, caseId, {
          values: valuesOfRecord(found.record),
          disclosureId,
          version: found.record.version,
        });
      },
    },
    {
      method: 'POST',
      url: `${prefix}/:caseId/disclosures/:disclosureId`,
      access,
      handler: (request, reply) => {
        const disclosureId = disclosureIdOf(request);
        return disclosureId ? save(request, reply, disclosureId) : sendProblem(request, reply, 404);
      },
    },
    {
      method: 'POST',
      url: `${prefix}/:caseId/disclosures/:disclosureId/submit`,
      access,
      handler: async (request, reply) => {
        const caseId = caseIdOf(request);
        const disclosureId = disclosureIdOf(request);
        if (!caseId || !disclosureId) return sendProblem(request, reply, 404);
        const paths = disclosurePaths(direction, caseId);
        const result = await submitDisclosure(
          db,
          clock,
          actorFor(request),
          request.principal!,
          { caseId, direction, disclosureId, version: formVersion(request) },
          request.session?.stepUpAt ?? null,
        );
        if (result.kind === 'step_up') {
          // Nothing was submitted: confirm a code, then come back to check and submit.
          await requireFreshCode(request, reply, paths.record(disclosureId));
          return reply;
        }
        if (result.kind !== 'done') return sendUnchanged(request, reply, result, paths.back);
        const done = result.value.status === 'in_effect' ? 'released' : 'awaiting';
        return reply.redirect(`${paths.record(disclosureId)}?done=${done}`, 303);
      },
    },
    {
      method: 'POST',
      url: `${prefix}/:caseId/disclosures/:disclosureId/withdraw`,
      access,
      handler: async (request, reply) => {
        const caseId = caseIdOf(request);
        const disclosureId = disclosureIdOf(request);
        if (!caseId || !disclosureId) return sendProblem(request, reply, 404);
        const form = parseReason('withdraw', request.body);
        if (!form.ok) return showRecord(request, reply, form, 400);
        const paths = disclosurePaths(direction, caseId);
        const result = await withdrawDisclosure(
          db,
          clock,
          actorFor(request),
          request.principal!,
          { caseId, direction, disclosureId, version: formVersion(request) },
          form.reason,
        );
        if (result.kind !== 'done') return sendUnchanged(request, reply, result, paths.back);
        return reply.redirect(`${paths.record(disclosureId)}?done=withdrawn`, 303);
      },
    },
  ];
}

/** Disclosure decisions (PRODUCT.md step 10): the journeys, approval, register, what was received. */
export function disclosureRoutes(deps: {
  db: Kysely<DB>;
  clock: Clock;
  requireFreshCode: RequireFreshCode;
}): LegacyRouteDeclaration[] {
  const { db, clock, requireFreshCode } = deps;
  const approve = { permission: 'disclosure.approve' } as const;

  async function showApproval(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { reason?: string; errors?: ReturnType<typeof formErrors> } = {},
    status = 200,
  ) {
    const disclosureId = disclosureIdOf(request);
    const record =
      disclosureId &&
      (await readForApproval(db, clock, actorFor(request), request.principal!, disclosureId));
    if (!record) return sendProblem(request, reply, 404);
    return reply.page(
      view('approval'),
      approvalPage({
        record,
        ownDecision: record.decidedBy === request.principal!.userId,
        ...extra,
      }),
      status,
    );
  }

  async function decide(request: FastifyRequest, reply: FastifyReply, kind: 'approve' | 'refuse') {
    const disclosureId = disclosureIdOf(request);
    if (!disclosureId) return sendProblem(request, reply, 404);
    let reason = '';
    if (kind === 'refuse') {
      const form = parseReason('refuse', request.body);
      if (!form.ok) return showApproval(request, reply, form, 400);
      reason = form.reason;
    }
    const version = formVersion(request);
    const result = await decideApproval(
      db,
      clock,
      actorFor(request),
      request.principal!,
      disclosureId,
      kind === 'approve' ? { kind, version } : { kind, version, reason },
      request.session?.stepUpAt ?? null,
    );
    if (result.kind === 'step_up') {
      await requireFreshCode(request, reply, `/disclosures/approvals/${disclosureId}`);
      return reply;
    }
    if (result.kind !== 'done') {
      return sendUnchanged(request, reply, result, '/disclosures/approvals');
    }
    return reply.redirect(
      `/disclosures/approvals?decided=${kind === 'approve' ? 'approved' : 'refused'}`,
      303,
    );
  }

  return [
    ...journeyRoutes(deps, 'health_to_police', '/cases', 'case.work'),
    ...journeyRoutes(deps, 'police_to_health', '/requests', 'disclosure.share_with_health'),
    {
      method: 'GET',
      url: '/disclosures/approvals',
      access: approve,
      handler: async (request, reply) => {
        const items = await approvalQueue(db, clock, actorFor(request), request.principal!);
        const decided = (request.query as Record<string, unknown> | undefined)?.decided;
        return reply.page(
          view('approvals'),
          approvalsPage({ items, decided: typeof decided === 'string' ? decided : undefined }),
        );
      },
    },
    {
      method: 'GET',
      url: '/disclosures/approvals/:disclosureId',
      access: approve,
      handler: (request, reply) => showApproval(request, reply),
    },
    {
      method: 'POST',
      url: '/disclosures/approvals/:disclosureId/approve',
      access: approve,
      handler: (request, reply) => decide(request, reply, 'approve'),
    },
    {
      method: 'POST',
      url: '/disclosures/approvals/:disclosureId/refuse',
      access: approve,
      handler: (request, reply) => decide(request, reply, 'refuse'),
    },
    {
      method: 'GET',
      url: '/disclosures/register',
      access: { permission: 'disclosure_register.read' },
      handler: async (request, reply) => {
        const filter = readRegisterFilter(request.query);
        const found = await readRegister(db, clock, actorFor(request), request.principal!, filter);
        return reply.page(view('register'), registerPage({ filter, ...found }));
      },
    },
    {
      method: 'GET',
      url: '/disclosures/register.csv',
      access: { permission: 'disclosure_register.read' },
      handler: async (request, reply) => {
        const filter = readRegisterFilter(request.query);
        const rows = await exportRegister(db, clock, actorFor(request), request.principal!, filter);
        return reply
          .type('text/csv; charset=utf-8')
          .header(
            'Content-Disposition',
            `attachment; filename="${registerCsvFilename(clock.now())}"`,
          )
          .send(registerCsv(rows));
      },
    },
    {
      method: 'GET',
      url: '/disclosures/received',
      access: { permission: 'released_items.read' },
      handler: async (request, reply) => {
        const cases = await releasedToMe(db, clock, actorFor(request), request.principal!.userId);
        return reply.page(view('received'), receivedPage(cases));
      },
    },
  ];
}
