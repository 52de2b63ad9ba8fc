import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import type { CaseHeader } from '../../access/case-context.ts';
import { currentPlan, type PlanVersion } from '../plans/read.ts';
import type { AgreedActionInput, AttendeeInput, MeetingInput } from './form.ts';

/** Reading meetings: the records of a case, and the audited reads of their pages. */

export type Executor = Kysely<DB> | Transaction<DB>;

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

export const auditActor = (actor: AuditActor, header: CaseHeader): AuditActor => ({
  ...actor,
  hubId: header.hubId,
});

/** The meetings of the case; audited. */
export async function readMeetings(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  header: CaseHeader,
): Promise<MeetingListItem[]> {
  return db.transaction().execute(async (trx) => {
    const meetings = await meetingsOf(trx, header.id);
    await recordAudit(trx, clock, auditActor(actor, header), {
      action: 'consultation',
      subjectType: 'meetings',
      subjectId: header.id,
      personId: header.personId,
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
  input: { header: CaseHeader; meetingId: string; page: 'meeting' | 'meeting_edit' },
): Promise<MeetingRecord | null> {
  const { header, meetingId } = input;
  return db.transaction().execute(async (trx) => {
    const record = await meetingOf(trx, header.id, meetingId);
    if (!record) return null;
    await recordAudit(trx, clock, auditActor(actor, header), {
      action: 'consultation',
      subjectType: 'meeting',
      subjectId: meetingId,
      personId: header.personId,
      detail: { caseId: header.id, page: input.page },
    });
    return record;
  });
}

/** The audit row of opening the form for a new meeting. */
export async function readNewMeetingForm(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  header: CaseHeader,
): Promise<void> {
  await recordAudit(db, clock, auditActor(actor, header), {
    action: 'consultation',
    subjectType: 'case',
    subjectId: header.id,
    personId: header.personId,
    detail: { page: 'meeting_new' },
  });
}

/** The "Add to plan" page: the meeting, and the current plan's needs to choose from; audited. */
export async function readAddToPlan(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: { header: CaseHeader; meetingId: string; actionId: string },
): Promise<{ record: MeetingRecord; plan: PlanVersion | null } | null> {
  const { header, meetingId, actionId } = input;
  return db.transaction().execute(async (trx) => {
    const record = await meetingOf(trx, header.id, meetingId);
    if (!record || !record.actions.some((a) => a.id === actionId)) return null;
    const plan = await currentPlan(trx, header.id);
    await recordAudit(trx, clock, auditActor(actor, header), {
      action: 'consultation',
      subjectType: 'meeting_action',
      subjectId: actionId,
      personId: header.personId,
      detail: { caseId: header.id, meetingId, page: 'add_to_plan' },
    });
    return { record, plan };
  });
}
