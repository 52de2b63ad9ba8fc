import { firstSubmission, recordSubmission } from '../../access/form-submissions.ts';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import type { ServiceType } from '../../domain/reference/plans.ts';
import { done, notFound, refused, stale, type Change } from '../../domain/result.ts';
import type { CaseHeader } from '../../access/case-context.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import { lockCaseForWork, moveCaseOn } from '../liaison/case-work.ts';
import { addPlanAction } from '../plans/actions.ts';
import type { NeedInput } from '../plans/service.ts';
import type { AgreedActionInput, AttendeeInput, MeetingInput } from './form.ts';
import { auditActor } from './read.ts';

/**
 * Changing meetings: recording one (against the case's version), and changes to one or its
 * parts (against the meeting's own version), each in one audited transaction.
 */

export type { Meeting, MeetingListItem, MeetingRecord } from './read.ts';
export { meetingOf, meetingsOf } from './read.ts';

export type MeetingChange = Change<{ meetingId: string }>;

/** Records a meeting, against the case version the form was opened on. */
export async function recordMeeting(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: {
    header: CaseHeader;
    userId: string;
    version: number;
    meeting: MeetingInput;
    formToken: string | null;
  },
): Promise<MeetingChange> {
  const { header, meeting } = input;
  const submission = {
    token: input.formToken,
    userId: input.userId,
    caseId: header.id,
    kind: 'meeting' as const,
  };
  return db.transaction().execute(async (trx) => {
    const blocked = await lockCaseForWork(trx, header.id, input.version);
    if (blocked) {
      // The same form sent again (the case row is locked now): answer as the first send did.
      const first = await firstSubmission(trx, submission);
      return first ? done({ meetingId: first }) : blocked;
    }
    await moveCaseOn(trx, header.id, input.version);
    const row = await trx
      .insertInto('meetings')
      .values({
        case_id: header.id,
        meeting_type: meeting.meetingType,
        held_on: meeting.heldOn,
        mappa_category: meeting.mappaCategory,
        mappa_level: meeting.mappaLevel,
        vss_contribution: meeting.vssContribution,
        recorded_by: input.userId,
        recorded_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, clock, auditActor(actor, header), {
      action: 'collection',
      subjectType: 'meeting',
      subjectId: row.id,
      personId: header.personId,
      detail: { caseId: header.id, meetingType: meeting.meetingType },
    });
    await recordSubmission(trx, clock, { ...submission, recordId: row.id });
    return done({ meetingId: row.id });
  });
}

/** A change to a meeting or one of its parts: its own version, and who makes it. */
export type ChangeInput = {
  header: CaseHeader;
  userId: string;
  meetingId: string;
  version: number;
};

/** What one change did, for its audit row; or the reason it was refused. */
type PartChange = (
  trx: Transaction<DB>,
) => Promise<{ subjectType: string; subjectId: string; detail: Record<string, string> } | string>;

/**
 * One change to a meeting or its parts: locks the case (work may be recorded now) and the
 * meeting, checks the meeting version the page was opened on, runs the change, moves the
 * meeting on one version and writes the audit row, all in one transaction.
 */
async function changeMeeting(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  spec: { input: ChangeInput; change: PartChange },
): Promise<MeetingChange> {
  const { input, change } = spec;
  const { header } = input;
  return db.transaction().execute(async (trx) => {
    const blocked = await lockCaseForWork(trx, header.id, null);
    if (blocked) return blocked;
    const locked = await trx
      .selectFrom('meetings')
      .select('version')
      .where('id', '=', input.meetingId)
      .where('case_id', '=', header.id)
      .forUpdate()
      .executeTakeFirst();
    if (!locked) return notFound;
    if (locked.version !== input.version) return stale;
    const changed = await change(trx);
    if (typeof changed === 'string') return refused(changed);
    await trx
      .updateTable('meetings')
      .set({ version: input.version + 1, updated_by: input.userId, updated_at: clock.now() })
      .where('id', '=', input.meetingId)
      .execute();
    await recordAudit(trx, clock, auditActor(actor, header), {
      action: 'alteration',
      subjectType: changed.subjectType,
      subjectId: changed.subjectId,
      personId: header.personId,
      detail: { caseId: header.id, meetingId: input.meetingId, ...changed.detail },
    });
    return done({ meetingId: input.meetingId });
  });
}

export const updateMeeting = (
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: ChangeInput & { meeting: MeetingInput },
) =>
  changeMeeting(db, clock, actor, {
    input,
    change: async (trx) => {
      const { meeting } = input;
      await trx
        .updateTable('meetings')
        .set({
          meeting_type: meeting.meetingType,
          held_on: meeting.heldOn,
          mappa_category: meeting.mappaCategory,
          mappa_level: meeting.mappaLevel,
          vss_contribution: meeting.vssContribution,
        })
        .where('id', '=', input.meetingId)
        .execute();
      return {
        subjectType: 'meeting',
        subjectId: input.meetingId,
        detail: { change: 'details', meetingType: meeting.meetingType },
      };
    },
  });

export const addAttendee = (
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: ChangeInput & { attendee: AttendeeInput },
) =>
  changeMeeting(db, clock, actor, {
    input,
    change: async (trx) => {
      const row = await trx
        .insertInto('meeting_attendees')
        .values({
          meeting_id: input.meetingId,
          name: input.attendee.name,
          agency: input.attendee.agency,
          added_by: input.userId,
          added_at: clock.now(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { subjectType: 'meeting_attendee', subjectId: row.id, detail: { change: 'added' } };
    },
  });

export const removeAttendee = (
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: ChangeInput & { attendeeId: string },
) =>
  changeMeeting(db, clock, actor, {
    input,
    change: async (trx) => {
      const removed = await trx
        .deleteFrom('meeting_attendees')
        .where('id', '=', input.attendeeId)
        .where('meeting_id', '=', input.meetingId)
        .executeTakeFirst();
      if (Number(removed.numDeletedRows) !== 1) return 'This attendee is no longer on the meeting.';
      return {
        subjectType: 'meeting_attendee',
        subjectId: input.attendeeId,
        detail: { change: 'removed' },
      };
    },
  });

export const addAgreedAction = (
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: ChangeInput & { action: AgreedActionInput },
) =>
  changeMeeting(db, clock, actor, {
    input,
    change: async (trx) => {
      const row = await trx
        .insertInto('meeting_actions')
        .values({
          meeting_id: input.meetingId,
          description: input.action.description,
          owner: input.action.owner,
          due_on: input.action.dueOn,
          added_by: input.userId,
          added_at: clock.now(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { subjectType: 'meeting_action', subjectId: row.id, detail: { change: 'added' } };
    },
  });

export const ACTION_IN_PLAN =
  'This action is in the intervention plan. Change it there; it cannot be removed from the meeting.';

export const removeAgreedAction = (
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: ChangeInput & { actionId: string },
) =>
  changeMeeting(db, clock, actor, {
    input,
    change: async (trx) => {
      const action = await trx
        .selectFrom('meeting_actions')
        .select('plan_action_id')
        .where('id', '=', input.actionId)
        .where('meeting_id', '=', input.meetingId)
        .executeTakeFirst();
      if (!action) return 'This action is no longer on the meeting.';
      if (action.plan_action_id) return ACTION_IN_PLAN;
      await trx.deleteFrom('meeting_actions').where('id', '=', input.actionId).execute();
      return {
        subjectType: 'meeting_action',
        subjectId: input.actionId,
        detail: { change: 'removed' },
      };
    },
  });

export const ALREADY_IN_PLAN = 'This action is already in the intervention plan.';

/**
 * An agreed action becomes an action of the case's intervention plan (addPlanAction of the
 * plans capability), in the same transaction as the meeting's version check: the meeting
 * action keeps the plan action's id, so it shows "In the plan" and is not added twice. The
 * plan's own rules (case open, consent allows engagement, a plan started) refuse with their
 * reason, and nothing is written.
 */
export const addAgreedActionToPlan = (
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: ChangeInput & {
    actionId: string;
    plan: { need: { id: string } | NeedInput; serviceType: ServiceType; agency: string };
  },
) =>
  changeMeeting(db, clock, actor, {
    input,
    change: async (trx) => {
      const action = await trx
        .selectFrom('meeting_actions')
        .select(['description', 'owner', 'due_on', 'plan_action_id'])
        .where('id', '=', input.actionId)
        .where('meeting_id', '=', input.meetingId)
        .executeTakeFirst();
      if (!action) return 'This action is no longer on the meeting.';
      if (action.plan_action_id) return ALREADY_IN_PLAN;
      const added = await addPlanAction(
        { trx, clock },
        {
          actor: auditActor(actor, input.header),
          caseId: input.header.id,
          action: {
            description: action.description,
            owner: action.owner,
            dueDate: action.due_on,
            serviceType: input.plan.serviceType,
            agency: input.plan.agency,
            need: input.plan.need,
            source: 'meeting',
          },
        },
      );
      if (!added.ok) return added.reason;
      await trx
        .updateTable('meeting_actions')
        .set({ plan_action_id: added.actionId })
        .where('id', '=', input.actionId)
        .execute();
      return {
        subjectType: 'meeting_action',
        subjectId: input.actionId,
        detail: { change: 'added_to_plan', planActionId: added.actionId },
      };
    },
  });
