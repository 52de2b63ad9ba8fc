import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { STATE_LABELS, transition } from '../../domain/case-state.ts';
import type { Clock } from '../../domain/clock.ts';
import { formErrors, type FormErrors } from '../../web/forms.ts';
import type { LegacyRouteDeclaration } from '../../web/routes.ts';
import { actorFor } from '../auth/actor.ts';
import { openCase } from '../../access/case-context.ts';
import { caseIdOf } from '../../access/legacy.ts';
import { caseNotFound } from '../../access/case-route.ts';
import { sendConflict, summaryRow } from '../../web/conflict.ts';
import { versionOf } from '../../web/form-issues.ts';
import { allocationPage, type AllocationValues } from './presenter.ts';
import { allocate, currentAllocations, hubClinicians } from './service.ts';

const access = { permission: 'case.allocate' } as const;

/** Read the form: one lead (radios) and any others (checkboxes, sent as one or many). */
function readForm(body: unknown): AllocationValues & { version: number | null } {
  const record = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const lead = typeof record.lead === 'string' ? record.lead : '';
  const raw = record.others;
  const others = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(
    (v): v is string => typeof v === 'string',
  );
  const version = versionOf({ version: typeof record.version === 'string' ? record.version : '' });
  return { lead, others, version };
}

/** Allocation and reallocation of a case by the hub lead (PRODUCT.md step 3). */
export function allocationRoutes(deps: { db: Kysely<DB>; clock: Clock }): LegacyRouteDeclaration[] {
  const { db, clock } = deps;

  async function show(
    request: FastifyRequest,
    reply: FastifyReply,
    form?: { values: AllocationValues; errors: FormErrors },
  ) {
    const caseId = caseIdOf(request);
    const opened = await openCase(db, request.principal!, caseId);
    if (!opened) return caseNotFound(db, clock, request, reply, caseId);
    const { header } = opened;
    const action = header.status === 'awaiting_allocation' ? 'allocate' : 'reallocate';
    const step = transition(header.status, action);
    const current = await currentAllocations(db, header.id);
    return reply.page(
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

  return [
    {
      method: 'GET',
      url: '/cases/:caseId/allocation',
      access,
      handler: (request, reply) => show(request, reply),
    },
    {
      method: 'POST',
      url: '/cases/:caseId/allocation',
      access,
      handler: async (request, reply) => {
        const form = readForm(request.body);
        const values = { lead: form.lead, others: form.others };
        if (!form.lead) {
          return show(request, reply, {
            values,
            errors: formErrors([['lead', 'Select the lead practitioner']]),
          });
        }
        if (form.version === null) {
          return show(request, reply, {
            values,
            errors: formErrors([['lead', 'Open the allocation page again and resubmit']]),
          });
        }
        const caseId = caseIdOf(request);
        const result = await allocate(db, clock, actorFor(request), request.principal!, {
          caseId,
          version: form.version,
          leadId: form.lead,
          otherIds: form.others,
        });
        if (result.outcome === 'not_found') return caseNotFound(db, clock, request, reply, caseId);
        if (result.outcome === 'not_a_hub_clinician') {
          return show(request, reply, {
            values,
            errors: formErrors([['lead', "Select clinicians of the case's hub"]]),
          });
        }
        if (result.outcome === 'conflict') {
          const opened = await openCase(db, request.principal!, caseId);
          const names = new Map(
            (opened ? await hubClinicians(db, opened.header.hubId) : []).map((c) => [c.id, c.name]),
          );
          const lead = result.now.allocations.find((a) => a.role === 'lead');
          const others = result.now.allocations.filter((a) => a.role === 'other');
          return sendConflict(reply, {
            caseId,
            reference: opened?.header.reference ?? '',
            refusal: result.refusal,
            now: [
              summaryRow('Status', STATE_LABELS[result.now.status].text),
              summaryRow('Lead practitioner', lead?.name ?? 'Not allocated'),
              summaryRow('Other clinicians', others.map((o) => o.name).join(', ') || 'None'),
            ],
            tried: [
              summaryRow('Lead practitioner', names.get(form.lead) ?? 'Unknown'),
              summaryRow(
                'Other clinicians',
                form.others
                  .filter((id) => id !== form.lead)
                  .map((id) => names.get(id) ?? 'Unknown')
                  .join(', ') || 'None',
              ),
            ],
            retryHref: result.refusal ? null : `/cases/${caseId}/allocation`,
          });
        }
        return reply.redirect(`/cases/${caseId}`);
      },
    },
  ];
}
