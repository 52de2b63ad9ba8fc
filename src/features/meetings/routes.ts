import type { Kysely } from 'kysely';
import { formTokenFor, formTokenOf } from '../../access/form-submissions.ts';
import { noticeQuery, savedNotice, withNotice } from '../../web/notices.ts';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { ukToday } from '../../domain/dates.ts';
import { sendProblem } from '../../web/errors.ts';
import { noForm, submitForm, type FormState } from '../../web/form-page.ts';
import { caseRoute, type RouteDeclaration } from '../../web/routes.ts';
import { canRecordNow } from '../liaison/case-work.ts';
import { readMeetingForm, type MeetingInput } from './form.ts';
import {
  meetingFormPage,
  meetingListPage,
  meetingPage,
  meetingRows,
  meetingUrls,
  meetingValues,
} from './presenter.ts';
import { readMeeting, readMeetings, readNewMeetingForm } from './read.ts';
import { meetingPartRoutes } from './routes-parts.ts';
import {
  caseNow,
  caseParams,
  formBody,
  meetingNow,
  meetingParams,
  permission,
  view,
  type Ctx,
  type Values,
} from './routes-shared.ts';
import { recordMeeting, updateMeeting } from './service.ts';

type Sent = { version: number; data: MeetingInput };
/** What a meeting's page says after its details are saved (src/web/notices.ts). */
const MEETING_NOTICES = { recorded: 'Meeting recorded', changed: 'Meeting changed' } as const;

/**
 * Multi-agency meetings (PRODUCT.md step 9): health compartment. Reading needs the health
 * record; recording and changing need to work it (the allocated clinicians or the hub lead).
 * The meeting's details here; its attendees and agreed actions in routes-parts.ts.
 */
export function meetingRoutes({ db, clock }: { db: Kysely<DB>; clock: Clock }): RouteDeclaration[] {
  const today = () => ukToday(clock.now());

  /** The form to record a meeting (no meetingId) or change its details. */
  const showForm = (
    ctx: Ctx,
    page: { meetingId?: string; form: FormState<Values> },
    status: 200 | 400,
  ) =>
    ctx.reply.page(
      view('form'),
      {
        ...meetingFormPage({
          header: ctx.case.header,
          today: today(),
          ...(page.meetingId ? { meetingId: page.meetingId } : {}),
          ...page.form,
        }),
        // A new meeting's form: a second send lands where the first did (form-submissions.ts).
        formToken: page.meetingId ? null : formTokenFor(ctx.body),
      },
      status,
    );

  return [
    caseRoute({
      method: 'GET',
      url: '/cases/:caseId/meetings',
      permission,
      needs: 'readHealth',
      params: caseParams,
      handler: async (ctx) => {
        const meetings = await readMeetings(db, clock, ctx.actor, ctx.case.header);
        return ctx.reply.page(
          view('list'),
          meetingListPage({
            header: ctx.case.header,
            meetings,
            canRecord: canRecordNow(ctx.case),
          }),
        );
      },
    }),
    caseRoute({
      method: 'GET',
      url: '/cases/:caseId/meetings/new',
      permission,
      needs: 'workHealth',
      params: caseParams,
      handler: async (ctx) => {
        await readNewMeetingForm(db, clock, ctx.actor, ctx.case.header);
        return showForm(ctx, { form: noForm }, 200);
      },
    }),
    caseRoute({
      method: 'POST',
      url: '/cases/:caseId/meetings',
      permission,
      needs: 'workHealth',
      params: caseParams,
      body: formBody,
      handler: (ctx) => {
        const { header } = ctx.case;
        return submitForm<Sent, { meetingId: string }, Values>({
          request: ctx.request,
          reply: ctx.reply,
          show: (form, status) => showForm(ctx, { form }, status),
          read: () => readMeetingForm(ctx.body, today()),
          save: (form) =>
            recordMeeting(db, clock, ctx.actor, {
              header,
              userId: ctx.principal.userId,
              version: form.version,
              meeting: form.data,
              formToken: formTokenOf(ctx.body),
            }),
          next: (saved) => withNotice(meetingUrls.meeting(header.id, saved.meetingId), 'recorded'),
          conflict: {
            caseId: header.id,
            reference: header.reference,
            now: () => caseNow(db, header.id),
            tried: (form) => meetingRows(form.data),
            retryHref: meetingUrls.form(header.id),
          },
        });
      },
    }),
    caseRoute({
      method: 'GET',
      url: '/cases/:caseId/meetings/:meetingId',
      permission,
      needs: 'readHealth',
      params: meetingParams,
      query: noticeQuery,
      handler: async (ctx) => {
        const record = await readMeeting(db, clock, ctx.actor, {
          header: ctx.case.header,
          meetingId: ctx.params.meetingId,
          page: 'meeting',
        });
        if (!record) return sendProblem(ctx.request, ctx.reply, 404);
        return ctx.reply.page(view('meeting'), {
          ...meetingPage({
            header: ctx.case.header,
            record,
            canRecord: canRecordNow(ctx.case),
            canAddToPlan: true,
          }),
          savedNotice: savedNotice(MEETING_NOTICES, ctx.query.done),
        });
      },
    }),
    caseRoute({
      method: 'GET',
      url: '/cases/:caseId/meetings/:meetingId/edit',
      permission,
      needs: 'workHealth',
      params: meetingParams,
      handler: async (ctx) => {
        const { meetingId } = ctx.params;
        const record = await readMeeting(db, clock, ctx.actor, {
          header: ctx.case.header,
          meetingId,
          page: 'meeting_edit',
        });
        if (!record) return sendProblem(ctx.request, ctx.reply, 404);
        return showForm(ctx, { meetingId, form: { values: meetingValues(record.meeting) } }, 200);
      },
    }),
    caseRoute({
      method: 'POST',
      url: '/cases/:caseId/meetings/:meetingId',
      permission,
      needs: 'workHealth',
      params: meetingParams,
      body: formBody,
      handler: (ctx) => {
        const { header } = ctx.case;
        const { meetingId } = ctx.params;
        return submitForm<Sent, { meetingId: string }, Values>({
          request: ctx.request,
          reply: ctx.reply,
          show: (form, status) => showForm(ctx, { meetingId, form }, status),
          read: () => readMeetingForm(ctx.body, today()),
          save: (form) =>
            updateMeeting(db, clock, ctx.actor, {
              header,
              userId: ctx.principal.userId,
              meetingId,
              version: form.version,
              meeting: form.data,
            }),
          next: () => withNotice(meetingUrls.meeting(header.id, meetingId), 'changed'),
          conflict: {
            caseId: header.id,
            reference: header.reference,
            now: () => meetingNow(db, { caseId: header.id, meetingId }),
            tried: (form) => meetingRows(form.data),
            retryHref: meetingUrls.meeting(header.id, meetingId),
          },
        });
      },
    }),
    ...meetingPartRoutes({ db, clock }),
  ];
}
