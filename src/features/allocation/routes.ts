import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { STATE_LABELS, transition } from '../../domain/case-state.ts';
import type { Clock } from '../../domain/clock.ts';
import { caseNotFound } from '../../access/case-route.ts';
import { sendConflict, sendUnchanged, summaryRow } from '../../web/conflict.ts';
import { formErrors, type FormErrors } from '../../web/forms.ts';
import { versionOf } from '../../web/form-issues.ts';
import { uuid } from '../../web/ids.ts';
import { caseRoute, type CaseRouteContext, type RouteDeclaration } from '../../web/routes.ts';
import { allocationPage, type AllocationValues } from './presenter.ts';
import { allocate, currentAllocations, hubClinicians, type AllocationNow } from './service.ts';
import { caseAfterSave } from '../cases/notices.ts';

const permission = 'case.allocate' as const;
const params = z.object({ caseId: uuid });
const stringOrList = z.union([z.string(), z.array(z.string())]).optional();
/** The shape of the form: one lead (radios) and any others (checkboxes, one or many). */
const body = z.looseObject({
  _csrf: z.string().optional(),
  lead: z.string().optional(),
  others: stringOrList,
  version: z.string().optional(),
});

type Ctx = CaseRouteContext<{ caseId: string }, unknown, unknown>;

/** Allocation and reallocation of a case by the hub lead of its hub (PRODUCT.md step 3). */
export function allocationRoutes(deps: { db: Kysely<DB>; clock: Clock }): RouteDeclaration[] {
  const { db, clock } = deps;

  async function show(ctx: Ctx, form?: { values: AllocationValues; errors: FormErrors }) {
    const { header } = ctx.case;
    const action = header.status === 'awaiting_allocation' ? 'allocate' : 'reallocate';
    const step = transition(header.status, action);
    const current = await currentAllocations(db, header.id);
    return ctx.reply.page(
      'features/allocation/views/allocate.njk',
      allocationPage({
        header,
        refusal: step.ok ? null : step.reason,
        clinicians: await hubClinicians(db, header.hubId),
        current,
        ...form,
      }),
      form ? 400 : 200,
    );
  }

  async function conflict(
    ctx: Ctx,
    result: { refusal: string | null; now: AllocationNow },
    tried: AllocationValues,
  ) {
    const { header } = ctx.case;
    const names = new Map((await hubClinicians(db, header.hubId)).map((c) => [c.id, c.name]));
    const lead = result.now.allocations.find((a) => a.role === 'lead');
    const others = result.now.allocations.filter((a) => a.role === 'other');
    return sendConflict(ctx.reply, {
      caseId: header.id,
      reference: header.reference,
      refusal: result.refusal,
      now: [
        summaryRow('Status', STATE_LABELS[result.now.status].text),
        summaryRow('Lead practitioner', lead?.name ?? 'Not allocated'),
        summaryRow('Other clinicians', others.map((o) => o.name).join(', ') || 'None'),
      ],
      tried: [
        summaryRow('Lead practitioner', names.get(tried.lead) ?? 'Unknown'),
        summaryRow(
          'Other clinicians',
          tried.others
            .filter((id) => id !== tried.lead)
            .map((id) => names.get(id) ?? 'Unknown')
            .join(', ') || 'None',
        ),
      ],
      retryHref: result.refusal ? null : `/cases/${header.id}/allocation`,
    });
  }

  return [
    caseRoute({
      method: 'GET',
      url: '/cases/:caseId/allocation',
      permission,
      needs: 'allocate',
      params,
      handler: (ctx) => show(ctx),
    }),
    caseRoute({
      method: 'POST',
      url: '/cases/:caseId/allocation',
      permission,
      needs: 'allocate',
      params,
      body,
      handler: async (ctx) => {
        const { header } = ctx.case;
        const raw = ctx.body.others;
        const values: AllocationValues = {
          lead: ctx.body.lead ?? '',
          others: Array.isArray(raw) ? raw : raw === undefined ? [] : [raw],
        };
        const version = versionOf({ version: ctx.body.version ?? '' });
        if (!values.lead) {
          return show(ctx, {
            values,
            errors: formErrors([['lead', 'Select the lead practitioner']]),
          });
        }
        if (version === null) {
          return show(ctx, {
            values,
            errors: formErrors([['lead', 'Open the allocation page again and resubmit']]),
          });
        }
        const result = await allocate(db, clock, ctx.actor, {
          principal: ctx.principal,
          caseId: header.id,
          version,
          leadId: values.lead,
          otherIds: values.others,
        });
        switch (result.kind) {
          case 'done':
            return ctx.reply.redirect(caseAfterSave(header.id, 'allocated'));
          case 'not_found':
            return caseNotFound({ db, clock }, ctx.request, ctx.reply, header.id);
          case 'not_a_hub_clinician':
            return show(ctx, {
              values,
              errors: formErrors([['lead', "Select clinicians of the case's hub"]]),
            });
          case 'conflict':
            return conflict(ctx, result, values);
          default:
            return sendUnchanged(ctx.reply, {
              change: result,
              caseId: header.id,
              reference: header.reference,
              retryHref: `/cases/${header.id}/allocation`,
            });
        }
      },
    }),
  ];
}
