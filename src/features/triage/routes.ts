import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { STATE_LABELS } from '../../domain/case-state.ts';
import type { Clock } from '../../domain/clock.ts';
import { recordAudit } from '../audit/record.ts';
import { caseNotFound } from '../../access/case-route.ts';
import { sendConflict, summaryRow } from '../../web/conflict.ts';
import type { FormErrors } from '../../web/forms.ts';
import { uuid } from '../../web/ids.ts';
import {
  caseRoute,
  route,
  type CaseRouteContext,
  type RouteDeclaration,
} from '../../web/routes.ts';
import { formatDateTime } from '../../web/case-format.ts';
import { pageOf } from '../../web/pagination.ts';
import { readPoliceRequest } from '../requests/police-request.ts';
import { readTriageForm } from './form.ts';
import { decidedPage, decisionLabel, queuePage, triagePage } from './presenter.ts';
import {
  decideTriage,
  likelyMatches,
  TRIAGE_PAGE_SIZE,
  triageDecisionOf,
  triageHubs,
  triageQueue,
} from './service.ts';

const views = 'features/triage/views';
const permission = 'triage.decide' as const;
const params = z.object({ caseId: uuid });
const lenientQuery = z.record(z.string(), z.unknown());
/** The shape of the triage form; its rules are form.ts's, which keeps the input. */
const triageBody = z.looseObject({ _csrf: z.string().optional(), version: z.string().optional() });

type Ctx = CaseRouteContext<{ caseId: string }, unknown, unknown>;

/** The triage queue of the viewer's hubs and the triage decision (PRODUCT.md step 2). */
export function triageRoutes(deps: { db: Kysely<DB>; clock: Clock }): RouteDeclaration[] {
  const { db, clock } = deps;

  /** The triage page for a case awaiting triage, with the form as sent when there are errors. */
  async function showTriage(
    ctx: Ctx,
    form?: { values: Record<string, string>; errors: FormErrors },
  ) {
    const { reply, actor, principal } = ctx;
    const { header } = ctx.case;
    if (header.status !== 'awaiting_triage') return reply.redirect(`/cases/${header.id}`);
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
    const matches = await likelyMatches(db, clock, actor, {
      principal,
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
    route({
      method: 'GET',
      url: '/triage',
      permission,
      query: lenientQuery,
      handler: async ({ reply, actor, principal, query }) => {
        const page = pageOf(query);
        const { items, total } = await triageQueue(db, clock, actor, { principal, page });
        return reply.page(
          `${views}/queue.njk`,
          queuePage({
            items,
            total,
            page,
            pageSize: TRIAGE_PAGE_SIZE,
            now: clock.now(),
            severalHubs: triageHubs(principal).length > 1,
          }),
        );
      },
    }),
    caseRoute({
      method: 'GET',
      url: '/triage/:caseId',
      permission,
      needs: 'triage',
      params,
      handler: (ctx) => showTriage(ctx),
    }),
    // Opened as 'visible': once the case is triaged the access core asks the clinician who
    // tried at the same time for a reason, but they must see that it was triaged (409), so
    // the service decides, through the access core, in the transaction that locks the case.
    caseRoute({
      method: 'POST',
      url: '/triage/:caseId',
      permission,
      needs: 'visible',
      params,
      body: triageBody,
      handler: async (ctx) => {
        const { request, reply, actor, principal } = ctx;
        const caseId = ctx.case.header.id;
        const form = readTriageForm(ctx.body, clock.now());
        if (!form.ok) {
          if (!ctx.case.can.triage) return caseNotFound({ db, clock }, request, reply, caseId);
          return showTriage(ctx, form);
        }
        const result = await decideTriage(db, clock, actor, {
          principal,
          caseId,
          version: form.version,
          triage: form.triage,
        });
        if (result.outcome === 'not_found')
          return caseNotFound({ db, clock }, request, reply, caseId);
        if (result.outcome === 'conflict') {
          const { triage } = form;
          const { now } = result;
          return sendConflict(reply, {
            caseId,
            reference: ctx.case.header.reference,
            refusal: result.refusal,
            now: [
              summaryRow('Status', STATE_LABELS[now.status].text),
              // The decision is shown to those who may read it (see decideTriage).
              ...(now.decision || now.status === 'awaiting_triage'
                ? [
                    summaryRow(
                      'Triage decision',
                      now.decision ? decisionLabel(now.decision) : 'None yet',
                    ),
                    summaryRow('Decided', now.decidedAt ? formatDateTime(now.decidedAt) : null),
                  ]
                : []),
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
            retryHref: now.status === 'awaiting_triage' ? `/triage/${caseId}` : null,
          });
        }
        return reply.redirect(`/triage/${caseId}/decided`);
      },
    }),
    // The confirmation, for the clinician who decided: the case has left the hub's queue, so
    // they may now need a reason to open it; this page shows only their own decision.
    caseRoute({
      method: 'GET',
      url: '/triage/:caseId/decided',
      permission,
      needs: 'visible',
      params,
      handler: async ({ reply, principal, case: opened }) => {
        const decision = await triageDecisionOf(db, opened.header.id);
        // Only the clinician who decided sees the confirmation; anyone else goes to the case.
        if (!decision || decision.decided_by !== principal.userId) {
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
    }),
  ];
}
