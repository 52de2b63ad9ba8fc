import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { STATE_LABELS } from '../../domain/case-state.ts';
import { summaryRow, type SummaryRow } from '../../web/conflict.ts';
import { sendProblem } from '../../web/errors.ts';
import type { FormState } from '../../web/form-page.ts';
import { uuid } from '../../web/ids.ts';
import type { CaseRouteContext } from '../../web/routes.ts';
import { canRecordNow } from '../liaison/case-work.ts';
import { meetingPage, meetingRows } from './presenter.ts';
import { meetingOf } from './read.ts';

/** What the meeting routes share: their schemas, the meeting page, the conflict page's "now". */

export const permission = 'case.work' as const;
export const view = (name: string) => `features/meetings/views/${name}.njk`;
export const formBody = z.looseObject({ _csrf: z.string().optional() });
export const caseParams = z.object({ caseId: uuid });
export const meetingParams = z.object({ caseId: uuid, meetingId: uuid });
export const attendeeParams = z.object({ caseId: uuid, meetingId: uuid, attendeeId: uuid });
export const actionParams = z.object({ caseId: uuid, meetingId: uuid, actionId: uuid });

export type Ctx = CaseRouteContext<unknown, unknown, unknown>;
export type Values = Record<string, string>;

/** The case's status now, for the conflict page. */
export async function caseNow(db: Kysely<DB>, caseId: string): Promise<SummaryRow[]> {
  const row = await db
    .selectFrom('cases')
    .select('status')
    .where('id', '=', caseId)
    .executeTakeFirstOrThrow();
  return [summaryRow('Status', STATE_LABELS[row.status].text)];
}

/** The case's status and the meeting as they are now, for the conflict page. */
export async function meetingNow(
  db: Kysely<DB>,
  ids: { caseId: string; meetingId: string },
): Promise<SummaryRow[]> {
  const status = await caseNow(db, ids.caseId);
  const current = await meetingOf(db, ids.caseId, ids.meetingId);
  if (!current) return status;
  return [
    ...status,
    ...meetingRows(current.meeting),
    summaryRow(
      'Attendees',
      current.attendees.map((a) => `${a.name} (${a.agency})`).join(', ') || 'None',
    ),
    summaryRow('Agreed actions', current.actions.map((a) => a.description).join('; ') || 'None'),
  ];
}

/**
 * The meeting page: as stored (200), again with a form's errors (400), or with the reason a
 * change was refused (409).
 */
export async function showMeeting(
  db: Kysely<DB>,
  ctx: Ctx,
  page: { meetingId: string; form?: FormState<Values>; refusal?: string },
) {
  const record = await meetingOf(db, ctx.case.header.id, page.meetingId);
  if (!record) return sendProblem(ctx.request, ctx.reply, 404);
  const status = page.refusal ? 409 : page.form?.errors ? 400 : 200;
  return ctx.reply.page(
    view('meeting'),
    meetingPage({
      header: ctx.case.header,
      record,
      canRecord: canRecordNow(ctx.case),
      canAddToPlan: true,
      ...page.form,
      ...(page.refusal ? { refusal: page.refusal } : {}),
    }),
    status,
  );
}
