import type { Kysely } from 'kysely';
import { z } from 'zod';
import { caseNotFound } from '../../access/case-route.ts';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { sendUnchanged } from '../../web/conflict.ts';
import { sendProblem } from '../../web/errors.ts';
import { versionOf } from '../../web/form-issues.ts';
import { ukToday } from '../../domain/dates.ts';
import { uuid } from '../../web/ids.ts';
import { caseRoute, type RouteDeclaration } from '../../web/routes.ts';
import { parseAdviceForm } from './form.ts';
import { adviceContentRows, adviceFormPage, adviceListPage, adviceUrls } from './presenter.ts';
import { auditAdviceForm, giveAdvice, readCaseAdvice } from './service.ts';
import { noticeQuery, savedNotice, withNotice } from '../../web/notices.ts';
import { CLOSURE_REQUESTED } from '../cases/notices.ts';
import { formTokenFor, formTokenOf, newFormToken } from '../../access/form-submissions.ts';

/** What Advice says after a save that lands on it (src/web/notices.ts). */
const ADVICE_NOTICES = {
  'closure-requested': CLOSURE_REQUESTED,
  'advice-given': 'Advice given. The case officer can read it now.',
} as const;

const view = (name: string) => `features/advice/views/${name}.njk`;

const params = z.object({ caseId: uuid });
/** The shape of the advice form; its rules are parseAdviceForm's, which keeps the input. */
const adviceBody = z.looseObject({ _csrf: z.string().optional(), version: z.string().optional() });

/** Advice to the case officer (PRODUCT.md step 8), written by the hub's clinicians. */
export function adviceRoutes({ db, clock }: { db: Kysely<DB>; clock: Clock }): RouteDeclaration[] {
  const deps = { db, clock };
  return [
    // The list shows the person's name and the advice: the shared part of the case. A clinician
    // who must give a reason first is sent to the reason page by the access core.
    caseRoute({
      method: 'GET',
      url: '/cases/:caseId/advice',
      permission: 'case.work',
      needs: 'readShared',
      params,
      query: noticeQuery,
      handler: async ({ reply, actor, query, case: opened }) =>
        reply.page(view('list'), {
          ...adviceListPage(await readCaseAdvice(deps, actor, opened)),
          savedNotice: savedNotice(ADVICE_NOTICES, query.done),
        }),
    }),
    // Giving advice is work on the case: without `advise` it is not found (a reason lets a
    // clinician read a case, never work it, so the reason page would not help).
    caseRoute({
      method: 'GET',
      url: '/cases/:caseId/advice/new',
      permission: 'case.work',
      needs: 'visible',
      params,
      handler: async ({ request, reply, actor, case: opened }) => {
        if (!opened.can.advise) {
          return caseNotFound({ db, clock }, request, reply, opened.header.id);
        }
        await auditAdviceForm(deps, actor, opened.header);
        return reply.page(view('new'), {
          ...adviceFormPage({ header: opened.header, today: ukToday(clock.now()) }),
          formToken: newFormToken(),
        });
      },
    }),
    caseRoute({
      method: 'POST',
      url: '/cases/:caseId/advice',
      permission: 'case.work',
      needs: 'visible',
      params,
      body: adviceBody,
      handler: async ({ request, reply, principal, actor, body, case: opened }) => {
        const { header } = opened;
        if (!opened.can.advise) return caseNotFound({ db, clock }, request, reply, header.id);
        const today = ukToday(clock.now());
        const form = parseAdviceForm(body, today);
        if (!form.ok) {
          await auditAdviceForm(deps, actor, header);
          return reply.page(
            view('new'),
            {
              ...adviceFormPage({ header, today, values: form.values, errors: form.errors }),
              formToken: formTokenFor(body),
            },
            400,
          );
        }
        const change = await giveAdvice(deps, {
          actor,
          principal,
          caseId: header.id,
          input: {
            ...form.data,
            version: versionOf({ version: body.version ?? '' }) ?? -1,
            formToken: formTokenOf(body),
          },
        });
        if (change.kind === 'not_found') return sendProblem(request, reply, 404);
        if (change.kind !== 'done') {
          return sendUnchanged(reply, {
            change,
            caseId: header.id,
            reference: header.reference,
            tried: adviceContentRows(form.data),
            retryHref: adviceUrls.form(header.id),
          });
        }
        return reply.redirect(withNotice(adviceUrls.list(header.id), 'advice-given'), 303);
      },
    }),
  ];
}
