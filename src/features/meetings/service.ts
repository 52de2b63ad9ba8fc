import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import type { OpenedCase } from '../../access/case-context.ts';
import { lockCaseForWork, moveCaseOn, type WorkRefused } from '../liaison/case-work.ts';
import type { ServiceType } from '../../domain/reference/plans.ts';
import { currentPlan, type PlanVersion } from '../plans/read.ts';
import { addPlanAction } from '../plans/actions.ts';
import type { NeedInput } from '../plans/service.ts';
import type { AgreedActionInput, AttendeeInput, MeetingInput } from './form.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export interface Attendee extends AttendeeInput {
  id: string;
}

export interface AgreedAction extends AgreedActionInput {
  id: string;
  planActionId: string | null;
}

/** A multi-agency meeting as the hub's clinicians read it (health compartment). */
export interface Meeting extends MeetingInput {
  id: string;
  recordedBy: string;
  recordedAt: Date;
  updatedBy: string | null;
  updatedAt: Date | null;
  version: number;
}

export interface MeetingRecord {
  meeting: Meeting;
  attendees: Attendee[];
  actions: AgreedAction[];
}

export interface MeetingListItem extends Meeting {
  attendeeCount: number;
  actionCount: number;
}

function meetingsQuery(db: Executor) {
  return db
    .selectFrom('meetings')
    .innerJoin('users as recorder', 'recorder.id', 'meetings.recorded_by')
    .leftJoin('users as updater', 'updater.id', 'meetings.updated_by')
    .select([
      'meetings.id',
      'meetings.meeting_type',
      'meetings.held_on',
      'meetings.mappa_category',
      'meetings.mappa_level',
      'meetings.vss_contribution',
      'meetings.recorded_at',
      'meetings.updated_at',
      'meetings.version',
      'recorder.name as recorded_by',
      'updater.name as updated_by',
    ])
    .select((eb) => [
      eb
        .selectFrom('meeting_attendees')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('meeting_attendees.meeting_id', '=', 'meetings.id')
        .as('attendee_count'),
      eb
        .selectFrom('meeting_actions')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('meeting_actions.meeting_id', '=', 'meetings.id')
        .as('action_count'),
    ]);
}

type MeetingRow = Awaited<ReturnType<ReturnType<typeof meetingsQuery>['execute']>>[number];

const toMeeting = (r: MeetingRow): MeetingListItem => ({
  id: r.id,
  meetingType: r.meeting_type,
  heldOn: r.held_on,
  mappaCategory: r.mappa_category,
  mappaLevel: r.mappa_level,
  vssContribution: r.vss_contribution,
  recordedBy: r.recorded_by,
  recordedAt: r.recorded_at,
  updatedBy: r.updated_by,
  updatedAt: r.updated_at,
  version: r.version,
  attendeeCount: Number(r.attendee_count ?? 0),
  actionCount: Number(r.action_count ?? 0),
});

/** The meetings of a case, most recent first. */
export async function meetingsOf(db: Executor, caseId: string): Promise<MeetingListItem[]> {
  const rows = await meetingsQuery(db)
    .where('meetings.case_id', '=', caseId)
    .orderBy('meetings.held_on', 'desc')
    .orderBy('meetings.recorded_at', 'desc')
    .execute();
  return rows.map(toMeeting);
}

/** One meeting of the case with its attendees and agreed actions, or null. */
export async function meetingOf(
  db: Executor,
  caseId: string,
  meetingId: string,
): Promise<MeetingRecord | null> {
  const row = await meetingsQuery(db)
    .where('meetings.case_id', '=', caseId)
    .where('meetings.id', '=', meetingId)
    .executeTakeFirst();
  if (!row) return null;
  const attendees = await db
    .selectFrom('meeting_attendees')
    .select(['id', 'name', 'agency'])
    .where('meeting_id', '=', meetingId)
    .orderBy('added_at')
    .orderBy('id')
    .execute();
  const actions = await db
    .selectFrom('meeting_actions')
    .select(['id', 'description', 'owner', 'due_on', 'plan_action_id'])
    .where('meeting_id', '=', meetingId)
    .orderBy('added_at')
    .orderBy('id')
    .execute();
  return {
    meeting: toMeeting(row),
    attendees,
    actions: actions.map((a) => ({
      id: a.id,
      description: a.description,
      owner: a.owner,
      dueOn: a.due_on,
      planActionId: a.plan_action_id,
    })),
  };
}

const auditActor = (actor: AuditActor, opened: OpenedCase): AuditActor => ({
  ...actor,
  hubId: opened.header.hubId,
});

/** The meetings of the case; audited. */
export async function readMeetings(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  opened: OpenedCase,
): Promise<MeetingListItem[]> {
  return db.transaction().execute(async (trx) => {
    const meetings = await meetingsOf(trx, opened.header.id);
    await recordAudit(trx, clock, auditActor(actor, opened), {
      action: 'consultation',
      subjectType: 'meetings',
      subjectId: opened.header.id,
      personId: opened.header.personId,
      detail: { count: meetings.length },
    });
    return meetings;
  });
}

/** One meeting (its page, or its change form); audited. */
export async function readMeeting(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  opened: OpenedCase,
  meetingId: string,
  page: 'meeting' | 'meeting_edit',
): Promise<MeetingRecord | null> {
  return db.transaction().execute(async (trx) => {
    const record = await meetingOf(trx, opened.header.id, meetingId);
    if (!record) return null;
    await recordAudit(trx, clock, auditActor(actor, opened), {
      action: 'consultation',
      subjectType: 'meeting',
      subjectId: meetingId,
      personId: opened.header.personId,
      detail: { caseId: opened.header.id, page },
    });
    return record;
  });
}

/** The audit row of opening the form for a new meeting. */
export async function readNewMeetingForm(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  opened: OpenedCase,
): Promise<void> {
  await recordAudit(db, clock, auditActor(actor, opened), {
    action: 'consultation',
    subjectType: 'case',
    subjectId: opened.header.id,
    personId: opened.header.personId,
    detail: { page: 'meeting_new' },
  });
}

export type MeetingChange =
  | { outcome: 'saved'; meetingId: string }
  | WorkRefused
  | { outcome: 'stale_meeting'; current: MeetingRecord }
  | { outcome: 'not_found' }
  | { outcome: 'refused'; message: string };

/** Records a meeting, against the case version the form was opened on. */
export async function recordMeeting(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: { opened: OpenedCase; userId: string; version: number; meeting: MeetingInput },
): Promise<MeetingChange> {
  const { opened, meeting } = input;
  return db.transaction().execute(async (trx) => {
    const refused = await lockCaseForWork(trx, opened.header.id, input.version);
    if (refused) return refused;
    await moveCaseOn(trx, opened.header.id, input.version);
    const row = await trx
      .insertInto('meetings')
      .values({
        case_id: opened.header.id,
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
    await recordAudit(trx, clock, auditActor(actor, opened), {
      action: 'collection',
      subjectType: 'meeting',
      subjectId: row.id,
      personId: opened.header.personId,
      detail: { caseId: opened.header.id, meetingType: meeting.meetingType },
    });
    return { outcome: 'saved', meetingId: row.id };
  });
}

/**
 * One change to a meeting or its parts: locks the case (work may be recorded now) and the
 * meeting, checks the meeting version the page was opened on, runs the change, moves the
 * meeting on one version and writes the audit row, all in one transaction.
 */
async function changeMeeting(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: { opened: OpenedCase; userId: string; meetingId: string; version: number },
  change: (
    trx: Transaction<DB>,
  ) => Promise<{ subjectType: string; subjectId: string; detail: Record<string, string> } | string>,
): Promise<MeetingChange> {
  const { opened } = input;
  return db.transaction().execute(async (trx) => {
    const refused = await lockCaseForWork(trx, opened.header.id, null);
    if (refused) return refused;
    const locked = await trx
      .selectFrom('meetings')
      .select('version')
      .where('id', '=', input.meetingId)
      .where('case_id', '=', opened.header.id)
      .forUpdate()
      .executeTakeFirst();
    if (!locked) return { outcome: 'not_found' };
    if (locked.version !== input.version) {
      return {
        outcome: 'stale_meeting',
        current: (await meetingOf(trx, opened.header.id, input.meetingId))!,
      };
    }
    const done = await change(trx);
    if (typeof done === 'string') return { outcome: 'refused', message: done };
    await trx
      .updateTable('meetings')
      .set({ version: input.version + 1, updated_by: input.userId, updated_at: clock.now() })
      .where('id', '=', input.meetingId)
      .execute();
    await recordAudit(trx, clock, auditActor(actor, opened), {
      action: 'alteration',
      subjectType: done.subjectType,
      subjectId: done.subjectId,
      personId: opened.header.personId,
      detail: { caseId: opened.header.id, meetingId: input.meetingId, ...done.detail },
    });
    return { outcome: 'saved', meetingId: input.meetingId };
  });
}

type ChangeInput = { opened: OpenedCase; userId: string; meetingId: string; version: number };

export const updateMeeting = (
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: ChangeInput & { meeting: MeetingInput },
) =>
  changeMeeting(db, clock, actor, input, async (trx) => {
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
  });

export const addAttendee = (
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: ChangeInput & { attendee: AttendeeInput },
) =>
  changeMeeting(db, clock, actor, input, async (trx) => {
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
  });

export const removeAttendee = (
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: ChangeInput & { attendeeId: string },
) =>
  changeMeeting(db, clock, actor, input, async (trx) => {
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
  });

export const addAgreedAction = (
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: ChangeInput & { action: AgreedActionInput },
) =>
  changeMeeting(db, clock, actor, input, async (trx) => {
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
  });

export const ACTION_IN_PLAN =
  'This action is in the intervention plan. Change it there; it cannot be removed from the meeting.';

export const removeAgreedAction = (
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: ChangeInput & { actionId: string },
) =>
  changeMeeting(db, clock, actor, input, async (trx) => {
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
  changeMeeting(db, clock, actor, input, async (trx) => {
    const action = await trx
      .selectFrom('meeting_actions')
      .select(['description', 'owner', 'due_on', 'plan_action_id'])
      .where('id', '=', input.actionId)
      .where('meeting_id', '=', input.meetingId)
      .executeTakeFirst();
    if (!action) return 'This action is no longer on the meeting.';
    if (action.plan_action_id) return ALREADY_IN_PLAN;
    const added = await addPlanAction(
      trx,
      clock,
      auditActor(actor, input.opened),
      input.opened.header.id,
      {
        description: action.description,
        owner: action.owner,
        dueDate: action.due_on,
        serviceType: input.plan.serviceType,
        agency: input.plan.agency,
        need: input.plan.need,
        source: 'meeting',
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
  });

/** The "Add to plan" page: the meeting, and the current plan's needs to choose from; audited. */
export async function readAddToPlan(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  opened: OpenedCase,
  meetingId: string,
  actionId: string,
): Promise<{ record: MeetingRecord; plan: PlanVersion | null } | null> {
  return db.transaction().execute(async (trx) => {
    const record = await meetingOf(trx, opened.header.id, meetingId);
    if (!record || !record.actions.some((a) => a.id === actionId)) return null;
    const plan = await currentPlan(trx, opened.header.id);
    await recordAudit(trx, clock, auditActor(actor, opened), {
      action: 'consultation',
      subjectType: 'meeting_action',
      subjectId: actionId,
      personId: opened.header.personId,
      detail: { caseId: opened.header.id, meetingId, page: 'add_to_plan' },
    });
    return { record, plan };
  });
}
