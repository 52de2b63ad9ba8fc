import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { CaseHeader } from '../../access/case-context.ts';
import type { DB } from '../../db/schema.ts';
import { STATE_LABELS } from '../../domain/case-state.ts';
import type { Clock } from '../../domain/clock.ts';
import { sendUnchanged, summaryRow } from '../../web/conflict.ts';
import { sendProblem } from '../../web/errors.ts';
import { versionOf } from '../../web/form-issues.ts';
import { noErrors, type FormErrors } from '../../web/forms.ts';
import { uuid } from '../../web/ids.ts';
import { caseRoute, type RouteDeclaration } from '../../web/routes.ts';
import { caseAfterSave } from '../cases/notices.ts';
import { parseReopen } from './form.ts';
import { reopenCase, reopenForm } from './service.ts';

const params = z.object({ caseId: uuid });
const formBody = z.looseObject({ _csrf: z.string().optional(), version: z.string().optional() });

export const reopenUrls = {
  form: (caseId: string) => `/cases/${caseId}/reopen`,
  case: (caseId: string) => `/cases/${caseId}`,
};

function reopenPage(input: {
  header: CaseHeader;
  blocked: string | null;
  values?: Record<string, unknown>;
  errors?: FormErrors;
}) {
  const { header } = input;
  const errors = input.errors ?? noErrors;
  const v = input.values ?? {};
  return {
    title: 'Reopen the case',
    caption: `${header.reference} – ${header.personName}`,
    status: STATE_LABELS[header.status],
    action: reopenUrls.form(header.id),
    backHref: reopenUrls.case(header.id),
    blocked: input.blocked,
    version: typeof v.version === 'string' ? v.version : String(header.version),
    reason: typeof v.reason === 'string' ? v.reason : '',
    errorSummary: errors.summary,
    errors: errors.byField,
  };
}

/** Reopening a closed case (issue 15): the hub lead, with a reason. */
export function reopenRoutes({ db, clock }: { db: Kysely<DB>; clock: Clock }): RouteDeclaration[] {
  const deps = { db, clock };
  const view = 'features/reopening/views/reopen.njk';
  return [
    caseRoute({
      method: 'GET',
      url: '/cases/:caseId/reopen',
      permission: 'closure.approve',
      needs: 'approveClosure',
      params,
      handler: async ({ reply, actor, case: opened }) => {
        const { blocked } = await reopenForm(deps, actor, opened);
        return reply.page(view, reopenPage({ header: opened.header, blocked }));
      },
    }),
    caseRoute({
      method: 'POST',
      url: '/cases/:caseId/reopen',
      permission: 'closure.approve',
      needs: 'approveClosure',
      params,
      body: formBody,
      handler: async ({ request, reply, principal, actor, body, case: opened }) => {
        const { header } = opened;
        const form = parseReopen(body);
        if (!form.ok) {
          return reply.page(
            view,
            reopenPage({ header, blocked: null, values: form.values, errors: form.errors }),
            400,
          );
        }
        const change = await reopenCase(deps, { actor, principal }, header.id, {
          reason: form.data.reason,
          version: versionOf({ version: body.version ?? '' }) ?? -1,
        });
        if (change.kind === 'not_found') return sendProblem(request, reply, 404);
        if (change.kind !== 'done') {
          return sendUnchanged(reply, {
            change,
            caseId: header.id,
            reference: header.reference,
            tried: [summaryRow('Reason for reopening', form.data.reason)],
            retryHref: reopenUrls.form(header.id),
          });
        }
        return reply.redirect(caseAfterSave(header.id, 'reopened', 'closure'), 303);
      },
    }),
  ];
}
