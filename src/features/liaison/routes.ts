import { rectificationMarks, viewerOf } from '../rectification/marks.ts';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { STATE_LABELS } from '../../domain/case-state.ts';
import type { Clock } from '../../domain/clock.ts';
import { ukToday } from '../../domain/dates.ts';
import { summaryRow, type SummaryRow } from '../../web/conflict.ts';
import { sendProblem } from '../../web/errors.ts';
import { formInput } from '../../web/form-fields.ts';
import { answerChange, noForm, type FormState } from '../../web/form-page.ts';
import { formErrors } from '../../web/forms.ts';
import { noticeQuery, savedNotice, withNotice } from '../../web/notices.ts';
import { formTokenFor, formTokenOf } from '../../access/form-submissions.ts';
import { uuid } from '../../web/ids.ts';
import { caseRoute, type CaseRouteContext, type RouteDeclaration } from '../../web/routes.ts';
import { requireConsentForEngagement } from '../consent/service.ts';
import { canRecordNow } from './case-work.ts';
import { LIAISON_FIELDS, readLiaisonForm as parseLiaisonForm, type LiaisonInput } from './form.ts';
import {
  contactRows,
  contactValues,
  liaisonFormPage,
  liaisonListPage,
  liaisonUrls,
} from './presenter.ts';
import {
  contactOf,
  contactsOf,
  readLiaison,
  readLiaisonForm,
  recordContact,
  updateContact,
  type LiaisonChange,
} from './service.ts';

const permission = 'case.work' as const;
/** What the list of contacts says after a save (src/web/notices.ts). */
const LIAISON_NOTICES = { recorded: 'Contact recorded', changed: 'Contact changed' } as const;
const view = (name: string) => `features/liaison/views/${name}.njk`;
const formBody = z.looseObject({ _csrf: z.string().optional() });
const caseParams = z.object({ caseId: uuid });
const contactParams = z.object({ caseId: uuid, contactId: uuid });

type Ctx = CaseRouteContext<unknown, unknown, unknown>;
type Values = Record<string, string>;
type Sent = { version: number; contact: LiaisonInput };

/**
 * Liaison with other services (PRODUCT.md step 7): health compartment. Reading needs the
 * health record; recording needs to work it (the allocated clinicians or the hub lead).
 */
export function liaisonRoutes({ db, clock }: { db: Kysely<DB>; clock: Clock }): RouteDeclaration[] {
  const today = () => ukToday(clock.now());

  /** The form, empty, as stored, or again with the user's input and errors (400). */
  async function showForm(
    ctx: Ctx,
    page: { form: FormState<Values>; contactId?: string },
    status: 200 | 400,
  ) {
    const engagement = await requireConsentForEngagement(db, ctx.case.header.id);
    return ctx.reply.page(
      view('form'),
      {
        ...liaisonFormPage({
          header: ctx.case.header,
          today: today(),
          engagement,
          ...(page.contactId ? { contactId: page.contactId } : {}),
          ...page.form,
        }),
        // A new contact's form: a second send lands where the first did (form-submissions.ts).
        formToken: page.contactId ? null : formTokenFor(ctx.body),
      },
      status,
    );
  }

  /**
   * The form cycle of a save: the form again (400) for bad input or a rule of the contact
   * refusing it; otherwise the shared answer to the change (303, 404, or the conflict page).
   */
  async function submit(
    ctx: Ctx,
    page: {
      contactId?: string;
      save: (form: Sent) => Promise<LiaisonChange>;
      now: () => Promise<SummaryRow[]>;
      retryHref: string;
    },
  ) {
    const show = (form: FormState<Values>) =>
      showForm(ctx, { form, ...(page.contactId ? { contactId: page.contactId } : {}) }, 400);
    const form = parseLiaisonForm(ctx.body, today());
    if (!form.ok) return show(form);
    const change = await page.save(form);
    if (change.kind === 'invalid') {
      return show({
        values: formInput(ctx.body, LIAISON_FIELDS),
        errors: formErrors([[change.field, change.message]]),
      });
    }
    return answerChange<Sent, { contactId: string }>(
      {
        request: ctx.request,
        reply: ctx.reply,
        next: () =>
          withNotice(liaisonUrls.list(ctx.case.header.id), page.contactId ? 'changed' : 'recorded'),
        conflict: {
          caseId: ctx.case.header.id,
          reference: ctx.case.header.reference,
          now: page.now,
          tried: (sent) => contactRows(sent.contact),
          retryHref: page.retryHref,
        },
      },
      form,
      change,
    );
  }

  /** The case now, for the conflict page of a new contact. */
  const caseNow = async (ctx: Ctx): Promise<SummaryRow[]> => {
    const contacts = await contactsOf(db, ctx.case.header.id);
    const status = await db
      .selectFrom('cases')
      .select('status')
      .where('id', '=', ctx.case.header.id)
      .executeTakeFirstOrThrow();
    return [
      summaryRow('Status', STATE_LABELS[status.status].text),
      summaryRow('Liaison contacts', String(contacts.length)),
    ];
  };

  return [
    caseRoute({
      method: 'GET',
      url: '/cases/:caseId/liaison',
      permission,
      needs: 'readHealth',
      params: caseParams,
      query: noticeQuery,
      handler: async (ctx) => {
        const found = await readLiaison(db, clock, ctx.actor, ctx.case.header);
        const marks = await rectificationMarks(db, {
          kind: 'liaison',
          caseId: ctx.case.header.id,
          viewer: viewerOf(ctx.principal.userId, ctx.case),
          ids: found.contacts.map((c) => c.id),
        });
        return ctx.reply.page(view('list'), {
          ...liaisonListPage({
            header: ctx.case.header,
            ...found,
            marks,
            canRecord: canRecordNow(ctx.case),
          }),
          savedNotice: savedNotice(LIAISON_NOTICES, ctx.query.done),
        });
      },
    }),
    caseRoute({
      method: 'GET',
      url: '/cases/:caseId/liaison/new',
      permission,
      needs: 'workHealth',
      params: caseParams,
      handler: async (ctx) => {
        await readLiaisonForm(db, clock, ctx.actor, { header: ctx.case.header, contactId: null });
        return showForm(ctx, { form: noForm }, 200);
      },
    }),
    caseRoute({
      method: 'POST',
      url: '/cases/:caseId/liaison',
      permission,
      needs: 'workHealth',
      params: caseParams,
      body: formBody,
      handler: (ctx) =>
        submit(ctx, {
          save: (form) =>
            recordContact(db, clock, ctx.actor, {
              header: ctx.case.header,
              userId: ctx.principal.userId,
              version: form.version,
              contact: form.contact,
              formToken: formTokenOf(ctx.body),
            }),
          now: () => caseNow(ctx),
          retryHref: liaisonUrls.form(ctx.case.header.id),
        }),
    }),
    caseRoute({
      method: 'GET',
      url: '/cases/:caseId/liaison/:contactId/edit',
      permission,
      needs: 'workHealth',
      params: contactParams,
      handler: async (ctx) => {
        const found = await readLiaisonForm(db, clock, ctx.actor, {
          header: ctx.case.header,
          contactId: ctx.params.contactId,
        });
        if (!found?.contact) return sendProblem(ctx.request, ctx.reply, 404);
        const form = { values: contactValues(found.contact) };
        return showForm(ctx, { form, contactId: found.contact.id }, 200);
      },
    }),
    caseRoute({
      method: 'POST',
      url: '/cases/:caseId/liaison/:contactId',
      permission,
      needs: 'workHealth',
      params: contactParams,
      body: formBody,
      handler: (ctx) => {
        const { contactId } = ctx.params;
        const caseId = ctx.case.header.id;
        return submit(ctx, {
          contactId,
          save: (form) =>
            updateContact(db, clock, ctx.actor, {
              header: ctx.case.header,
              userId: ctx.principal.userId,
              contactId,
              version: form.version,
              contact: form.contact,
            }),
          now: async () => {
            const current = await contactOf(db, caseId, contactId);
            return current ? contactRows(current) : caseNow(ctx);
          },
          retryHref: liaisonUrls.edit(caseId, contactId),
        });
      },
    }),
  ];
}
