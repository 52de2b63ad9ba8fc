import { rectificationMarks, viewerOf } from '../rectification/marks.ts';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { formTokenFor, formTokenOf } from '../../access/form-submissions.ts';
import type { DB } from '../../db/schema.ts';
import { STATE_LABELS } from '../../domain/case-state.ts';
import type { Clock } from '../../domain/clock.ts';
import { CONTACT_OUTCOMES } from '../../domain/contacts.ts';
import { ukToday } from '../../domain/dates.ts';
import { labelOf } from '../../domain/reference/list.ts';
import { summaryRow, type SummaryRow } from '../../web/conflict.ts';
import { sendProblem } from '../../web/errors.ts';
import { formInput } from '../../web/form-fields.ts';
import { answerChange, noForm, type FormState } from '../../web/form-page.ts';
import { formErrors } from '../../web/forms.ts';
import { uuid } from '../../web/ids.ts';
import { noticeQuery, savedNotice, withNotice } from '../../web/notices.ts';
import { caseRoute, type CaseRouteContext, type RouteDeclaration } from '../../web/routes.ts';
import { canRecordNow } from '../liaison/case-work.ts';
import {
  APPOINTMENT_FIELDS,
  OUTCOME_FIELDS,
  RECORDED_FIELDS,
  readAppointmentForm,
  readOutcomeForm,
  readRecordedForm,
  type Read,
} from './form.ts';
import {
  contactFormPage,
  contactRows,
  contactsListPage,
  contactUrls,
  outcomeFormPage,
} from './presenter.ts';
import { contactOf, readContact, readContacts, type Contact } from './read.ts';
import { createContact, recordOutcome, type ContactChange } from './service.ts';

const permission = 'case.work' as const;
const NOTICES = {
  booked: 'Appointment booked',
  recorded: 'Contact recorded',
  outcome: 'Outcome recorded',
} as const;
const view = (name: string) => `features/contacts/views/${name}.njk`;
const formBody = z.looseObject({ _csrf: z.string().optional() });
const caseParams = z.object({ caseId: uuid });
const contactParams = z.object({ caseId: uuid, contactId: uuid });

type Ctx = CaseRouteContext<unknown, unknown, unknown>;
type Values = Record<string, string>;

/**
 * Contacts and appointments (issue 13), health compartment: reading needs the health record,
 * booking and recording need to work it (the allocated clinicians or the hub lead).
 */
export function contactRoutes({ db, clock }: { db: Kysely<DB>; clock: Clock }): RouteDeclaration[] {
  const today = () => ukToday(clock.now());

  const caseNow = async (ctx: Ctx): Promise<SummaryRow[]> => {
    const status = await db
      .selectFrom('cases')
      .select('status')
      .where('id', '=', ctx.case.header.id)
      .executeTakeFirstOrThrow();
    return [summaryRow('Status', STATE_LABELS[status.status].text)];
  };

  function showCreate(ctx: Ctx, mode: 'book' | 'record', form: FormState<Values>, code: 200 | 400) {
    return ctx.reply.page(
      view('form'),
      {
        ...contactFormPage({ header: ctx.case.header, mode, today: today(), ...form }),
        formToken: formTokenFor(ctx.body),
      },
      code,
    );
  }

  /** The answer to a save: the form again for a refused field, else the shared answers. */
  async function answer<I>(
    ctx: Ctx,
    input: {
      form: Read<I> & { ok: true };
      change: ContactChange;
      fields: readonly string[];
      show: (form: FormState<Values>) => unknown;
      notice: keyof typeof NOTICES;
      tried: SummaryRow[];
      now: () => Promise<SummaryRow[]>;
      retryHref: string;
    },
  ) {
    const { change } = input;
    if (change.kind === 'invalid') {
      return input.show({
        values: formInput(ctx.body, input.fields),
        errors: formErrors([[change.field, change.message]]),
      });
    }
    return answerChange<Read<I>, { contactId: string }>(
      {
        request: ctx.request,
        reply: ctx.reply,
        next: () => withNotice(contactUrls.list(ctx.case.header.id), input.notice),
        conflict: {
          caseId: ctx.case.header.id,
          reference: ctx.case.header.reference,
          now: input.now,
          tried: () => input.tried,
          retryHref: input.retryHref,
        },
      },
      input.form,
      change,
    );
  }

  const createRoutes = (mode: 'book' | 'record'): RouteDeclaration[] => {
    const url = mode === 'book' ? '/cases/:caseId/contacts/book' : '/cases/:caseId/contacts/record';
    const fields = mode === 'book' ? APPOINTMENT_FIELDS : RECORDED_FIELDS;
    return [
      caseRoute({
        method: 'GET',
        url,
        permission,
        needs: 'workHealth',
        params: caseParams,
        handler: (ctx) => showCreate(ctx, mode, noForm, 200),
      }),
      caseRoute({
        method: 'POST',
        url,
        permission,
        needs: 'workHealth',
        params: caseParams,
        body: formBody,
        handler: async (ctx) => {
          const show = (form: FormState<Values>) => showCreate(ctx, mode, form, 400);
          const form =
            mode === 'book'
              ? readAppointmentForm(ctx.body, today())
              : readRecordedForm(ctx.body, today());
          if (!form.ok) return show(form);
          const change = await createContact(db, clock, ctx.actor, {
            header: ctx.case.header,
            userId: ctx.principal.userId,
            version: form.version,
            formToken: formTokenOf(ctx.body),
            contact: form.value,
            status: mode === 'book' ? 'planned' : 'attended',
          });
          return answer(ctx, {
            form,
            change,
            fields,
            show,
            notice: mode === 'book' ? 'booked' : 'recorded',
            tried: [summaryRow('Date', form.value.day)],
            now: () => caseNow(ctx),
            retryHref:
              mode === 'book'
                ? contactUrls.book(ctx.case.header.id)
                : contactUrls.record(ctx.case.header.id),
          });
        },
      }),
    ];
  };

  const showOutcome = (ctx: Ctx, contact: Contact, form: FormState<Values>, code: 200 | 400) =>
    ctx.reply.page(
      view('outcome'),
      outcomeFormPage({ header: ctx.case.header, contact, today: today(), ...form }),
      code,
    );

  return [
    caseRoute({
      method: 'GET',
      url: '/cases/:caseId/contacts',
      permission,
      needs: 'readHealth',
      params: caseParams,
      query: noticeQuery,
      handler: async (ctx) => {
        const found = await readContacts(db, clock, ctx.actor, ctx.case.header);
        const marks = await rectificationMarks(db, {
          kind: 'contact',
          caseId: ctx.case.header.id,
          viewer: viewerOf(ctx.principal.userId, ctx.case),
          ids: found.contacts.map((c) => c.id),
        });
        return ctx.reply.page(view('list'), {
          ...contactsListPage({
            header: ctx.case.header,
            ...found,
            marks,
            canRecord: canRecordNow(ctx.case),
          }),
          savedNotice: savedNotice(NOTICES, ctx.query.done),
        });
      },
    }),
    ...createRoutes('book'),
    ...createRoutes('record'),
    caseRoute({
      method: 'GET',
      url: '/cases/:caseId/contacts/:contactId/outcome',
      permission,
      needs: 'workHealth',
      params: contactParams,
      handler: async (ctx) => {
        const contact = await readContact(db, clock, ctx.actor, {
          header: ctx.case.header,
          contactId: ctx.params.contactId,
        });
        if (!contact || contact.status !== 'planned') {
          return sendProblem(ctx.request, ctx.reply, 404);
        }
        return showOutcome(ctx, contact, noForm, 200);
      },
    }),
    caseRoute({
      method: 'POST',
      url: '/cases/:caseId/contacts/:contactId/outcome',
      permission,
      needs: 'workHealth',
      params: contactParams,
      body: formBody,
      handler: async (ctx) => {
        const caseId = ctx.case.header.id;
        const contact = await contactOf(db, caseId, ctx.params.contactId);
        if (!contact) return sendProblem(ctx.request, ctx.reply, 404);
        const show = (form: FormState<Values>) => showOutcome(ctx, contact, form, 400);
        const form = readOutcomeForm(ctx.body, today());
        if (!form.ok) return show(form);
        const change = await recordOutcome(db, clock, ctx.actor, {
          header: ctx.case.header,
          userId: ctx.principal.userId,
          contactId: contact.id,
          version: form.version,
          outcome: form.value,
        });
        return answer(ctx, {
          form,
          change,
          fields: OUTCOME_FIELDS,
          show,
          notice: 'outcome',
          tried: [summaryRow('Outcome', labelOf(CONTACT_OUTCOMES, form.value.outcome))],
          now: async () => {
            const current = await contactOf(db, caseId, contact.id);
            return current ? contactRows(current) : caseNow(ctx);
          },
          retryHref: contactUrls.outcome(caseId, contact.id),
        });
      },
    }),
  ];
}
