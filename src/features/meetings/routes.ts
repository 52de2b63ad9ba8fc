import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { STATE_LABELS } from '../../domain/case-state.ts';
import type { Clock } from '../../domain/clock.ts';
import { sendProblem } from '../../web/errors.ts';
import type { FormErrors } from '../../web/forms.ts';
import type { LegacyRouteDeclaration } from '../../web/routes.ts';
import { actorFor } from '../auth/actor.ts';
import type { OpenedCase } from '../../access/case-context.ts';
import { sendConflict, summaryRow, type SummaryRow } from '../../web/conflict.ts';
import { isoDay } from '../../web/format.ts';
import { canRecordNow, idParam, openForReading, openForRecording } from '../liaison/case-work.ts';
import {
  readAddToPlanForm,
  readAgreedActionForm,
  readAttendeeForm,
  readMeetingForm,
  versionOfBody,
} from './form.ts';
import {
  addToPlanPage,
  meetingFormPage,
  meetingListPage,
  meetingPage,
  meetingRows,
  meetingUrls,
  meetingValues,
} from './presenter.ts';
import {
  addAgreedAction,
  addAgreedActionToPlan,
  readAddToPlan,
  addAttendee,
  meetingOf,
  readMeeting,
  readMeetings,
  readNewMeetingForm,
  recordMeeting,
  removeAgreedAction,
  removeAttendee,
  updateMeeting,
  type MeetingChange,
} from './service.ts';

const access = { permission: 'case.work' } as const;
const view = (name: string) => `features/meetings/views/${name}.njk`;

/** Multi-agency meetings (PRODUCT.md step 9): health compartment, clinicians only. */
export function meetingRoutes({
  db,
  clock,
}: {
  db: Kysely<DB>;
  clock: Clock;
}): LegacyRouteDeclaration[] {
  const today = () => isoDay(clock.now());

  /** The meeting page again, with a form's errors (400) or a refusal (409). */
  async function showMeetingAgain(
    request: FastifyRequest,
    reply: FastifyReply,
    opened: OpenedCase,
    meetingId: string,
    problem: { values?: Record<string, string>; errors?: FormErrors; refusal?: string },
  ) {
    const record = await meetingOf(db, opened.header.id, meetingId);
    if (!record) return sendProblem(request, reply, 404);
    return reply.page(
      view('meeting'),
      meetingPage({
        header: opened.header,
        record,
        canRecord: canRecordNow(opened),
        canAddToPlan: true,
        ...problem,
      }),
      problem.refusal ? 409 : 400,
    );
  }

  /** The answer to a change that did not happen. */
  async function unchanged(
    request: FastifyRequest,
    reply: FastifyReply,
    opened: OpenedCase,
    result: Exclude<MeetingChange, { outcome: 'saved' }>,
    tried: SummaryRow[],
    meetingId: string | null,
  ) {
    const caseId = opened.header.id;
    switch (result.outcome) {
      case 'not_found':
        return sendProblem(request, reply, 404);
      case 'refused':
        return showMeetingAgain(request, reply, opened, meetingId!, { refusal: result.message });
      case 'stale_meeting':
        return sendConflict(reply, {
          caseId,
          reference: opened.header.reference,
          refusal: null,
          now: [
            ...meetingRows(result.current.meeting),
            summaryRow(
              'Attendees',
              result.current.attendees.map((a) => `${a.name} (${a.agency})`).join(', ') || 'None',
            ),
            summaryRow(
              'Agreed actions',
              result.current.actions.map((a) => a.description).join('; ') || 'None',
            ),
          ],
          tried,
          retryHref: meetingUrls.meeting(caseId, result.current.meeting.id),
        });
      case 'conflict':
        return sendConflict(reply, {
          caseId,
          reference: opened.header.reference,
          refusal: result.refusal,
          now: [summaryRow('Status', STATE_LABELS[result.status].text)],
          tried,
          retryHref: result.refusal
            ? null
            : meetingId
              ? meetingUrls.meeting(caseId, meetingId)
              : meetingUrls.form(caseId),
        });
    }
  }

  /** Opens the case for recording and reads the meeting id; otherwise the reply is sent. */
  async function openMeetingForChange(
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<{ opened: OpenedCase; meetingId: string } | null> {
    const meetingId = idParam(request, 'meetingId');
    const opened = await openForRecording(db, clock, request, reply);
    if (!opened) return null;
    if (!meetingId) {
      await sendProblem(request, reply, 404);
      return null;
    }
    return { opened, meetingId };
  }

  const changeInput = (request: FastifyRequest, opened: OpenedCase, meetingId: string) => ({
    opened,
    userId: request.principal!.userId,
    meetingId,
  });

  return [
    {
      method: 'GET',
      url: '/cases/:caseId/meetings',
      access,
      handler: async (request, reply) => {
        const opened = await openForReading(db, clock, request, reply);
        if (!opened) return reply;
        const meetings = await readMeetings(db, clock, actorFor(request), opened);
        return reply.page(
          view('list'),
          meetingListPage({ header: opened.header, meetings, canRecord: canRecordNow(opened) }),
        );
      },
    },
    {
      method: 'GET',
      url: '/cases/:caseId/meetings/new',
      access,
      handler: async (request, reply) => {
        const opened = await openForRecording(db, clock, request, reply);
        if (!opened) return reply;
        await readNewMeetingForm(db, clock, actorFor(request), opened);
        return reply.page(view('form'), meetingFormPage({ header: opened.header, today: today() }));
      },
    },
    {
      method: 'POST',
      url: '/cases/:caseId/meetings',
      access,
      handler: async (request, reply) => {
        const opened = await openForRecording(db, clock, request, reply);
        if (!opened) return reply;
        const form = readMeetingForm(request.body, today());
        if (!form.ok) {
          return reply.page(
            view('form'),
            meetingFormPage({ header: opened.header, today: today(), ...form }),
            400,
          );
        }
        const result = await recordMeeting(db, clock, actorFor(request), {
          opened,
          userId: request.principal!.userId,
          version: form.version,
          meeting: form.data,
        });
        if (result.outcome !== 'saved') {
          return unchanged(request, reply, opened, result, meetingRows(form.data), null);
        }
        return reply.redirect(meetingUrls.meeting(opened.header.id, result.meetingId), 303);
      },
    },
    {
      method: 'GET',
      url: '/cases/:caseId/meetings/:meetingId',
      access,
      handler: async (request, reply) => {
        const meetingId = idParam(request, 'meetingId');
        const opened = await openForReading(db, clock, request, reply);
        if (!opened) return reply;
        const record =
          meetingId &&
          (await readMeeting(db, clock, actorFor(request), opened, meetingId, 'meeting'));
        if (!record) return sendProblem(request, reply, 404);
        return reply.page(
          view('meeting'),
          meetingPage({
            header: opened.header,
            record,
            canRecord: canRecordNow(opened),
            canAddToPlan: true,
          }),
        );
      },
    },
    {
      method: 'GET',
      url: '/cases/:caseId/meetings/:meetingId/edit',
      access,
      handler: async (request, reply) => {
        const found = await openMeetingForChange(request, reply);
        if (!found) return reply;
        const { opened, meetingId } = found;
        const record = await readMeeting(
          db,
          clock,
          actorFor(request),
          opened,
          meetingId,
          'meeting_edit',
        );
        if (!record) return sendProblem(request, reply, 404);
        return reply.page(
          view('form'),
          meetingFormPage({
            header: opened.header,
            today: today(),
            meetingId,
            values: meetingValues(record.meeting),
          }),
        );
      },
    },
    {
      method: 'POST',
      url: '/cases/:caseId/meetings/:meetingId',
      access,
      handler: async (request, reply) => {
        const found = await openMeetingForChange(request, reply);
        if (!found) return reply;
        const { opened, meetingId } = found;
        const form = readMeetingForm(request.body, today());
        if (!form.ok) {
          return reply.page(
            view('form'),
            meetingFormPage({ header: opened.header, today: today(), meetingId, ...form }),
            400,
          );
        }
        const result = await updateMeeting(db, clock, actorFor(request), {
          ...changeInput(request, opened, meetingId),
          version: form.version,
          meeting: form.data,
        });
        if (result.outcome !== 'saved') {
          return unchanged(request, reply, opened, result, meetingRows(form.data), meetingId);
        }
        return reply.redirect(meetingUrls.meeting(opened.header.id, meetingId), 303);
      },
    },
    {
      method: 'POST',
      url: '/cases/:caseId/meetings/:meetingId/attendees',
      access,
      handler: async (request, reply) => {
        const found = await openMeetingForChange(request, reply);
        if (!found) return reply;
        const { opened, meetingId } = found;
        const form = readAttendeeForm(request.body);
        if (!form.ok) return showMeetingAgain(request, reply, opened, meetingId, form);
        const result = await addAttendee(db, clock, actorFor(request), {
          ...changeInput(request, opened, meetingId),
          version: form.version,
          attendee: form.data,
        });
        if (result.outcome !== 'saved') {
          const tried = [summaryRow('Add attendee', `${form.data.name} (${form.data.agency})`)];
          return unchanged(request, reply, opened, result, tried, meetingId);
        }
        return reply.redirect(`${meetingUrls.meeting(opened.header.id, meetingId)}#attendees`, 303);
      },
    },
    {
      method: 'POST',
      url: '/cases/:caseId/meetings/:meetingId/attendees/:attendeeId/remove',
      access,
      handler: async (request, reply) => {
        const found = await openMeetingForChange(request, reply);
        if (!found) return reply;
        const { opened, meetingId } = found;
        const attendeeId = idParam(request, 'attendeeId');
        if (!attendeeId) return sendProblem(request, reply, 404);
        const result = await removeAttendee(db, clock, actorFor(request), {
          ...changeInput(request, opened, meetingId),
          version: versionOfBody(request.body),
          attendeeId,
        });
        if (result.outcome !== 'saved') {
          const tried = [summaryRow('Change', 'Remove an attendee')];
          return unchanged(request, reply, opened, result, tried, meetingId);
        }
        return reply.redirect(`${meetingUrls.meeting(opened.header.id, meetingId)}#attendees`, 303);
      },
    },
    {
      method: 'POST',
      url: '/cases/:caseId/meetings/:meetingId/actions',
      access,
      handler: async (request, reply) => {
        const found = await openMeetingForChange(request, reply);
        if (!found) return reply;
        const { opened, meetingId } = found;
        const form = readAgreedActionForm(request.body);
        if (!form.ok) return showMeetingAgain(request, reply, opened, meetingId, form);
        const result = await addAgreedAction(db, clock, actorFor(request), {
          ...changeInput(request, opened, meetingId),
          version: form.version,
          action: form.data,
        });
        if (result.outcome !== 'saved') {
          const tried = [
            summaryRow('Add action', form.data.description),
            summaryRow('Owner', form.data.owner),
          ];
          return unchanged(request, reply, opened, result, tried, meetingId);
        }
        return reply.redirect(`${meetingUrls.meeting(opened.header.id, meetingId)}#actions`, 303);
      },
    },
    {
      method: 'POST',
      url: '/cases/:caseId/meetings/:meetingId/actions/:actionId/remove',
      access,
      handler: async (request, reply) => {
        const found = await openMeetingForChange(request, reply);
        if (!found) return reply;
        const { opened, meetingId } = found;
        const actionId = idParam(request, 'actionId');
        if (!actionId) return sendProblem(request, reply, 404);
        const result = await removeAgreedAction(db, clock, actorFor(request), {
          ...changeInput(request, opened, meetingId),
          version: versionOfBody(request.body),
          actionId,
        });
        if (result.outcome !== 'saved') {
          const tried = [summaryRow('Change', 'Remove an agreed action')];
          return unchanged(request, reply, opened, result, tried, meetingId);
        }
        return reply.redirect(`${meetingUrls.meeting(opened.header.id, meetingId)}#actions`, 303);
      },
    },
    {
      method: 'GET',
      url: '/cases/:caseId/meetings/:meetingId/actions/:actionId/plan',
      access,
      handler: async (request, reply) => {
        const found = await openMeetingForChange(request, reply);
        if (!found) return reply;
        const { opened, meetingId } = found;
        const actionId = idParam(request, 'actionId');
        const read =
          actionId &&
          (await readAddToPlan(db, clock, actorFor(request), opened, meetingId, actionId));
        if (!actionId || !read) return sendProblem(request, reply, 404);
        return reply.page(
          view('add-to-plan'),
          addToPlanPage({ header: opened.header, ...read, actionId }),
        );
      },
    },
    {
      method: 'POST',
      url: '/cases/:caseId/meetings/:meetingId/actions/:actionId/plan',
      access,
      handler: async (request, reply) => {
        const found = await openMeetingForChange(request, reply);
        if (!found) return reply;
        const { opened, meetingId } = found;
        const actionId = idParam(request, 'actionId');
        if (!actionId) return sendProblem(request, reply, 404);
        const form = readAddToPlanForm(request.body);
        if (!form.ok) {
          const read = await readAddToPlan(
            db,
            clock,
            actorFor(request),
            opened,
            meetingId,
            actionId,
          );
          if (!read) return sendProblem(request, reply, 404);
          return reply.page(
            view('add-to-plan'),
            addToPlanPage({ header: opened.header, ...read, actionId, ...form }),
            400,
          );
        }
        const result = await addAgreedActionToPlan(db, clock, actorFor(request), {
          ...changeInput(request, opened, meetingId),
          version: form.version,
          actionId,
          plan: form.data,
        });
        if (result.outcome !== 'saved') {
          const tried = [summaryRow('Change', 'Add an agreed action to the plan')];
          return unchanged(request, reply, opened, result, tried, meetingId);
        }
        return reply.redirect(`${meetingUrls.meeting(opened.header.id, meetingId)}#actions`, 303);
      },
    },
  ];
}
