import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { STATE_LABELS } from '../../domain/case-state.ts';
import type { Clock } from '../../domain/clock.ts';
import { sendProblem } from '../../web/errors.ts';
import { formErrors } from '../../web/forms.ts';
import type { LegacyRouteDeclaration } from '../../web/routes.ts';
import { actorFor } from '../auth/actor.ts';
import type { OpenedCase } from '../../access/case-context.ts';
import { sendConflict, summaryRow } from '../../web/conflict.ts';
import { isoDay } from '../../web/format.ts';
import { requireConsentForEngagement } from '../consent/service.ts';
import { canRecordNow, idParam, openForReading, openForRecording } from './case-work.ts';
import { readLiaisonForm as parseLiaisonForm, type LiaisonForm } from './form.ts';
import {
  contactRows,
  contactValues,
  liaisonFormPage,
  liaisonListPage,
  liaisonUrls,
} from './presenter.ts';
import {
  contactsOf,
  readLiaison,
  readLiaisonForm,
  recordContact,
  updateContact,
  type LiaisonSaveResult,
} from './service.ts';

const access = { permission: 'case.work' } as const;
const view = (name: string) => `features/liaison/views/${name}.njk`;

/** Liaison with other services (PRODUCT.md step 7): health compartment, clinicians only. */
export function liaisonRoutes({
  db,
  clock,
}: {
  db: Kysely<DB>;
  clock: Clock;
}): LegacyRouteDeclaration[] {
  /** The form again with the user's input and the errors: 400, nothing written. */
  async function showFormAgain(
    reply: FastifyReply,
    opened: OpenedCase,
    form: { values: Record<string, string>; errors: ReturnType<typeof formErrors> },
    contactId?: string,
  ) {
    const engagement = await requireConsentForEngagement(db, opened.header.id);
    return reply.page(
      view('form'),
      liaisonFormPage({
        header: opened.header,
        today: isoDay(clock.now()),
        engagement,
        contactId,
        values: form.values,
        errors: form.errors,
      }),
      400,
    );
  }

  /** The answer to a save that did not happen. */
  async function unsaved(
    request: FastifyRequest,
    reply: FastifyReply,
    opened: OpenedCase,
    form: Extract<LiaisonForm, { ok: true }> & { values: Record<string, string> },
    result: Exclude<LiaisonSaveResult, { outcome: 'saved' }>,
    contactId?: string,
  ) {
    const caseId = opened.header.id;
    switch (result.outcome) {
      case 'not_found':
        return sendProblem(request, reply, 404);
      case 'refused':
        return showFormAgain(
          reply,
          opened,
          { values: form.values, errors: formErrors([[result.field, result.message]]) },
          contactId,
        );
      case 'stale_contact':
        return sendConflict(reply, {
          caseId,
          reference: opened.header.reference,
          refusal: null,
          now: contactRows(result.current),
          tried: contactRows(form.contact),
          retryHref: liaisonUrls.edit(caseId, result.current.id),
        });
      case 'conflict': {
        const contacts = await contactsOf(db, caseId);
        return sendConflict(reply, {
          caseId,
          reference: opened.header.reference,
          refusal: result.refusal,
          now: [
            summaryRow('Status', STATE_LABELS[result.status].text),
            summaryRow('Liaison contacts', String(contacts.length)),
          ],
          tried: contactRows(form.contact),
          retryHref: result.refusal
            ? null
            : contactId
              ? liaisonUrls.edit(caseId, contactId)
              : liaisonUrls.form(caseId),
        });
      }
    }
  }

  return [
    {
      method: 'GET',
      url: '/cases/:caseId/liaison',
      access,
      handler: async (request, reply) => {
        const opened = await openForReading(db, clock, request, reply);
        if (!opened) return reply;
        const found = await readLiaison(db, clock, actorFor(request), opened);
        return reply.page(
          view('list'),
          liaisonListPage({ header: opened.header, ...found, canRecord: canRecordNow(opened) }),
        );
      },
    },
    {
      method: 'GET',
      url: '/cases/:caseId/liaison/new',
      access,
      handler: async (request, reply) => {
        const opened = await openForRecording(db, clock, request, reply);
        if (!opened) return reply;
        const found = await readLiaisonForm(db, clock, actorFor(request), opened, null);
        return reply.page(
          view('form'),
          liaisonFormPage({
            header: opened.header,
            today: isoDay(clock.now()),
            engagement: found!.engagement,
          }),
        );
      },
    },
    {
      method: 'POST',
      url: '/cases/:caseId/liaison',
      access,
      handler: async (request, reply) => {
        const opened = await openForRecording(db, clock, request, reply);
        if (!opened) return reply;
        const form = parseLiaisonForm(request.body, isoDay(clock.now()));
        if (!form.ok) return showFormAgain(reply, opened, form);
        const result = await recordContact(db, clock, actorFor(request), {
          opened,
          userId: request.principal!.userId,
          version: form.version,
          contact: form.contact,
        });
        if (result.outcome !== 'saved') {
          return unsaved(request, reply, opened, { ...form, values: valuesOf(request) }, result);
        }
        return reply.redirect(liaisonUrls.list(opened.header.id), 303);
      },
    },
    {
      method: 'GET',
      url: '/cases/:caseId/liaison/:contactId/edit',
      access,
      handler: async (request, reply) => {
        const contactId = idParam(request, 'contactId');
        const opened = await openForRecording(db, clock, request, reply);
        if (!opened) return reply;
        const found =
          contactId && (await readLiaisonForm(db, clock, actorFor(request), opened, contactId));
        if (!found || !found.contact) return sendProblem(request, reply, 404);
        return reply.page(
          view('form'),
          liaisonFormPage({
            header: opened.header,
            today: isoDay(clock.now()),
            engagement: found.engagement,
            contactId: found.contact.id,
            values: contactValues(found.contact),
          }),
        );
      },
    },
    {
      method: 'POST',
      url: '/cases/:caseId/liaison/:contactId',
      access,
      handler: async (request, reply) => {
        const contactId = idParam(request, 'contactId');
        const opened = await openForRecording(db, clock, request, reply);
        if (!opened) return reply;
        if (!contactId) return sendProblem(request, reply, 404);
        const form = parseLiaisonForm(request.body, isoDay(clock.now()));
        if (!form.ok) return showFormAgain(reply, opened, form, contactId);
        const result = await updateContact(db, clock, actorFor(request), {
          opened,
          userId: request.principal!.userId,
          contactId,
          version: form.version,
          contact: form.contact,
        });
        if (result.outcome !== 'saved') {
          return unsaved(
            request,
            reply,
            opened,
            { ...form, values: valuesOf(request) },
            result,
            contactId,
          );
        }
        return reply.redirect(liaisonUrls.list(opened.header.id), 303);
      },
    },
  ];
}

/** The submitted fields as strings, to show the form again. */
function valuesOf(request: FastifyRequest): Record<string, string> {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key !== '_csrf' && typeof value === 'string') values[key] = value;
  }
  return values;
}
