import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { ukToday } from '../../domain/dates.ts';
import { kindsOf, rectificationRefusal, type RecordKind } from '../../domain/rectification.ts';
import { sendUnchanged, summaryRow } from '../../web/conflict.ts';
import { sendProblem } from '../../web/errors.ts';
import { uuid } from '../../web/ids.ts';
import { noticeQuery, savedNotice, withNotice } from '../../web/notices.ts';
import { caseRoute, type CaseRouteContext, type RouteDeclaration } from '../../web/routes.ts';
import { recordAudit } from '../audit/record.ts';
import { readRectificationForm } from './form.ts';
import { rectifyFormPage, rectifyUrl } from './presenter.ts';
import { recordToRectify, rectificationsOf, rectifyRecord } from './service.ts';

const formBody = z.looseObject({ _csrf: z.string().optional() });
const view = 'features/rectification/views/rectify.njk';
const NOTICES = { rectified: 'Correction request answered' } as const;

type Params = { caseId: string; recordId: string; kind?: string };
type Ctx = CaseRouteContext<Params, unknown, unknown>;

/** One set of routes: the record's address, the kinds it serves, what reading them needs. */
interface Side {
  url: string;
  params: z.ZodType<Params>;
  permission: 'case.work' | 'police_record.rectify';
  needs: 'readHealth' | 'readPolice';
  kindOf: (params: Params) => RecordKind;
}

const nonNoteHealth = kindsOf('health').filter((k) => k !== 'note') as [
  RecordKind,
  ...RecordKind[],
];
const police = kindsOf('police') as [RecordKind, ...RecordKind[]];

const SIDES: Side[] = [
  {
    url: '/cases/:caseId/notes/:recordId/rectify',
    params: z.object({ caseId: uuid, recordId: uuid }),
    permission: 'case.work',
    needs: 'readHealth',
    kindOf: () => 'note',
  },
  {
    url: '/cases/:caseId/rectify/:kind/:recordId',
    params: z.object({ caseId: uuid, kind: z.enum(nonNoteHealth), recordId: uuid }),
    permission: 'case.work',
    needs: 'readHealth',
    kindOf: (p) => p.kind as RecordKind,
  },
  {
    url: '/requests/:caseId/rectify/:kind/:recordId',
    params: z.object({ caseId: uuid, kind: z.enum(police), recordId: uuid }),
    permission: 'police_record.rectify',
    needs: 'readPolice',
    kindOf: (p) => p.kind as RecordKind,
  },
];

/**
 * Rectification of records (issue 15): the author or the lead of the record's side answers a
 * correction request. Reading the record's compartment is needed (the access core decides);
 * whether this viewer may answer is the domain rule: others who read the record see its
 * correction requests and annotations here without the form, and a POST from them is a 404.
 * (A note shows its correction requests on its own page: its form is for those who answer.)
 * Health records and police content have routes of their own, each needing its compartment.
 */
export function rectificationRoutes({
  db,
  clock,
}: {
  db: Kysely<DB>;
  clock: Clock;
}): RouteDeclaration[] {
  const today = () => ukToday(clock.now());

  /** The record, and whether this viewer may answer a correction request on it. */
  async function recordFor(ctx: Ctx, kind: RecordKind) {
    const record = await recordToRectify(db, kind, ctx.case.header.id, ctx.params.recordId);
    if (!record) return null;
    const refusal = rectificationRefusal({
      kind,
      userId: ctx.principal.userId,
      authorId: record.authorId,
      hubLead: ctx.case.hubLead,
      policeLead: ctx.case.can.supervise,
    });
    return { record, canAnswer: refusal === null };
  }

  return SIDES.flatMap((side) => [
    caseRoute({
      method: 'GET',
      url: side.url,
      permission: side.permission,
      needs: side.needs,
      params: side.params,
      query: noticeQuery,
      handler: async (ctx) => {
        const kind = side.kindOf(ctx.params);
        const found = await recordFor(ctx, kind);
        // A note's correction requests are shown on its own page: this one is the form only.
        if (!found || (kind === 'note' && !found.canAnswer)) {
          return sendProblem(ctx.request, ctx.reply, 404);
        }
        const { record, canAnswer } = found;
        const { header } = ctx.case;
        await recordAudit(
          db,
          clock,
          { ...ctx.actor, hubId: header.hubId },
          {
            action: 'consultation',
            subjectType: kind === 'note' ? 'case_note' : kind,
            subjectId: record.id,
            personId: header.personId,
            detail: { page: `${kind}_rectify` },
          },
        );
        return ctx.reply.page(view, {
          ...rectifyFormPage({
            kind,
            header,
            today: today(),
            record,
            canAnswer,
            rectifications: kind === 'note' ? [] : await rectificationsOf(db, kind, record.id),
          }),
          savedNotice: savedNotice(NOTICES, ctx.query.done),
        });
      },
    }),
    caseRoute({
      method: 'POST',
      url: side.url,
      permission: side.permission,
      needs: side.needs,
      params: side.params,
      body: formBody,
      handler: async (ctx) => {
        const kind = side.kindOf(ctx.params);
        const found = await recordFor(ctx, kind);
        if (!found?.canAnswer) return sendProblem(ctx.request, ctx.reply, 404);
        const { record } = found;
        const { header } = ctx.case;
        const form = readRectificationForm(ctx.body, today(), kind);
        if (!form.ok) {
          const rectifications = kind === 'note' ? [] : await rectificationsOf(db, kind, record.id);
          return ctx.reply.page(
            view,
            rectifyFormPage({
              kind,
              header,
              today: today(),
              record,
              canAnswer: true,
              rectifications,
              ...form,
            }),
            400,
          );
        }
        const change = await rectifyRecord(db, clock, ctx.actor, {
          kind,
          header,
          userId: ctx.principal.userId,
          hubLead: ctx.case.hubLead,
          policeLead: ctx.case.can.supervise,
          recordId: record.id,
          version: form.version,
          answer: form.input,
        });
        if (change.kind === 'not_found') return sendProblem(ctx.request, ctx.reply, 404);
        if (change.kind !== 'done') {
          return sendUnchanged(ctx.reply, {
            change,
            caseId: header.id,
            reference: header.reference,
            tried: [summaryRow('Correction request', form.input.request)],
            retryHref: rectifyUrl(header.id, record.id, kind),
          });
        }
        const next =
          kind === 'note'
            ? `/cases/${header.id}/notes/${record.id}`
            : rectifyUrl(header.id, record.id, kind);
        return ctx.reply.redirect(withNotice(next, 'rectified'), 303);
      },
    }),
  ]);
}
