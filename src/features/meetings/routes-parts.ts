import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { summaryRow, type SummaryRow } from '../../web/conflict.ts';
import { sendProblem } from '../../web/errors.ts';
import { submitForm, type FormRead, type FormState } from '../../web/form-page.ts';
import { caseRoute, type RouteDeclaration } from '../../web/routes.ts';
import {
  readAddToPlanForm,
  readAgreedActionForm,
  readAttendeeForm,
  versionOfBody,
} from './form.ts';
import { addToPlanPage, meetingUrls } from './presenter.ts';
import { readAddToPlan } from './read.ts';
import {
  actionParams,
  attendeeParams,
  formBody,
  meetingNow,
  meetingParams,
  permission,
  showMeeting,
  view,
  type Ctx,
  type Values,
} from './routes-shared.ts';
import {
  addAgreedAction,
  addAgreedActionToPlan,
  addAttendee,
  removeAgreedAction,
  removeAttendee,
  type ChangeInput,
  type MeetingChange,
} from './service.ts';

/**
 * The parts of a meeting: attendees and agreed actions, added and removed against the
 * meeting's version, and an agreed action taken into the intervention plan. Each needs to
 * work the health record. A refusal shows the meeting page with its reason (409).
 */
export function meetingPartRoutes({
  db,
  clock,
}: {
  db: Kysely<DB>;
  clock: Clock;
}): RouteDeclaration[] {
  /** Runs one change of a meeting's part: back to the meeting's section, or why not. */
  function submitPart<D>(
    ctx: Ctx,
    meetingId: string,
    part: {
      read: () => FormRead<{ version: number; data: D }, Values>;
      show?: (form: FormState<Values>, status: 200 | 400) => unknown;
      save: (input: ChangeInput & { data: D }) => Promise<MeetingChange>;
      tried: (data: D) => SummaryRow[];
      section: 'attendees' | 'actions';
    },
  ) {
    const { header } = ctx.case;
    return submitForm<{ version: number; data: D }, { meetingId: string }, Values>({
      request: ctx.request,
      reply: ctx.reply,
      show: part.show ?? ((form) => showMeeting(db, ctx, { meetingId, form })),
      read: part.read,
      save: (form) =>
        part.save({
          header,
          userId: ctx.principal.userId,
          meetingId,
          version: form.version,
          data: form.data,
        }),
      next: () => `${meetingUrls.meeting(header.id, meetingId)}#${part.section}`,
      refused: (refusal) => showMeeting(db, ctx, { meetingId, refusal }),
      conflict: {
        caseId: header.id,
        reference: header.reference,
        now: () => meetingNow(db, { caseId: header.id, meetingId }),
        tried: (form) => part.tried(form.data),
        retryHref: meetingUrls.meeting(header.id, meetingId),
      },
    });
  }

  /** A remove button: the version it carries, and nothing else to read. */
  const removal = (ctx: Ctx, what: string) => ({
    read: () => ({ ok: true as const, version: versionOfBody(ctx.body), data: null }),
    tried: () => [summaryRow('Change', what)],
  });

  return [
    caseRoute({
      method: 'POST',
      url: '/cases/:caseId/meetings/:meetingId/attendees',
      permission,
      needs: 'workHealth',
      params: meetingParams,
      body: formBody,
      handler: (ctx) =>
        submitPart(ctx, ctx.params.meetingId, {
          read: () => readAttendeeForm(ctx.body),
          save: ({ data, ...input }) =>
            addAttendee(db, clock, ctx.actor, { ...input, attendee: data }),
          tried: (a) => [summaryRow('Add attendee', `${a.name} (${a.agency})`)],
          section: 'attendees',
        }),
    }),
    caseRoute({
      method: 'POST',
      url: '/cases/:caseId/meetings/:meetingId/attendees/:attendeeId/remove',
      permission,
      needs: 'workHealth',
      params: attendeeParams,
      body: formBody,
      handler: (ctx) =>
        submitPart(ctx, ctx.params.meetingId, {
          ...removal(ctx, 'Remove an attendee'),
          save: ({ data: _none, ...input }) =>
            removeAttendee(db, clock, ctx.actor, { ...input, attendeeId: ctx.params.attendeeId }),
          section: 'attendees',
        }),
    }),
    caseRoute({
      method: 'POST',
      url: '/cases/:caseId/meetings/:meetingId/actions',
      permission,
      needs: 'workHealth',
      params: meetingParams,
      body: formBody,
      handler: (ctx) =>
        submitPart(ctx, ctx.params.meetingId, {
          read: () => readAgreedActionForm(ctx.body),
          save: ({ data, ...input }) =>
            addAgreedAction(db, clock, ctx.actor, { ...input, action: data }),
          tried: (a) => [summaryRow('Add action', a.description), summaryRow('Owner', a.owner)],
          section: 'actions',
        }),
    }),
    caseRoute({
      method: 'POST',
      url: '/cases/:caseId/meetings/:meetingId/actions/:actionId/remove',
      permission,
      needs: 'workHealth',
      params: actionParams,
      body: formBody,
      handler: (ctx) =>
        submitPart(ctx, ctx.params.meetingId, {
          ...removal(ctx, 'Remove an agreed action'),
          save: ({ data: _none, ...input }) =>
            removeAgreedAction(db, clock, ctx.actor, { ...input, actionId: ctx.params.actionId }),
          section: 'actions',
        }),
    }),
    caseRoute({
      method: 'GET',
      url: '/cases/:caseId/meetings/:meetingId/actions/:actionId/plan',
      permission,
      needs: 'workHealth',
      params: actionParams,
      handler: async (ctx) => {
        const { meetingId, actionId } = ctx.params;
        const read = await readAddToPlan(db, clock, ctx.actor, {
          header: ctx.case.header,
          meetingId,
          actionId,
        });
        if (!read) return sendProblem(ctx.request, ctx.reply, 404);
        return ctx.reply.page(
          view('add-to-plan'),
          addToPlanPage({ header: ctx.case.header, ...read, actionId }),
        );
      },
    }),
    caseRoute({
      method: 'POST',
      url: '/cases/:caseId/meetings/:meetingId/actions/:actionId/plan',
      permission,
      needs: 'workHealth',
      params: actionParams,
      body: formBody,
      handler: (ctx) => {
        const { meetingId, actionId } = ctx.params;
        const { header } = ctx.case;
        return submitPart(ctx, meetingId, {
          read: () => readAddToPlanForm(ctx.body),
          show: async (form, status) => {
            const read = await readAddToPlan(db, clock, ctx.actor, { header, meetingId, actionId });
            if (!read) return sendProblem(ctx.request, ctx.reply, 404);
            return ctx.reply.page(
              view('add-to-plan'),
              addToPlanPage({ header, ...read, actionId, ...form }),
              status,
            );
          },
          save: ({ data, ...input }) =>
            addAgreedActionToPlan(db, clock, ctx.actor, { ...input, actionId, plan: data }),
          tried: () => [summaryRow('Change', 'Add an agreed action to the plan')],
          section: 'actions',
        });
      },
    }),
  ];
}
