import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { STATE_LABELS } from '../../domain/case-state.ts';
import type { Clock } from '../../domain/clock.ts';
import { recordAudit } from '../audit/record.ts';
import { actorFor } from '../auth/actor.ts';
import { openCase } from '../../access/case-context.ts';
import { caseIdOf } from '../../access/legacy.ts';
import { caseNotFound } from '../../access/case-route.ts';
import { sendConflict, summaryRow } from '../../web/conflict.ts';
import { formatDateTime } from '../cases/format.ts';
import { pageOf } from '../cases/pagination.ts';
import { readPoliceRequest } from '../cases/police-request.ts';
import type { LegacyRouteDeclaration } from '../../web/routes.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FormErrors } from '../../web/forms.ts';
import { readTriageForm } from './form.ts';
import { decidedPage, decisionLabel, queuePage, triagePage } from './presenter.ts';
import {
  decideTriage,
  likelyMatches,
  TRIAGE_PAGE_SIZE,
  triageDecisionOf,
  triageQueue,
} from './service.ts';

const views = 'features/triage/views';
const access = { permission: 'triage.decide' } as const;

/** The triage queue of the viewer's hubs and the triage decision (PRODUCT.md step 2). */
export function triageRoutes(deps: { db: Kysely<DB>; clock: Clock }): LegacyRouteDeclaration[] {
  const { db, clock } = deps;

  /** The triage page for a case awaiting triage, with the form as sent when there are errors. */
  async function showTriage(
    request: FastifyRequest,
    reply: FastifyReply,
    form?: { values: Record<string, string>; errors: FormErrors },
  ) {
    const caseId = caseIdOf(request);
    const principal = request.principal!;
    const opened = await openCase(db, principal, caseId);
    if (!opened) return caseNotFound(db, clock, request, reply, caseId);
    const { header } = opened;
    if (header.status !== 'awaiting_triage') return reply.redirect(`/cases/${header.id}`);
    const actor = actorFor(request, { hubId: header.hubId });
    const model = await db.transaction().execute(async (trx) => {
      const policeRequest = await readPoliceRequest(trx, header.id);
      await recordAudit(trx, clock, actor, {
        action: 'consultation',
        subjectType: 'support_request',
        subjectId: header.id,
        personId: header.personId,
        detail: { purpose: 'triage' },
      });
      return policeRequest;
    });
    const matches = await likelyMatches(db, clock, actor, principal, {
      caseId: header.id,
      personId: header.personId,
    });
    return reply.page(
      `${views}/decide.njk`,
      triagePage({ header, request: model, matches, now: clock.now(), ...form }),
      form ? 400 : 200,
    );
  }

  return [
    {
      method: 'GET',
      url: '/triage',
      access,
      handler: async (request, reply) => {
        const principal = request.principal!;
        const page = pageOf(request.query);
        const { items, total } = await triageQueue(db, clock, actorFor(request), principal, page);
        return reply.page(
          `${views}/queue.njk`,
          queuePage({
            items,
            total,
            page,
            pageSize: TRIAGE_PAGE_SIZE,
            now: clock.now(),
            severalHubs: principal.hubIds.length > 1,
          }),
        );
      },
    },
    {
      method: 'GET',
      url: '/triage/:caseId',
      access,
      handler: (request, reply) => showTriage(request, reply),
    },
    {
      method: 'POST',
      url: '/triage/:caseId',
      access,
      handler: async (request, reply) => {
        const form = readTriageForm(request.body, clock.now());
        if (!form.ok) return showTriage(request, reply, form);
        const caseId = caseIdOf(request);
        const result = await decideTriage(db, clock, actorFor(request), request.principal!, {
          caseId,
          version: form.version,
          triage: form.triage,
        });
        if (result.outcome === 'not_found') return caseNotFound(db, clock, request, reply, caseId);
        if (result.outcome === 'conflict') {
          const opened = await openCase(db, request.principal!, caseId);
          const { triage } = form;
          return sendConflict(reply, {
            caseId,
            reference: opened?.header.reference ?? '',
            refusal: result.refusal,
            now: [
              summaryRow('Status', STATE_LABELS[result.now.status].text),
              summaryRow(
                'Triage decision',
                result.now.decision ? decisionLabel(result.now.decision) : 'None yet',
              ),
              summaryRow(
                'Decided',
                result.now.decidedAt ? formatDateTime(result.now.decidedAt) : null,
              ),
            ],
            tried: [
              summaryRow('Triage decision', decisionLabel(triage.decision)),
              summaryRow('Rationale', triage.rationale),
              ...(triage.decision === 'decline'
                ? [summaryRow('Signposting', triage.signposting)]
                : []),
              ...(triage.decision === 'urgent'
                ? [
                    summaryRow('Diverted to', triage.divertedTo),
                    summaryRow(
                      'Diverted at',
                      triage.divertedAt ? formatDateTime(triage.divertedAt) : null,
                    ),
                  ]
                : []),
            ],
            retryHref: result.now.status === 'awaiting_triage' ? `/triage/${caseId}` : null,
          });
        }
        return reply.redirect(`/triage/${caseId}/decided`);
      },
    },
    {
      method: 'GET',
      url: '/triage/:caseId/decided',
      access,
      handler: async (request, reply) => {
        const caseId = caseIdOf(request);
        const opened = await openCase(db, request.principal!, caseId);
        if (!opened) return caseNotFound(db, clock, request, reply, caseId);
        const decision = await triageDecisionOf(db, opened.header.id);
        // Only the clinician who decided sees the confirmation; anyone else goes to the case.
        if (!decision || decision.decided_by !== request.principal!.userId) {
          return reply.redirect(`/cases/${opened.header.id}`);
        }
        return reply.page(
          `${views}/decided.njk`,
          decidedPage({
            caseId: opened.header.id,
            reference: opened.header.reference,
            decision: decision.decision,
          }),
        );
      },
    },
  ];
}
