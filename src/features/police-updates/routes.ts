import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { sendUnchanged, summaryRow } from '../../web/conflict.ts';
import { sendProblem } from '../../web/errors.ts';
import { versionOf } from '../../web/form-issues.ts';
import { formTokenFor, formTokenOf, newFormToken } from '../../access/form-submissions.ts';
import { uuid } from '../../web/ids.ts';
import { caseRoute, type RouteDeclaration } from '../../web/routes.ts';
import { requestAfterSave } from '../requests/notices.ts';
import { parsePoliceUpdate } from './form.ts';
import { policeUpdateFormPage, policeUpdatesPage, policeUpdateUrls } from './presenter.ts';
import { addPoliceUpdate, auditUpdateForm, readPoliceUpdates } from './service.ts';

const view = (name: string) => `features/police-updates/views/${name}.njk`;

const params = z.object({ caseId: uuid });
/** The shape of the update form; its rules are parsePoliceUpdate's, which keeps the input. */
const updateBody = z.looseObject({ _csrf: z.string().optional(), version: z.string().optional() });

/** Police updates: the requesting officer adds them; the hub's clinicians read them. */
export function policeUpdateRoutes({
  db,
  clock,
}: {
  db: Kysely<DB>;
  clock: Clock;
}): RouteDeclaration[] {
  const deps = { db, clock };
  return [
    caseRoute({
      method: 'GET',
      url: '/requests/:caseId/updates/new',
      permission: 'police_update.add',
      needs: 'addPoliceUpdate',
      params,
      handler: async ({ reply, actor, case: { header } }) => {
        await auditUpdateForm(deps, actor, header);
        return reply.page(view('new'), policeUpdateFormPage({ header, formToken: newFormToken() }));
      },
    }),
    caseRoute({
      method: 'POST',
      url: '/requests/:caseId/updates',
      permission: 'police_update.add',
      needs: 'addPoliceUpdate',
      params,
      body: updateBody,
      handler: async ({ request, reply, principal, actor, body, case: { header } }) => {
        const form = parsePoliceUpdate(body);
        if (!form.ok) {
          await auditUpdateForm(deps, actor, header);
          return reply.page(
            view('new'),
            policeUpdateFormPage({
              header,
              formToken: formTokenFor(body),
              values: form.values,
              errors: form.errors,
            }),
            400,
          );
        }
        const change = await addPoliceUpdate(deps, {
          actor,
          principal,
          caseId: header.id,
          input: {
            body: form.data.body,
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
            tried: [summaryRow('Update', form.data.body)],
            retryHref: policeUpdateUrls.form(header.id),
            caseHref: policeUpdateUrls.request(header.id),
          });
        }
        return reply.redirect(requestAfterSave(header.id, 'police-update'), 303);
      },
    }),
    // Police content: a clinician who must give a reason first is sent to the reason page.
    caseRoute({
      method: 'GET',
      url: '/cases/:caseId/police-updates',
      permission: 'case.work',
      needs: 'readPolice',
      params,
      handler: async ({ reply, actor, case: { header } }) =>
        reply.page(view('list'), policeUpdatesPage(await readPoliceUpdates(deps, actor, header))),
    }),
  ];
}
